package io.iomt.sdk.fitbit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/** Test keys, signing, a queued executor and a recording listener for webhook tests. */
final class WebhookTestSupport {

    static final String SECRET = "Bearer test-webhook-secret-7f3a";

    private WebhookTestSupport() {
    }

    /** A P-256 key pair with a Tink key id that signs like Google. */
    static final class TestKey {
        final long keyId;
        final KeyPair pair;

        TestKey(long keyId) {
            this.keyId = keyId;
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                this.pair = generator.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new AssertionError(e);
            }
        }

        /** Returns the base64 header value: Tink prefix and DER signature. */
        String sign(byte[] body) {
            return signWithKeyId(body, keyId);
        }

        String signWithKeyId(byte[] body, long prefixKeyId) {
            try {
                Signature signer = Signature.getInstance("SHA256withECDSA");
                signer.initSign(pair.getPrivate());
                signer.update(body);
                byte[] der = signer.sign();
                byte[] out = new byte[5 + der.length];
                out[0] = 0x01;
                out[1] = (byte) (prefixKeyId >>> 24);
                out[2] = (byte) (prefixKeyId >>> 16);
                out[3] = (byte) (prefixKeyId >>> 8);
                out[4] = (byte) prefixKeyId;
                System.arraycopy(der, 0, out, 5, der.length);
                return Base64.getEncoder().encodeToString(out);
            } catch (GeneralSecurityException e) {
                throw new AssertionError(e);
            }
        }

        /** Returns the serialized EcdsaPublicKey with the given enum numbers. */
        byte[] publicKeyProto(int hashType, int curve, int encoding) {
            ECPublicKey publicKey = (ECPublicKey) pair.getPublic();
            byte[] params = concat(varintField(1, hashType), varintField(2, curve), varintField(3, encoding));
            return concat(bytesField(2, params),
                    bytesField(3, publicKey.getW().getAffineX().toByteArray()),
                    bytesField(4, publicKey.getW().getAffineY().toByteArray()));
        }

        /** Returns a keyset entry for this key. */
        String keyJson(String status, String prefixType, int hashType, int curve) {
            return "{\"keyData\":{\"typeUrl\":\"type.googleapis.com/google.crypto.tink.EcdsaPublicKey\","
                    + "\"value\":\"" + Base64.getEncoder().encodeToString(publicKeyProto(hashType, curve, 2)) + "\","
                    + "\"keyMaterialType\":\"ASYMMETRIC_PUBLIC\"},\"status\":\"" + status + "\",\"keyId\":" + keyId
                    + ",\"outputPrefixType\":\"" + prefixType + "\"}";
        }

        String keyJson() {
            return keyJson("ENABLED", "TINK", 3, 2);
        }
    }

    /** Returns a keyset JSON with the given key entries; the first is primary. */
    static String keysetJson(long primaryKeyId, String... keyEntries) {
        return "{\"primaryKeyId\":" + primaryKeyId + ",\"key\":[" + String.join(",", keyEntries) + "]}";
    }

    static String keysetJson(TestKey... keys) {
        List<String> entries = new ArrayList<>();
        for (TestKey key : keys) {
            entries.add(key.keyJson());
        }
        return keysetJson(keys[0].keyId, entries.toArray(String[]::new));
    }

    static byte[] notificationJson(String healthUserId, String dataType, String operation, String start, String end) {
        return ("[{\"data\":{\"version\":\"1\",\"clientProvidedSubscriptionName\":\"sub-1\","
                + "\"healthUserId\":\"" + healthUserId + "\",\"operation\":\"" + operation + "\","
                + "\"dataType\":\"" + dataType + "\",\"intervals\":[{\"physicalTimeInterval\":{"
                + "\"startTime\":\"" + start + "\",\"endTime\":\"" + end + "\"}}]}}]")
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] stepsUpsert() {
        return notificationJson("user-1", "steps", "UPSERT", "2026-12-01T07:15:00Z", "2026-12-01T07:20:00Z");
    }

    static WebhookRequest signedRequest(TestKey key, byte[] body) {
        return WebhookRequest.builder().header("Authorization", SECRET)
                .header("Content-Type", "application/json")
                .header(WebhookReceiver.SIGNATURE_HEADER, key.sign(body)).body(body).build();
    }

    /** Collects tasks and runs them when asked; optionally rejects everything. */
    static final class QueuedExecutor implements Executor {
        private final Queue<Runnable> tasks = new ArrayDeque<>();
        volatile boolean rejecting;

        @Override
        public synchronized void execute(Runnable task) {
            if (rejecting) {
                throw new RejectedExecutionException("queue full");
            }
            tasks.add(task);
        }

        synchronized int pending() {
            return tasks.size();
        }

        void runAll() {
            Runnable task;
            while ((task = poll()) != null) {
                task.run();
            }
        }

        private synchronized Runnable poll() {
            return tasks.poll();
        }
    }

    /** Records every listener call. */
    static final class RecordingListener implements WebhookListener {
        final List<WebhookSyncRequest> syncRequests = Collections.synchronizedList(new ArrayList<>());
        final List<WebhookSyncRequest> deletions = Collections.synchronizedList(new ArrayList<>());
        final List<WebhookSyncRequest> duplicates = Collections.synchronizedList(new ArrayList<>());
        final List<WebhookRejection> rejections = Collections.synchronizedList(new ArrayList<>());
        final List<String> order = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onSyncRequested(WebhookSyncRequest request) {
            order.add("sync:" + request.operation());
            syncRequests.add(request);
        }

        @Override
        public void onDataDeleted(WebhookSyncRequest request) {
            order.add("deleted");
            deletions.add(request);
        }

        @Override
        public void onDuplicate(WebhookSyncRequest request) {
            duplicates.add(request);
        }

        @Override
        public void onRejected(WebhookRejection rejection) {
            rejections.add(rejection);
        }
    }

    private static byte[] varintField(int field, long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeVarint(out, (long) field << 3);
        writeVarint(out, value);
        return out.toByteArray();
    }

    private static byte[] bytesField(int field, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeVarint(out, ((long) field << 3) | 2);
        writeVarint(out, value.length);
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        long remaining = value;
        while ((remaining & ~0x7FL) != 0) {
            out.write((int) ((remaining & 0x7F) | 0x80));
            remaining >>>= 7;
        }
        out.write((int) remaining);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
