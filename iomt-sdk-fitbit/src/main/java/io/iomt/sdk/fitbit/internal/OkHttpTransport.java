package io.iomt.sdk.fitbit.internal;

import io.iomt.sdk.fitbit.GoogleHealthConfig;
import io.iomt.sdk.fitbit.RedactingHttpLogger;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;

/**
 * Sends through an {@link OkHttpClient}: the caller's, which it never closes, or a default one it
 * creates with the configuration's timeouts and a {@link RedactingHttpLogger}. OkHttp requests gzip
 * and decodes it itself. Thread-safe.
 */
public final class OkHttpTransport implements HttpTransport {

    private static final MediaType FORM = MediaType.get(Form.CONTENT_TYPE);

    private final OkHttpClient client;
    private final boolean owned;

    private OkHttpTransport(OkHttpClient client, boolean owned) {
        this.client = client;
        this.owned = owned;
    }

    /** Returns a transport over the configuration's OkHttp client, or over a new default one that it owns. */
    public static OkHttpTransport of(GoogleHealthConfig config) {
        return config.httpClient().map(client -> new OkHttpTransport(client, false))
                .orElseGet(() -> new OkHttpTransport(createDefault(config), true));
    }

    /**
     * Returns a new client with the configuration's timeouts and a request logger that never logs
     * query strings, bodies or credential headers.
     */
    private static OkHttpClient createDefault(GoogleHealthConfig config) {
        return new OkHttpClient.Builder()
                .connectTimeout(config.connectTimeout())
                .readTimeout(config.readTimeout())
                .followRedirects(false)
                .addInterceptor(RedactingHttpLogger.create())
                .build();
    }

    @Override
    public Response send(String method, String url, Map<String, String> headers, @Nullable Form form)
            throws IOException {
        Request.Builder request = new Request.Builder().url(url);
        headers.forEach(request::header);
        request.method(method, form == null ? null : RequestBody.create(form.encoded(), FORM));
        okhttp3.Response response = client.newCall(request.build()).execute();
        return new OkHttpResponse(response);
    }

    @Override
    public void close() {
        if (owned) {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    @Override
    public String toString() {
        return "OkHttpTransport[" + (owned ? "default client" : "caller's client") + "]";
    }

    private static final class OkHttpResponse implements Response {
        private final okhttp3.Response response;

        private OkHttpResponse(okhttp3.Response response) {
            this.response = response;
        }

        @Override
        public int code() {
            return response.code();
        }

        @Override
        public @Nullable String header(String name) {
            return response.header(name);
        }

        @Override
        public InputStream body() {
            return response.body().byteStream();
        }

        @Override
        public void close() {
            response.close();
        }
    }
}
