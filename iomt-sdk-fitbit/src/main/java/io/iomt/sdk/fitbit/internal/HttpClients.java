package io.iomt.sdk.fitbit.internal;

import io.iomt.sdk.fitbit.GoogleHealthConfig;
import io.iomt.sdk.fitbit.HttpStack;

/**
 * Creates the transport of a Google Health client. This class names no OkHttp type, so that the
 * URL-connection branch loads no OkHttp class, not even for bytecode verification.
 */
public final class HttpClients {

    private HttpClients() {
    }

    /** Returns the transport of the configuration's {@link HttpStack}; the caller closes it. */
    public static HttpTransport transport(GoogleHealthConfig config) {
        if (config.httpStack() == HttpStack.URL_CONNECTION) {
            return new UrlConnectionTransport(config.connectTimeout(), config.readTimeout());
        }
        return OkHttpTransport.of(config);
    }
}
