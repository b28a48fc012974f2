package io.iomt.sdk.lambda;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.security.KeyStore;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * Times single start-up steps in a fresh JVM, in the order given, to see what one step costs
 * after the ones before it (for example the OkHttp client after the AWS HTTP client). Run it from
 * the deployment jar with the template's flags, once per JVM:
 *
 * <pre>{@code
 * java -XX:+TieredCompilation -XX:TieredStopAtLevel=1 -cp target/iomt-lambda-deploy.jar:target/test-classes \
 *   io.iomt.sdk.lambda.StartupSteps aws okhttp caffeine
 * }</pre>
 *
 * <p>Steps: {@code aws} (URL-connection HTTP client), {@code okhttp} (default OkHttp client),
 * {@code okhttp-jdk-tls} (OkHttp client given the JDK's default {@code SSLContext} and trust
 * manager), {@code caffeine} (a size-bounded Caffeine cache, one put, get and invalidate),
 * {@code map} (the same on a {@code ConcurrentHashMap}). A tool, not a test.
 */
public final class StartupSteps {

    private StartupSteps() {
    }

    public static void main(String[] args) throws Exception {
        for (String step : args) {
            long started = System.nanoTime();
            run(step);
            System.out.printf(Locale.ROOT, "%-16s %6.1f ms%n", step, (System.nanoTime() - started) / 1e6);
        }
    }

    private static void run(String step) throws Exception {
        switch (step) {
            case "aws" -> UrlConnectionHttpClient.create().close();
            case "okhttp" -> new OkHttpClient.Builder().build();
            case "okhttp-jdk-tls" -> {
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init((KeyStore) null);
                X509TrustManager manager = (X509TrustManager) trust.getTrustManagers()[0];
                new OkHttpClient.Builder().sslSocketFactory(SSLContext.getDefault().getSocketFactory(), manager).build();
            }
            case "caffeine" -> {
                Cache<String, String> cache = Caffeine.newBuilder().maximumSize(100_000).build();
                cache.put("key", "value");
                cache.getIfPresent("key");
                cache.invalidate("key");
            }
            case "map" -> {
                ConcurrentHashMap<String, String> map = new ConcurrentHashMap<>();
                map.put("key", "value");
                map.get("key");
                map.remove("key");
            }
            default -> throw new IllegalArgumentException("Unknown step " + step
                    + "; use aws, okhttp, okhttp-jdk-tls, caffeine or map");
        }
    }
}
