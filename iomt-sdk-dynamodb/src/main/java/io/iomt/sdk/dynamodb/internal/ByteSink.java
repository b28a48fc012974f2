package io.iomt.sdk.dynamodb.internal;

import java.util.Arrays;

/** A growable byte array with variable-length integer writes. Not thread-safe. */
final class ByteSink {

    private byte[] bytes;
    private int size;

    ByteSink(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    void writeByte(int value) {
        ensureCapacity(size + 1);
        bytes[size++] = (byte) value;
    }

    /** Writes {@code value} as an unsigned LEB128 varint: 7 bits per byte, low bits first. */
    void writeVarLong(long value) {
        ensureCapacity(size + 10);
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        bytes[size++] = (byte) rest;
    }

    /** Writes a signed value with zigzag encoding, so small negative numbers stay short. */
    void writeSignedVarLong(long value) {
        writeVarLong((value << 1) ^ (value >> 63));
    }

    void writeLong(long value) {
        ensureCapacity(size + 8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (value >>> shift);
        }
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void ensureCapacity(int needed) {
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
        }
    }
}
