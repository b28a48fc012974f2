/**
 * The Google Health API v4 client, which reads Fitbit data since the legacy Fitbit Web API was
 * switched off: Google OAuth with PKCE ({@link io.iomt.sdk.fitbit.GoogleOAuth}), the
 * {@link io.iomt.sdk.Wearable} that pages through {@code dataPoints.list}
 * ({@link io.iomt.sdk.fitbit.GoogleHealthWearable}), its settings
 * ({@link io.iomt.sdk.fitbit.GoogleHealthConfig}), the streaming page parser
 * ({@link io.iomt.sdk.fitbit.DataPointsPageParser}), the per-user
 * {@link io.iomt.sdk.fitbit.RequestLimiter} and the {@link io.iomt.sdk.fitbit.GoogleHealthException}
 * family.
 *
 * <p>Connecting a subject and syncing, as a host or a command-line tool does it. The same code runs
 * against the testkit simulator after {@code .allEndpointsAt("http://127.0.0.1:PORT/")} on the
 * builder, which points the API, authorization, token and revocation URLs at one server:
 *
 * <pre>{@code
 * GoogleHealthConfig config = GoogleHealthConfig.builder()
 *         .clientId("my-client-id")
 *         .clientSecret("my-client-secret")
 *         .redirectUri("https://app.example/oauth/callback")
 *         .build();
 * try (GoogleHealthWearable wearable = GoogleHealthWearable.create(config)) {
 *     // 1. Send the user to the consent page; keep the request until the callback arrives.
 *     AuthorizationRequest authorization = wearable.oauth().authorizationRequest();
 *     URI consentPage = authorization.url();
 *
 *     // 2. The browser returns to the redirect URI; validate it and exchange the code.
 *     TokenPair tokens = wearable.oauth().completeAuthorization(authorization, callbackUri);
 *     GoogleHealthIdentity identity = wearable.identity(tokens.accessToken());
 *
 *     // 3. Store the connection and sync through the pipeline.
 *     MonitoringPipeline pipeline = MonitoringPipeline.builder()
 *             .wearable(wearable)
 *             .tokenStore(new InMemoryTokenStore())
 *             .sampleStore(new InMemorySampleStore())
 *             .requestBudget(wearable.requestBudget())
 *             .build();
 *     pipeline.connect(subject, ProviderId.GOOGLE_HEALTH, identity.healthUserId(), tokens);
 *     SyncReport report = pipeline.sync(subject, range);
 * }
 * }</pre>
 *
 * <p>Every parameter and return value in this package is non-null unless marked
 * {@code @Nullable}. Types under {@code io.iomt.sdk.fitbit.internal} are not part of the API.
 */
@NullMarked
package io.iomt.sdk.fitbit;

import org.jspecify.annotations.NullMarked;
