package io.iomt.sdk.fitbit.internal;

import io.iomt.sdk.fitbit.GoogleHealthConfig;
import io.iomt.sdk.fitbit.RedactingHttpLogger;
import okhttp3.OkHttpClient;

/** Creates and closes the default HTTP client of a Google Health client. */
public final class HttpClients {

    private HttpClients() {
    }

    /**
     * Returns a new client with the configuration's timeouts and a request logger that never logs
     * query strings, bodies or credential headers; the caller closes it with {@link #close}.
     */
    public static OkHttpClient createDefault(GoogleHealthConfig config) {
        return new OkHttpClient.Builder()
                .connectTimeout(config.connectTimeout())
                .readTimeout(config.readTimeout())
                .followRedirects(false)
                .addInterceptor(RedactingHttpLogger.create())
                .build();
    }

    /** Releases the threads and pooled connections of a client this module created. */
    public static void close(OkHttpClient client) {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
