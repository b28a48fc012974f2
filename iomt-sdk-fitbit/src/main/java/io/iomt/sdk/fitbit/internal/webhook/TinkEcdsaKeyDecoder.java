package io.iomt.sdk.fitbit.internal.webhook;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;

/**
 * Decodes the serialized {@code google.crypto.tink.EcdsaPublicKey} protobuf message that a Tink
 * JSON keyset carries (base64) in {@code keyData.value}.
 *
 * <p>The message has {@code version} (1, uint32), {@code params} (2, {@code EcdsaParams} with
 * {@code hash_type} 1, {@code curve} 2 and {@code encoding} 3), {@code x} (3) and {@code y} (4), the
 * coordinates as unsigned big-endian bytes that may carry a leading zero byte. Only SHA-256 on
 * NIST P-256 is accepted, because that is what Google signs webhook notifications with. Stateless
 * and thread-safe.
 */
public final class TinkEcdsaKeyDecoder {

    /** The {@code typeUrl} of keys this decoder reads. */
    public static final String TYPE_URL = "type.googleapis.com/google.crypto.tink.EcdsaPublicKey";

    // Enum numbers from Tink's common.proto and ecdsa.proto.
    private static final long HASH_SHA256 = 3;
    private static final long CURVE_NIST_P256 = 2;
    private static final long ENCODING_IEEE_P1363 = 1;
    private static final long ENCODING_DER = 2;

    private static final ECParameterSpec P256 = loadP256();

    private TinkEcdsaKeyDecoder() {
    }

    /**
     * Decodes a serialized {@code EcdsaPublicKey}.
     *
     * @param keyId the key's Tink key id, an unsigned 32-bit value
     * @param serialized the protobuf bytes
     * @throws IllegalArgumentException if the message is malformed, its parameters are not SHA-256
     *     on P-256, or the point is not on the curve
     */
    public static EcdsaVerificationKey decode(long keyId, byte[] serialized) {
        ProtobufReader reader = new ProtobufReader(serialized);
        long version = 0;
        long hashType = 0;
        long curve = 0;
        long encoding = 0;
        byte[] x = null;
        byte[] y = null;
        while (reader.hasNext()) {
            int field = reader.nextField();
            switch (field) {
                case 1 -> version = reader.readVarintField();
                case 2 -> {
                    long[] params = readParams(reader.readMessageField());
                    hashType = params[0];
                    curve = params[1];
                    encoding = params[2];
                }
                case 3 -> x = reader.readBytesField();
                case 4 -> y = reader.readBytesField();
                default -> reader.skipField();
            }
        }

        if (version != 0) {
            throw new IllegalArgumentException("unsupported EcdsaPublicKey version " + version + ", expected 0");
        }
        if (hashType != HASH_SHA256) {
            throw new IllegalArgumentException("unsupported hash type " + hashType + ", expected SHA256 (3)");
        }
        if (curve != CURVE_NIST_P256) {
            throw new IllegalArgumentException("unsupported curve " + curve + ", expected NIST_P256 (2)");
        }
        if (encoding != ENCODING_DER && encoding != ENCODING_IEEE_P1363) {
            throw new IllegalArgumentException("unsupported signature encoding " + encoding
                    + ", expected DER (2) or IEEE_P1363 (1)");
        }
        if (x == null || y == null) {
            throw new IllegalArgumentException("EcdsaPublicKey has no " + (x == null ? "x" : "y") + " coordinate");
        }
        ECPoint point = new ECPoint(coordinate("x", x), coordinate("y", y));
        checkOnCurve(point);
        return new EcdsaVerificationKey(keyId, toPublicKey(point), encoding == ENCODING_DER);
    }

    private static long[] readParams(ProtobufReader reader) {
        long[] params = new long[3];
        while (reader.hasNext()) {
            int field = reader.nextField();
            if (field >= 1 && field <= 3) {
                params[field - 1] = reader.readVarintField();
            } else {
                reader.skipField();
            }
        }
        return params;
    }

    private static BigInteger coordinate(String name, byte[] bytes) {
        if (bytes.length == 0 || bytes.length > 33) {
            throw new IllegalArgumentException("coordinate " + name + " has " + bytes.length
                    + " bytes, expected 1 to 33 for P-256");
        }
        return new BigInteger(1, bytes);
    }

    private static void checkOnCurve(ECPoint point) {
        EllipticCurve curve = P256.getCurve();
        BigInteger p = ((ECFieldFp) curve.getField()).getP();
        BigInteger x = point.getAffineX();
        BigInteger y = point.getAffineY();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            throw new IllegalArgumentException("point coordinates are outside the P-256 field");
        }
        BigInteger left = y.multiply(y).mod(p);
        BigInteger right = x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
        if (!left.equals(right)) {
            throw new IllegalArgumentException("point is not on the P-256 curve");
        }
    }

    private static ECPublicKey toPublicKey(ECPoint point) {
        try {
            ECPublicKey key = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, P256));
            new EcdsaVerificationKey(0, key, true).checkUsable();
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the JDK rejected the P-256 public key: " + e.getMessage(), e);
        }
    }

    private static ECParameterSpec loadP256() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
