package io.iomt.sdk.fitbit.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** Validates endpoint URLs: {@code https}, or {@code http} on a loopback host only. */
public final class BaseUrls {

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final Pattern IPV6_LOOPBACK = Pattern.compile("\\[?(0{0,4}:){2,7}0{0,3}1\\]?");

    private BaseUrls() {
    }

    /**
     * Returns {@code url} if it is an absolute {@code https} URL, or an {@code http} URL whose host
     * is {@code localhost}, in {@code 127.0.0.0/8} or {@code ::1}.
     *
     * @throws IllegalArgumentException naming {@code name} otherwise
     */
    public static String requireSecure(String url, String name) {
        Objects.requireNonNull(url, name);
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(name + " is not a valid URL: '" + url + "'", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException(name + " must be an absolute URL with a host, got '" + url + "'");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(name + " must not have a query or fragment, got '" + url + "'");
        }
        if (scheme.equals("https")) {
            return url;
        }
        if (scheme.equals("http") && isLoopback(host)) {
            return url;
        }
        throw new IllegalArgumentException(name + " must use https (http is accepted only for localhost, 127.0.0.0/8 "
                + "and ::1), got '" + url + "'");
    }

    /** Returns whether {@code host} names the loopback interface, without resolving any name. */
    public static boolean isLoopback(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.equals("localhost") || lower.equals("localhost.")) {
            return true;
        }
        if (IPV4_LOOPBACK.matcher(lower).matches()) {
            for (String part : lower.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return false;
                }
            }
            return true;
        }
        return lower.equals("[::1]") || lower.equals("::1") || IPV6_LOOPBACK.matcher(lower).matches();
    }
}
