package io.iomt.sdk.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * A local certificate authority and one server certificate it signed for {@code localhost} and
 * {@code 127.0.0.1}, generated with the JDK's keytool into a temporary directory, so that dynalite
 * and the simulator can serve HTTPS to clients that verify certificates and host names. Both
 * servers present the same certificate. {@link #close()} deletes the directory. Not thread-safe.
 *
 * <p>The server certificate is issued by a CA instead of being self-signed because the JDK 17
 * trust manager ({@code sun.security.validator.PKIXValidator}) accepts a server certificate that
 * is itself in the trust store without validating a certificate path, which would leave path
 * validation out of the cold start. The trust store contains the JDK's CA certificates plus the local
 * CA, so a JVM given it loads as many certificates as with its default trust store.
 */
final class LocalTls implements AutoCloseable {

    /** The password of every store and key here: a fixed test value that protects nothing. */
    static final String PASSWORD = "iomt-local-tls";

    private static final String VALIDITY_DAYS = "2";
    private static final Path JDK_CA_CERTIFICATES = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");

    private final Path directory;
    private final X509Certificate authority;

    private LocalTls(Path directory, X509Certificate authority) {
        this.directory = directory;
        this.authority = authority;
    }

    /**
     * Generates the CA, the server certificate and the stores. Runs keytool four times, two at a
     * time, so it takes a few JVM starts.
     *
     * @throws IllegalStateException if keytool fails
     */
    static LocalTls generate() throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("iomt-local-tls");
        try {
            // RSA 2048, the key type of DynamoDB's certificates. Google serves ECDSA P-256
            // certificates to clients that accept them, which this single certificate does not copy.
            Process authorityKey = keytool(directory, "-genkeypair", "-alias", "ca", "-keystore", "ca.p12",
                    "-keyalg", "RSA", "-keysize", "2048", "-validity", VALIDITY_DAYS, "-dname", "CN=IoMT local test CA",
                    "-ext", "bc:c=ca:true", "-ext", "ku:c=keyCertSign,cRLSign").start();
            Process serverKey = keytool(directory, "-genkeypair", "-alias", "server", "-keystore", "server.p12",
                    "-keyalg", "RSA", "-keysize", "2048", "-validity", VALIDITY_DAYS, "-dname", "CN=localhost").start();
            await(authorityKey, "keytool -genkeypair (CA)");
            await(serverKey, "keytool -genkeypair (server)");

            List<Process> signing = ProcessBuilder.startPipeline(List.of(
                    keytool(directory, "-certreq", "-alias", "server", "-keystore", "server.p12"),
                    keytool(directory, "-gencert", "-alias", "ca", "-keystore", "ca.p12", "-rfc", "-validity", VALIDITY_DAYS,
                            "-outfile", "server-cert.pem", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                            "-ext", "ku:c=digitalSignature,keyEncipherment", "-ext", "eku=serverAuth")));
            await(signing.get(0), "keytool -certreq");
            await(signing.get(1), "keytool -gencert");

            X509Certificate authority = (X509Certificate) load(directory.resolve("ca.p12")).getCertificate("ca");
            LocalTls tls = new LocalTls(directory, authority);
            tls.writeServerFiles();
            tls.writeTrustStore();
            return tls;
        } catch (GeneralSecurityException unreadable) {
            delete(directory);
            throw new IllegalStateException("Cannot read the keys and certificates that keytool wrote", unreadable);
        } catch (IOException | InterruptedException | RuntimeException failed) {
            delete(directory);
            throw failed;
        }
    }

    /** Returns the PKCS12 store with the server's private key and certificate, password {@link #PASSWORD}. */
    Path serverKeyStore() {
        return directory.resolve("server.p12");
    }

    /** Returns the server certificate, PEM. */
    Path serverCertificate() {
        return directory.resolve("server-cert.pem");
    }

    /** Returns the server's private key, unencrypted PKCS#8 PEM. */
    Path serverKey() {
        return directory.resolve("server-key.pem");
    }

    /** Returns the trust store: the JDK's CA certificates and the local CA, password {@link #PASSWORD}. */
    Path trustStore() {
        return directory.resolve("trust-store");
    }

    /** Returns the flags that make a child JVM's default trust store {@link #trustStore()}. */
    List<String> jvmFlags() {
        return List.of("-Djavax.net.ssl.trustStore=" + trustStore(), "-Djavax.net.ssl.trustStorePassword=" + PASSWORD);
    }

    /** Returns trust managers that trust the local CA and nothing else. */
    TrustManager[] trustManagers() {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("iomt-local-ca", authority);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            return factory.getTrustManagers();
        } catch (IOException | GeneralSecurityException failed) {
            throw new IllegalStateException("Cannot build trust managers for the local CA", failed);
        }
    }

    /** Returns an SSL context that trusts the local CA and nothing else. */
    SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers(), null);
            return context;
        } catch (GeneralSecurityException failed) {
            throw new IllegalStateException("Cannot build an SSL context for the local CA", failed);
        }
    }

    /**
     * Sets {@code javax.net.ssl.trustStore} and {@code javax.net.ssl.trustStorePassword} of this
     * JVM to {@link #trustStore()} until the returned setting is closed, which restores the
     * previous values. TLS clients that build their trust managers from the defaults in between,
     * such as the AWS SDK's URL-connection client and OkHttp, trust the local CA for good; an SSL
     * context that {@code SSLContext.getDefault()} returned before does not.
     */
    JvmTrust trustInThisJvm() {
        JvmTrust previous = new JvmTrust(System.getProperty("javax.net.ssl.trustStore"),
                System.getProperty("javax.net.ssl.trustStorePassword"));
        System.setProperty("javax.net.ssl.trustStore", trustStore().toString());
        System.setProperty("javax.net.ssl.trustStorePassword", PASSWORD);
        return previous;
    }

    /** The trust store properties to restore on {@link #close()}; {@code null} for unset. */
    record JvmTrust(@Nullable String trustStore, @Nullable String trustStorePassword) implements AutoCloseable {

        @Override
        public void close() {
            restore("javax.net.ssl.trustStore", trustStore);
            restore("javax.net.ssl.trustStorePassword", trustStorePassword);
        }

        private static void restore(String name, @Nullable String value) {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        }
    }

    /** Deletes the directory with every key and store. */
    @Override
    public void close() throws IOException {
        delete(directory);
    }

    @Override
    public String toString() {
        return "LocalTls[" + directory + "]";
    }

    /**
     * Replaces the key entry's chain with the CA-signed certificate alone, as DynamoDB and Google
     * send no root certificate, and writes the PEM files that dynalite reads.
     */
    private void writeServerFiles() throws IOException, GeneralSecurityException {
        KeyStore server = load(serverKeyStore());
        PrivateKey key = (PrivateKey) server.getKey("server", PASSWORD.toCharArray());
        X509Certificate certificate;
        try (InputStream pem = Files.newInputStream(serverCertificate())) {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(pem);
        }
        certificate.verify(authority.getPublicKey());
        server.setKeyEntry("server", key, PASSWORD.toCharArray(), new Certificate[] {certificate});
        try (OutputStream out = Files.newOutputStream(serverKeyStore())) {
            server.store(out, PASSWORD.toCharArray());
        }
        Files.writeString(serverKey(), pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
    }

    /**
     * Writes the JDK's CA certificates and the local CA into a store of the same type as the JDK's
     * own ({@code JKS} on Debian's OpenJDK 17, {@code PKCS12} from JDK 18 on), so that loading it
     * costs about what loading the default does.
     */
    private void writeTrustStore() throws IOException, GeneralSecurityException {
        KeyStore jdk = KeyStore.getInstance(JDK_CA_CERTIFICATES.toFile(), (char[]) null);
        KeyStore trust = KeyStore.getInstance(jdk.getType());
        trust.load(null, null);
        for (String alias : Collections.list(jdk.aliases())) {
            if (jdk.isCertificateEntry(alias)) {
                trust.setCertificateEntry(alias, jdk.getCertificate(alias));
            }
        }
        trust.setCertificateEntry("iomt-local-ca", authority);
        try (OutputStream out = Files.newOutputStream(trustStore())) {
            trust.store(out, PASSWORD.toCharArray());
        }
    }

    private static ProcessBuilder keytool(Path directory, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        return new ProcessBuilder(command).directory(directory.toFile()).redirectError(ProcessBuilder.Redirect.PIPE);
    }

    private static void await(Process process, String step) throws IOException, InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(step + " did not finish within 60 s");
        }
        if (process.exitValue() != 0) {
            String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            throw new IllegalStateException(step + " failed with exit code " + process.exitValue() + ": " + errors.strip());
        }
    }

    private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
