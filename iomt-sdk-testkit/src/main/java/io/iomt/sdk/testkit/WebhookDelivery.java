package io.iomt.sdk.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iomt.sdk.TimeRange;
import io.iomt.sdk.fitbit.WebhookKeyset;
import io.iomt.sdk.fitbit.WebhookOperation;
import io.iomt.sdk.fitbit.WebhookReceiver;
import io.iomt.sdk.fitbit.WebhookRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Signs and delivers Google Health webhook notifications the way Google does, with a test key, so
 * that a host's webhook endpoint and {@link WebhookReceiver} can be tested offline. Thread-safe.
 *
 * <p>Each instance generates an EC P-256 key pair and publishes its public half as a Tink JSON
 * keyset ({@link #publicKeysetJson()}); serve that from a loopback server for a fetching keyset
 * source, or pass {@link #publicKeyset()} statically. Bodies are signed like Google's: base64 of
 * the Tink prefix ({@code 0x01} and the 4-byte big-endian key id) followed by the DER ECDSA
 * SHA-256 signature of the exact body bytes. Requests carry the configured secret in
 * {@code Authorization}.
 *
 * <p>{@link #post}, {@link #deliver} and {@link #verify} send over HTTP with the JDK's
 * {@link HttpClient}, only to loopback hosts ({@code localhost}, {@code 127.0.0.0/8},
 * {@code [::1]}). {@link #signedRequest} builds the same request for in-process delivery.
 * {@link #toString()} never shows the secret or the private key.
 */
public final class WebhookDelivery {

    /** The secret used when none is set: a full {@code Authorization} header value. */
    public static final String DEFAULT_SECRET = "Bearer iomt-simulator-webhook-secret";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter CIVIL_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private final KeyPair keyPair;
    private final long keyId;
    private final String secret;
    private final String signatureHeader;
    private final ZoneId civilZone;
    private final Duration timeout;
    private final HttpClient http;

    private WebhookDelivery(Builder builder) {
        this.keyPair = generateKeyPair(builder.random);
        this.keyId = builder.keyId != null ? builder.keyId : builder.random.nextInt() & 0xFFFF_FFFFL;
        this.secret = builder.secret;
        this.signatureHeader = builder.legacySignatureHeader
                ? WebhookReceiver.LEGACY_SIGNATURE_HEADER : WebhookReceiver.SIGNATURE_HEADER;
        this.civilZone = builder.civilZone;
        this.timeout = builder.timeout;
        this.http = HttpClient.newBuilder().connectTimeout(builder.timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Returns a delivery with a random key id and the {@linkplain #DEFAULT_SECRET default secret}. */
    public static WebhookDelivery create() {
        return builder().build();
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A notification to deliver.
     *
     * @param healthUserId the Google Health user id
     * @param dataType the kebab-case data type, such as {@code steps}
     * @param operation what changed
     * @param intervals the changed intervals
     */
    public record Notification(String healthUserId, String dataType, WebhookOperation operation,
            List<TimeRange> intervals) {

        /** Creates a notification. */
        public Notification {
            Objects.requireNonNull(healthUserId, "healthUserId");
            Objects.requireNonNull(dataType, "dataType");
            Objects.requireNonNull(operation, "operation");
            intervals = List.copyOf(intervals);
        }

        /** Returns a notification with the given intervals. */
        public static Notification of(String healthUserId, String dataType, WebhookOperation operation,
                TimeRange... intervals) {
            return new Notification(healthUserId, dataType, operation, List.of(intervals));
        }
    }

    /**
     * The receiver's response to a delivery.
     *
     * @param status the HTTP status
     * @param body the response body as text
     */
    public record Result(int status, String body) {
        /** Returns whether the status is 2xx. */
        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }
    }

    /**
     * Statuses returned for the two verification requests Google sends when a subscriber is created.
     *
     * @param withSecret the status of the request that carried the secret
     * @param withoutSecret the status of the request without {@code Authorization}
     */
    public record VerificationResult(int withSecret, int withoutSecret) {
        /** Returns whether both statuses are what Google requires: 200 or 201, then 401 or 403. */
        public boolean passed() {
            return (withSecret == 200 || withSecret == 201) && (withoutSecret == 401 || withoutSecret == 403);
        }
    }

    /** Returns the Tink key id of the signing key, an unsigned 32-bit value. */
    public long keyId() {
        return keyId;
    }

    /** Returns the secret sent in {@code Authorization}; configure the receiver with it. */
    public String secret() {
        return secret;
    }

    /** Returns the name of the header the signature is sent in. */
    public String signatureHeader() {
        return signatureHeader;
    }

    /** Returns the public keyset in Tink's JSON format, as Google publishes its own. */
    public String publicKeysetJson() {
        ECPublicKey publicKey = (ECPublicKey) keyPair.getPublic();
        ObjectNode keyset = MAPPER.createObjectNode();
        keyset.put("primaryKeyId", keyId);
        ObjectNode key = keyset.putArray("key").addObject();
        ObjectNode keyData = key.putObject("keyData");
        keyData.put("typeUrl", "type.googleapis.com/google.crypto.tink.EcdsaPublicKey");
        keyData.put("value", Base64.getEncoder().encodeToString(ecdsaPublicKeyProto(publicKey)));
        keyData.put("keyMaterialType", "ASYMMETRIC_PUBLIC");
        key.put("status", "ENABLED");
        key.put("keyId", keyId);
        key.put("outputPrefixType", "TINK");
        return keyset.toString();
    }

    /** Returns the public keyset parsed, for a static keyset source. */
    public WebhookKeyset publicKeyset() {
        return WebhookKeyset.parse(publicKeysetJson());
    }

    /** Returns the signature header value for {@code body}: base64 of the Tink prefix and the DER signature. */
    public String sign(byte[] body) {
        Objects.requireNonNull(body, "body");
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keyPair.getPrivate());
            signer.update(body);
            byte[] der = signer.sign();
            byte[] signature = new byte[5 + der.length];
            signature[0] = 0x01;
            for (int i = 0; i < 4; i++) {
                signature[1 + i] = (byte) (keyId >>> (24 - 8 * i));
            }
            System.arraycopy(der, 0, signature, 5, der.length);
            return Base64.getEncoder().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK cannot sign with SHA256withECDSA", e);
        }
    }

    /** Returns a signed notification request for in-process delivery to a {@link WebhookReceiver}. */
    public WebhookRequest signedRequest(byte[] body) {
        return WebhookRequest.builder()
                .header("Authorization", secret)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Google-Health-API-Webhooks")
                .header(signatureHeader, sign(body))
                .body(body)
                .build();
    }

    /** Returns one of the two verification requests, with or without the secret. */
    public WebhookRequest verificationRequest(boolean withSecret) {
        WebhookRequest.Builder builder = WebhookRequest.builder()
                .header("Content-Type", "application/json")
                .header("User-Agent", "Google-Health-API-Webhooks-Verifier")
                .body(verificationBody());
        if (withSecret) {
            builder.header("Authorization", secret);
        }
        return builder.build();
    }

    /**
     * Returns a notification body as Google sends it: a JSON array with one object per
     * notification, each interval given in physical (UTC) time and in civil time of the
     * configured zone.
     */
    public byte[] notificationBody(List<Notification> notifications) {
        Objects.requireNonNull(notifications, "notifications");
        ArrayNode array = MAPPER.createArrayNode();
        for (Notification notification : notifications) {
            ObjectNode data = array.addObject().putObject("data");
            data.put("version", "1");
            data.put("clientProvidedSubscriptionName", UUID.randomUUID().toString());
            data.put("healthUserId", notification.healthUserId());
            data.put("operation", notification.operation().name());
            data.put("dataType", notification.dataType());
            ArrayNode intervals = data.putArray("intervals");
            notification.intervals().forEach(interval -> writeInterval(intervals.addObject(), interval));
        }
        try {
            return MAPPER.writeValueAsBytes(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a notification body", e);
        }
    }

    /**
     * Signs {@code body} and POSTs it to {@code receiver}.
     *
     * @throws IllegalArgumentException if {@code receiver} is not an http(s) URL on a loopback host
     * @throws IOException if the request fails
     */
    public Result post(URI receiver, byte[] body) throws IOException {
        HttpRequest.Builder request = requestTo(receiver)
                .header("Authorization", secret)
                .header(signatureHeader, sign(body))
                .header("User-Agent", "Google-Health-API-Webhooks")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        return send(request.build());
    }

    /**
     * Delivers the notifications to {@code receiver} in one signed body.
     *
     * @throws IllegalArgumentException if {@code receiver} is not an http(s) URL on a loopback host
     * @throws IOException if the request fails
     */
    public Result deliver(URI receiver, List<Notification> notifications) throws IOException {
        return post(receiver, notificationBody(notifications));
    }

    /**
     * Sends the two verification requests of subscriber creation, the one without the secret
     * first, and returns both statuses.
     *
     * @throws IllegalArgumentException if {@code receiver} is not an http(s) URL on a loopback host
     * @throws IOException if a request fails
     */
    public VerificationResult verify(URI receiver) throws IOException {
        HttpRequest withoutSecret = requestTo(receiver)
                .header("User-Agent", "Google-Health-API-Webhooks-Verifier")
                .POST(HttpRequest.BodyPublishers.ofByteArray(verificationBody())).build();
        HttpRequest withSecret = requestTo(receiver)
                .header("Authorization", secret)
                .header("User-Agent", "Google-Health-API-Webhooks-Verifier")
                .POST(HttpRequest.BodyPublishers.ofByteArray(verificationBody())).build();
        int without = send(withoutSecret).status();
        int with = send(withSecret).status();
        return new VerificationResult(with, without);
    }

    private HttpRequest.Builder requestTo(URI receiver) {
        Objects.requireNonNull(receiver, "receiver");
        String scheme = receiver.getScheme() == null ? "" : receiver.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("Receiver URL '" + receiver + "' must be an http or https URL");
        }
        if (!isLoopback(receiver.getHost())) {
            throw new IllegalArgumentException("Receiver URL '" + receiver + "' must point at a loopback host"
                    + " (localhost, 127.0.0.0/8 or [::1]); the simulator delivers only on this machine");
        }
        return HttpRequest.newBuilder(receiver).timeout(timeout).header("Content-Type", "application/json");
    }

    private Result send(HttpRequest request) throws IOException {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Result(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while delivering a webhook request to " + request.uri(), e);
        }
    }

    private void writeInterval(ObjectNode node, TimeRange interval) {
        ObjectNode physical = node.putObject("physicalTimeInterval");
        physical.put("startTime", interval.start().toString());
        physical.put("endTime", interval.end().toString());

        LocalDateTime civilStart = LocalDateTime.ofInstant(interval.start(), civilZone);
        LocalDateTime civilEnd = LocalDateTime.ofInstant(interval.end(), civilZone);
        ObjectNode civil = node.putObject("civilDateTimeInterval");
        writeCivil(civil.putObject("startDateTime"), civilStart);
        writeCivil(civil.putObject("endDateTime"), civilEnd);
        ObjectNode iso = node.putObject("civilIso8601TimeInterval");
        iso.put("startTime", CIVIL_FORMAT.format(civilStart));
        iso.put("endTime", CIVIL_FORMAT.format(civilEnd));
    }

    private static void writeCivil(ObjectNode node, LocalDateTime civil) {
        ObjectNode date = node.putObject("date");
        date.put("year", civil.getYear());
        date.put("month", civil.getMonthValue());
        date.put("day", civil.getDayOfMonth());
        ObjectNode time = node.putObject("time");
        time.put("hours", civil.getHour());
        time.put("minutes", civil.getMinute());
        if (civil.getSecond() != 0) {
            time.put("seconds", civil.getSecond());
        }
    }

    private static byte[] verificationBody() {
        return "{\"type\":\"verification\"}".getBytes(StandardCharsets.UTF_8);
    }

    private static boolean isLoopback(@Nullable String host) {
        if (host == null) {
            return false;
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return bare.equalsIgnoreCase("localhost") || bare.equals("::1") || bare.matches("127(\\.\\d{1,3}){3}");
    }

    /**
     * Serializes a {@code google.crypto.tink.EcdsaPublicKey}: params (SHA256 = 3, NIST_P256 = 2,
     * DER = 2), then x and y as two's-complement big-endian bytes, which is how Tink writes them
     * (a leading zero byte when the top bit is set).
     */
    private static byte[] ecdsaPublicKeyProto(ECPublicKey publicKey) {
        ByteArrayOutputStream params = new ByteArrayOutputStream();
        writeTag(params, 1, 0);
        writeVarint(params, 3);
        writeTag(params, 2, 0);
        writeVarint(params, 2);
        writeTag(params, 3, 0);
        writeVarint(params, 2);

        ByteArrayOutputStream key = new ByteArrayOutputStream();
        writeBytes(key, 2, params.toByteArray());
        writeBytes(key, 3, publicKey.getW().getAffineX().toByteArray());
        writeBytes(key, 4, publicKey.getW().getAffineY().toByteArray());
        return key.toByteArray();
    }

    private static void writeBytes(ByteArrayOutputStream out, int field, byte[] value) {
        writeTag(out, field, 2);
        writeVarint(out, value.length);
        out.writeBytes(value);
    }

    private static void writeTag(ByteArrayOutputStream out, int field, int wireType) {
        writeVarint(out, ((long) field << 3) | wireType);
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        long remaining = value;
        while ((remaining & ~0x7FL) != 0) {
            out.write((int) ((remaining & 0x7F) | 0x80));
            remaining >>>= 7;
        }
        out.write((int) remaining);
    }

    private static KeyPair generateKeyPair(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK cannot generate EC P-256 keys", e);
        }
    }

    @Override
    public String toString() {
        return "WebhookDelivery[keyId=" + keyId + ", signatureHeader=" + signatureHeader + "]";
    }

    /** Builds a {@link WebhookDelivery}. Not thread-safe; each {@link #build()} generates a new key. */
    public static final class Builder {

        private @Nullable Long keyId;
        private String secret = DEFAULT_SECRET;
        private boolean legacySignatureHeader;
        private ZoneId civilZone = ZoneOffset.UTC;
        private Duration timeout = Duration.ofSeconds(10);
        private SecureRandom random = new SecureRandom();

        private Builder() {
        }

        /**
         * Sets the Tink key id; default a random unsigned 32-bit value.
         *
         * @throws IllegalArgumentException if {@code keyId} is outside 0 to 2<sup>32</sup>-1
         */
        public Builder keyId(long keyId) {
            if (keyId < 0 || keyId > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("keyId must be an unsigned 32-bit value, got " + keyId);
            }
            this.keyId = keyId;
            return this;
        }

        /**
         * Sets the full {@code Authorization} header value to send; default {@link #DEFAULT_SECRET}.
         *
         * @throws IllegalArgumentException if the secret is blank
         */
        public Builder secret(String secret) {
            Objects.requireNonNull(secret, "secret");
            if (secret.isBlank()) {
                throw new IllegalArgumentException("secret must not be blank");
            }
            this.secret = secret;
            return this;
        }

        /** Sends the signature in the older {@code X-HEALTHAPI-SIGNATURE} header when true; default false. */
        public Builder legacySignatureHeader(boolean legacy) {
            this.legacySignatureHeader = legacy;
            return this;
        }

        /** Sets the zone of the civil times written into notification bodies; default UTC. */
        public Builder civilZone(ZoneId zone) {
            this.civilZone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /** Sets the connect and request timeout of HTTP deliveries; default 10 seconds. */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** Sets the random source for the key pair and key id; default a new {@link SecureRandom}. */
        public Builder random(SecureRandom random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** Returns a delivery with a newly generated key pair. */
        public WebhookDelivery build() {
            return new WebhookDelivery(this);
        }
    }
}
