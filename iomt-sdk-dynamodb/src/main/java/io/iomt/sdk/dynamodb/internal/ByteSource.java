package io.iomt.sdk.dynamodb.internal;

/**
 * Reads what {@link ByteSink} wrote. Every read checks the bounds and throws
 * {@link MalformedBucketException} on truncated or overlong input. Not thread-safe.
 */
final class ByteSource {

    private final byte[] bytes;
    private final int end;
    private int position;

    ByteSource(byte[] bytes, int length) {
        this.bytes = bytes;
        this.end = length;
    }

    int readByte() {
        if (position >= end) {
            throw new MalformedBucketException("truncated at byte " + position);
        }
        return bytes[position++] & 0xFF;
    }

    long readVarLong() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int next = readByte();
            result |= (long) (next & 0x7F) << shift;
            if ((next & 0x80) == 0) {
                return result;
            }
        }
        throw new MalformedBucketException("varint longer than 10 bytes at byte " + position);
    }

    long readSignedVarLong() {
        long raw = readVarLong();
        return (raw >>> 1) ^ -(raw & 1);
    }

    long readLong() {
        long result = 0;
        for (int i = 0; i < 8; i++) {
            result = (result << 8) | readByte();
        }
        return result;
    }

    boolean isExhausted() {
        return position == end;
    }
}
