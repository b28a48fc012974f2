package io.iomt.sdk.fitbit;

/**
 * The HTTP client library that the Google Health clients ({@link GoogleHealthWearable},
 * {@link GoogleOAuth}) send their requests through, chosen with
 * {@link GoogleHealthConfig.Builder#httpStack}.
 *
 * <p>Both stacks send the same requests and read the same responses: gzip bodies, no redirects
 * followed, the configuration's timeouts, and one DEBUG line per request on the logger
 * {@link RedactingHttpLogger#LOGGER_NAME} with the query string left out.
 */
public enum HttpStack {

    /**
     * OkHttp, the default: HTTP/2, a shared connection pool, and the caller's own
     * {@code OkHttpClient} if {@link GoogleHealthConfig.Builder#httpClient} was given. Use it in
     * long-running services.
     */
    OKHTTP,

    /**
     * The JDK's {@link java.net.HttpURLConnection}: HTTP/1.1 with the JDK's keep-alive cache. It
     * loads no classes beyond the JDK's, which shortens the first request of a fresh JVM by tens of
     * milliseconds. Use it in short-lived JVMs such as AWS Lambda functions, where the AWS SDK's
     * URL-connection client has often loaded those JDK classes already.
     *
     * <p>HTTPS goes through the JVM's default SSL context, set by the {@code javax.net.ssl}
     * system properties at JVM start or by {@link javax.net.ssl.HttpsURLConnection#setDefaultSSLSocketFactory}.
     * For a trust store of this client's own, use {@link #OKHTTP} with an {@code OkHttpClient}.
     *
     * <p>The JDK resends a request ({@code GET}, or the token endpoint's {@code POST}) once by
     * itself when the connection is reset before the response head arrives. OkHttp does so only
     * on a pooled connection that went stale. That resend is neither taken from the request budget
     * nor reported to {@link GoogleHealthListener#onRetry}.
     */
    URL_CONNECTION
}
