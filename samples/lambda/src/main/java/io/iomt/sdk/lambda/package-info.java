/**
 * AWS Lambda handlers that run the IoMT pipeline serverless: a scheduled fan-out that queues one
 * sync per due connection, an SQS worker that syncs and scores one connection per message, an HTTP
 * API for OAuth consent and for reading heart rate, steps and stress, and a Google Health webhook
 * receiver. Configuration comes from environment variables only ({@link io.iomt.sdk.lambda.LambdaConfig});
 * AWS and HTTP clients are created once per container and reused across invocations.
 */
@NullMarked
package io.iomt.sdk.lambda;

import org.jspecify.annotations.NullMarked;
