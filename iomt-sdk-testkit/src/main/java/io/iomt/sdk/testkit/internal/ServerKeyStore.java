package io.iomt.sdk.testkit.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The key store of a simulator that serves HTTPS: the file and type WireMock reads, the loopback
 * host name its certificate names, and an SSL context that trusts that certificate. Immutable.
 */
public final class ServerKeyStore {

    /** The subject alternative name types of {@link X509Certificate#getSubjectAlternativeNames()}. */
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    private final Path file;
    private final String password;
    private final String type;
    private final String host;
    private final SSLContext trustingContext;

    private ServerKeyStore(Path file, String password, String type, String host, SSLContext trustingContext) {
        this.file = file;
        this.password = password;
        this.type = type;
        this.host = host;
        this.trustingContext = trustingContext;
    }

    /**
     * Loads a PKCS12 or JKS file that contains one private key entry protected by the store's
     * password.
     *
     * @throws IllegalArgumentException if the file is missing, unreadable or has a different
     *     password, contains no private key entry, or its certificate names neither 127.0.0.1 nor
     *     localhost in its subject alternative names
     */
    public static ServerKeyStore load(Path file, String password) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(password, "password");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("The HTTPS key store " + file.toAbsolutePath() + " does not exist");
        }
        KeyStore store;
        try {
            store = KeyStore.getInstance(file.toFile(), password.toCharArray());
        } catch (IOException | GeneralSecurityException unreadable) {
            throw new IllegalArgumentException("Cannot read the HTTPS key store " + file.toAbsolutePath()
                    + " (a PKCS12 or JKS file with the given password is expected): " + unreadable.getMessage(), unreadable);
        }
        Certificate[] chain = keyEntryChain(store, file);
        X509Certificate server = (X509Certificate) chain[0];
        return new ServerKeyStore(file.toAbsolutePath(), password, store.getType(), hostNamedBy(server, file),
                contextTrusting(chain));
    }

    /** Returns the absolute path of the key store. */
    public Path file() {
        return file;
    }

    /** Returns the password of the store and of its key entry. */
    public String password() {
        return password;
    }

    /** Returns the key store type, such as {@code PKCS12}. */
    public String type() {
        return type;
    }

    /** Returns {@code 127.0.0.1} or {@code localhost}, whichever the certificate names, preferring the address. */
    public String host() {
        return host;
    }

    /** Returns an SSL context that trusts the certificates of the key entry and nothing else. */
    public SSLContext trustingContext() {
        return trustingContext;
    }

    private static Certificate[] keyEntryChain(KeyStore store, Path file) {
        try {
            for (String alias : Collections.list(store.aliases())) {
                Certificate[] chain = store.getCertificateChain(alias);
                if (store.isKeyEntry(alias) && chain != null && chain.length > 0 && chain[0] instanceof X509Certificate) {
                    return chain;
                }
            }
        } catch (GeneralSecurityException unreadable) {
            throw new IllegalArgumentException("Cannot read the entries of the HTTPS key store " + file.toAbsolutePath()
                    + ": " + unreadable.getMessage(), unreadable);
        }
        throw new IllegalArgumentException("The HTTPS key store " + file.toAbsolutePath()
                + " contains no private key entry with an X.509 certificate; create one with keytool -genkeypair");
    }

    private static String hostNamedBy(X509Certificate server, Path file) {
        boolean namesLoopbackAddress = false;
        boolean namesLocalhost = false;
        try {
            Collection<List<?>> names = server.getSubjectAlternativeNames();
            for (List<?> name : names == null ? List.<List<?>>of() : names) {
                int type = (Integer) name.get(0);
                namesLoopbackAddress |= type == IP_ADDRESS && "127.0.0.1".equals(name.get(1));
                namesLocalhost |= type == DNS_NAME && "localhost".equalsIgnoreCase(String.valueOf(name.get(1)));
            }
        } catch (CertificateParsingException unparsable) {
            throw new IllegalArgumentException("Cannot read the subject alternative names of the certificate in "
                    + file.toAbsolutePath() + ": " + unparsable.getMessage(), unparsable);
        }
        if (namesLoopbackAddress) {
            return "127.0.0.1";
        }
        if (namesLocalhost) {
            return "localhost";
        }
        throw new IllegalArgumentException("The certificate " + server.getSubjectX500Principal() + " in " + file.toAbsolutePath()
                + " names neither IP address 127.0.0.1 nor DNS name localhost, so clients would reject the simulator's"
                + " host name; issue it with subject alternative name IP:127.0.0.1 or DNS:localhost");
    }

    private static SSLContext contextTrusting(Certificate[] chain) {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            for (int i = 0; i < chain.length; i++) {
                trusted.setCertificateEntry("certificate-" + i, chain[i]);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException failed) {
            throw new IllegalStateException("Cannot build an SSL context that trusts the simulator's certificate", failed);
        }
    }
}
