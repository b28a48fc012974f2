package io.iomt.sdk.fitbit.internal;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Builds the Google Health clients' request URLs with the JDK alone, and cuts URLs down to what
 * may be logged. Stateless.
 */
public final class Urls {

    private Urls() {
    }

    /**
     * Returns {@code base} followed by {@code path}, with exactly one slash between them.
     *
     * @param base an absolute URL without query or fragment, such as the configured API base URL
     * @param path slash-separated segments, each already safe in a URL path
     */
    public static String resolve(String base, String path) {
        String head = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return head + "/" + (path.startsWith("/") ? path.substring(1) : path);
    }

    /**
     * Returns {@code url} with the query parameters appended, each name and value percent-encoded
     * in UTF-8 and a space as {@code %20}.
     *
     * @param namesAndValues name, value, name, value...
     */
    public static String withQuery(String url, String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("query parameters come in name and value pairs");
        }
        StringBuilder result = new StringBuilder(url);
        char separator = url.indexOf('?') < 0 ? '?' : '&';
        for (int i = 0; i < namesAndValues.length; i += 2) {
            result.append(separator).append(encode(namesAndValues[i])).append('=').append(encode(namesAndValues[i + 1]));
            separator = '&';
        }
        return result.toString();
    }

    /** Returns the raw path of {@code url}, such as {@code /v4/users/me/identity}. */
    public static String path(String url) {
        String path = URI.create(url).getRawPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    /**
     * Returns {@code url} without user info, query or fragment, for logs; a query is shown as
     * {@code ?<redacted>}, because it can carry page tokens.
     */
    public static String redact(String url) {
        URI uri = URI.create(url);
        StringBuilder result = new StringBuilder();
        result.append(uri.getScheme()).append("://").append(uri.getRawAuthority() == null ? "" : host(uri));
        result.append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
        if (uri.getRawQuery() != null) {
            result.append("?<redacted>");
        }
        return result.toString();
    }

    private static String host(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost();
        return uri.getPort() < 0 ? host : host + ":" + uri.getPort();
    }

    private static String encode(String text) {
        // URLEncoder writes a space as '+', which a query may read as a literal plus: use %20.
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
