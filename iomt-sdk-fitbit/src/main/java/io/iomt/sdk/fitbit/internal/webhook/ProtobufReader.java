package io.iomt.sdk.fitbit.internal.webhook;

import java.util.Arrays;

/**
 * Reads the protobuf wire format field by field, enough to decode Tink's small key messages.
 * Not thread-safe; one instance reads one message.
 */
final class ProtobufReader {

    static final int WIRE_VARINT = 0;
    static final int WIRE_FIXED64 = 1;
    static final int WIRE_LENGTH_DELIMITED = 2;
    static final int WIRE_FIXED32 = 5;

    private final byte[] bytes;
    private final int end;
    private int position;
    private int wireType;

    ProtobufReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    private ProtobufReader(byte[] bytes, int start, int end) {
        this.bytes = bytes;
        this.position = start;
        this.end = end;
    }

    /** Returns whether another field follows. */
    boolean hasNext() {
        return position < end;
    }

    /**
     * Reads the next field's tag and returns its field number.
     *
     * @throws IllegalArgumentException if the tag is malformed or uses a group wire type
     */
    int nextField() {
        long tag = readVarint();
        wireType = (int) (tag & 0x7);
        long field = tag >>> 3;
        if (field < 1 || field > 0x1FFF_FFFF) {
            throw new IllegalArgumentException("invalid protobuf field number " + field);
        }
        if (wireType != WIRE_VARINT && wireType != WIRE_FIXED64
                && wireType != WIRE_LENGTH_DELIMITED && wireType != WIRE_FIXED32) {
            throw new IllegalArgumentException("unsupported protobuf wire type " + wireType + " for field " + field);
        }
        return (int) field;
    }

    /** Returns the wire type of the field whose tag was read last. */
    int wireType() {
        return wireType;
    }

    /** Reads a varint value of the current field. */
    long readVarintField() {
        expect(WIRE_VARINT);
        return readVarint();
    }

    /** Reads a length-delimited value of the current field. */
    byte[] readBytesField() {
        expect(WIRE_LENGTH_DELIMITED);
        int length = readLength();
        byte[] value = Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        return value;
    }

    /** Returns a reader over the embedded message of the current field. */
    ProtobufReader readMessageField() {
        expect(WIRE_LENGTH_DELIMITED);
        int length = readLength();
        ProtobufReader nested = new ProtobufReader(bytes, position, position + length);
        position += length;
        return nested;
    }

    /** Skips the value of the current field. */
    void skipField() {
        switch (wireType) {
            case WIRE_VARINT -> readVarint();
            case WIRE_FIXED64 -> advance(8);
            case WIRE_FIXED32 -> advance(4);
            default -> advance(readLength());
        }
    }

    private void expect(int expectedWireType) {
        if (wireType != expectedWireType) {
            throw new IllegalArgumentException(
                    "unexpected protobuf wire type " + wireType + ", expected " + expectedWireType);
        }
    }

    private int readLength() {
        long length = readVarint();
        if (length < 0 || length > end - position) {
            throw new IllegalArgumentException("protobuf length " + length + " exceeds the remaining "
                    + (end - position) + " bytes");
        }
        return (int) length;
    }

    private void advance(int count) {
        if (count > end - position) {
            throw new IllegalArgumentException("protobuf message ends inside a field");
        }
        position += count;
    }

    private long readVarint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position >= end) {
                throw new IllegalArgumentException("protobuf message ends inside a varint");
            }
            byte b = bytes[position++];
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("protobuf varint longer than 10 bytes");
    }
}
