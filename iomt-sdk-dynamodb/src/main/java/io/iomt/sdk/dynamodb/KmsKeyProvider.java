package io.iomt.sdk.dynamodb;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;

/**
 * A {@link TokenKeyProvider} doing envelope encryption with AWS KMS: token ciphertexts are made
 * with AES-256 data keys from {@code GenerateDataKey} ({@code KeySpec=AES_256}), and each
 * ciphertext carries its data key wrapped by the KMS key, which {@code Decrypt} unwraps when the
 * token is read. The plaintext data key never leaves memory.
 *
 * <p><b>Caching.</b> A data key is used for new encryptions until it is
 * {@linkplain Builder#dataKeyLifetime(Duration) older than its lifetime} (default 5 minutes) or has
 * served {@linkplain Builder#maxDataKeyUses(long) its maximum number of encryptions} (default
 * 10,000); then the next encryption asks KMS for a new one. Unwrapped keys are kept for the same
 * lifetime, at most {@linkplain Builder#maxCachedKeys(int) 1,000} of them (least recently used
 * dropped first), so reading the same items again does not call {@code Decrypt} each time.
 *
 * <p><b>Binding.</b> Every KMS call carries the {@linkplain Builder#encryptionContext(Map)
 * encryption context} (default {@code {"purpose": "iomt-sdk-token"}}), which KMS authenticates
 * and writes to CloudTrail; a wrapped key decrypts only with the same context. The key id stored
 * in a ciphertext is the key ARN that KMS returned, so a ciphertext made under an earlier KMS key
 * still decrypts after {@link Builder#keyId(String)} changes, as long as the caller may use that key.
 *
 * <p><b>Errors.</b> A KMS failure is thrown as {@link IllegalStateException} naming the operation
 * and the KMS error code; {@link DynamoDbTokenStore} reports it as a {@link io.iomt.sdk.StoreException}.
 *
 * <p>Thread-safe. The provider uses the caller's {@link KmsClient} and never closes it.
 */
public final class KmsKeyProvider implements TokenKeyProvider {

    private static final Logger LOG = LoggerFactory.getLogger(KmsKeyProvider.class);

    private final KmsClient kms;
    private final String keyId;
    private final Map<String, String> encryptionContext;
    private final Clock clock;
    private final Duration dataKeyLifetime;
    private final long maxDataKeyUses;
    private final int maxCachedKeys;

    private @Nullable CurrentKey current;
    private final LinkedHashMap<String, CachedKey> unwrapped;

    private KmsKeyProvider(Builder builder) {
        this.kms = Objects.requireNonNull(builder.kms, "kmsClient");
        this.keyId = Objects.requireNonNull(builder.keyId, "keyId");
        this.encryptionContext = Map.copyOf(builder.encryptionContext);
        this.clock = builder.clock;
        this.dataKeyLifetime = builder.dataKeyLifetime;
        this.maxDataKeyUses = builder.maxDataKeyUses;
        this.maxCachedKeys = builder.maxCachedKeys;
        this.unwrapped = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** Returns a builder; the KMS client and key id are required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public synchronized DataKey currentKey() {
        Instant now = clock.instant();
        CurrentKey key = current;
        if (key == null || !now.isBefore(key.expiresAt()) || key.uses() >= maxDataKeyUses) {
            key = new CurrentKey(generate(), now.plus(dataKeyLifetime), 0);
            // Items written with the new key are read back without a Decrypt call.
            DataKey dataKey = key.dataKey();
            remember(cacheKey(dataKey.keyId(), dataKey.wrappedKey()), dataKey.key(), now);
        }
        current = key.used();
        return key.dataKey();
    }

    @Override
    public SecretKey key(String storedKeyId, byte[] wrappedKey) {
        Objects.requireNonNull(storedKeyId, "storedKeyId");
        Objects.requireNonNull(wrappedKey, "wrappedKey");
        if (wrappedKey.length == 0) {
            throw new IllegalStateException("Stored token under key '" + storedKeyId + "' has no wrapped data key, so "
                    + "it was not written by a KmsKeyProvider; configure the key provider that wrote it");
        }
        String cacheKey = cacheKey(storedKeyId, wrappedKey);
        Instant now = clock.instant();
        synchronized (this) {
            CachedKey cached = unwrapped.get(cacheKey);
            if (cached != null && now.isBefore(cached.expiresAt())) {
                return cached.key();
            }
        }
        SecretKey key = decrypt(storedKeyId, wrappedKey);
        synchronized (this) {
            remember(cacheKey, key, now);
        }
        return key;
    }

    private static String cacheKey(String storedKeyId, byte[] wrappedKey) {
        return storedKeyId + "#" + Base64.getEncoder().encodeToString(wrappedKey);
    }

    /** Caches an unwrapped key; the caller holds this object's lock. */
    private void remember(String cacheKey, SecretKey key, Instant now) {
        unwrapped.put(cacheKey, new CachedKey(key, now.plus(dataKeyLifetime)));
        while (unwrapped.size() > maxCachedKeys) {
            unwrapped.remove(unwrapped.keySet().iterator().next());
        }
    }

    @Override
    public String toString() {
        return "KmsKeyProvider[keyId=" + keyId + ", dataKeyLifetime=" + dataKeyLifetime + ", maxDataKeyUses="
                + maxDataKeyUses + "]";
    }

    private DataKey generate() {
        GenerateDataKeyResponse response;
        try {
            response = kms.generateDataKey(request -> request
                    .keyId(keyId)
                    .keySpec(DataKeySpec.AES_256)
                    .encryptionContext(encryptionContext));
        } catch (SdkException e) {
            throw kmsFailure("GenerateDataKey", keyId, e);
        }
        byte[] plaintext = response.plaintext() == null ? new byte[0] : response.plaintext().asByteArray();
        byte[] wrapped = response.ciphertextBlob() == null ? new byte[0] : response.ciphertextBlob().asByteArray();
        if (plaintext.length != 32 || wrapped.length == 0) {
            throw new IllegalStateException("KMS GenerateDataKey for key '" + keyId + "' returned a " + plaintext.length
                    + "-byte data key and a " + wrapped.length + "-byte wrapped key; expected 32 bytes and a wrapped key");
        }
        String returnedKeyId = response.keyId() == null || response.keyId().isEmpty() ? keyId : response.keyId();
        LOG.debug("Generated a new token data key under KMS key {}", returnedKeyId);
        return new DataKey(returnedKeyId, new SecretKeySpec(plaintext, "AES"), wrapped);
    }

    private SecretKey decrypt(String storedKeyId, byte[] wrappedKey) {
        DecryptResponse response;
        try {
            response = kms.decrypt(request -> request
                    .keyId(storedKeyId)
                    .ciphertextBlob(SdkBytes.fromByteArray(wrappedKey))
                    .encryptionContext(encryptionContext));
        } catch (SdkException e) {
            throw kmsFailure("Decrypt", storedKeyId, e);
        }
        byte[] plaintext = response.plaintext() == null ? new byte[0] : response.plaintext().asByteArray();
        if (plaintext.length != 32) {
            throw new IllegalStateException("KMS Decrypt under key '" + storedKeyId + "' returned a " + plaintext.length
                    + "-byte data key; expected 32 bytes");
        }
        LOG.debug("Unwrapped a token data key under KMS key {}", storedKeyId);
        return new SecretKeySpec(plaintext, "AES");
    }

    private static IllegalStateException kmsFailure(String operation, String keyId, SdkException e) {
        String code = e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException service
                && service.awsErrorDetails() != null ? service.awsErrorDetails().errorCode() : e.getClass().getSimpleName();
        return new IllegalStateException("KMS " + operation + " for key '" + keyId + "' failed (" + code + "); check the "
                + "key id, the caller's kms:" + operation + " permission and the encryption context", e);
    }

    private record CurrentKey(DataKey dataKey, Instant expiresAt, long uses) {
        CurrentKey used() {
            return new CurrentKey(dataKey, expiresAt, uses + 1);
        }
    }

    private record CachedKey(SecretKey key, Instant expiresAt) {
    }

    /** Builds a {@link KmsKeyProvider}. Not thread-safe; the built provider is. */
    public static final class Builder {
        private @Nullable KmsClient kms;
        private @Nullable String keyId;
        private Map<String, String> encryptionContext = Map.of("purpose", "iomt-sdk-token");
        private Clock clock = Clock.systemUTC();
        private Duration dataKeyLifetime = Duration.ofMinutes(5);
        private long maxDataKeyUses = 10_000;
        private int maxCachedKeys = 1_000;

        private Builder() {
        }

        /** Sets the KMS client; the provider never closes it. Required. */
        public Builder kmsClient(KmsClient kmsClient) {
            this.kms = Objects.requireNonNull(kmsClient, "kmsClient");
            return this;
        }

        /** Sets the KMS key (id, ARN, alias name or alias ARN) that wraps new data keys. Required. */
        public Builder keyId(String keyId) {
            Objects.requireNonNull(keyId, "keyId");
            if (keyId.isBlank()) {
                throw new IllegalArgumentException("keyId must not be blank; pass a KMS key id, ARN or alias");
            }
            this.keyId = keyId;
            return this;
        }

        /**
         * Sets the encryption context sent with every KMS call; default
         * {@code {"purpose": "iomt-sdk-token"}}. Changing it makes existing items unreadable.
         */
        public Builder encryptionContext(Map<String, String> context) {
            this.encryptionContext = Map.copyOf(Objects.requireNonNull(context, "context"));
            return this;
        }

        /** Sets the clock that times the caches; default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Sets how long a data key is used and an unwrapped key is kept; default 5 minutes. */
        public Builder dataKeyLifetime(Duration lifetime) {
            Objects.requireNonNull(lifetime, "lifetime");
            if (lifetime.isNegative() || lifetime.isZero()) {
                throw new IllegalArgumentException("dataKeyLifetime must be positive, got " + lifetime);
            }
            this.dataKeyLifetime = lifetime;
            return this;
        }

        /** Sets how many encryptions one data key serves; default 10,000, at most 2^32. */
        public Builder maxDataKeyUses(long uses) {
            if (uses < 1 || uses > (1L << 32)) {
                throw new IllegalArgumentException("maxDataKeyUses must lie in [1, 2^32], got " + uses);
            }
            this.maxDataKeyUses = uses;
            return this;
        }

        /** Sets how many unwrapped data keys are kept; default 1,000. */
        public Builder maxCachedKeys(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("maxCachedKeys must be >= 1, got " + count);
            }
            this.maxCachedKeys = count;
            return this;
        }

        /**
         * Returns the provider.
         *
         * @throws IllegalStateException if the KMS client or key id is missing
         */
        public KmsKeyProvider build() {
            if (kms == null || keyId == null) {
                throw new IllegalStateException("KmsKeyProvider needs kmsClient(...) and keyId(...)");
            }
            return new KmsKeyProvider(this);
        }
    }
}
