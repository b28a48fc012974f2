package io.iomt.sdk.fitbit.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Reads a response body into a list of chunks of at most {@value #CHUNK_SIZE} bytes, and reads it
 * back as one stream. A day of heart rate is several megabytes, and G1 allocates an array of half a
 * heap region or more (512 KB with the smallest, 1 MB regions) as a humongous object, which can
 * start a marking cycle. Chunks stay below that size.
 */
public final class BodyChunks {

    /** The size of every chunk but the last. */
    public static final int CHUNK_SIZE = 64 * 1024;

    private BodyChunks() {
    }

    /** Reads {@code body} to its end into chunks, none of them empty, so an empty body yields none. */
    public static List<byte[]> read(InputStream body) throws IOException {
        List<byte[]> chunks = new ArrayList<>();
        while (true) {
            byte[] chunk = new byte[CHUNK_SIZE];
            int length = body.readNBytes(chunk, 0, CHUNK_SIZE);
            if (length == CHUNK_SIZE) {
                chunks.add(chunk);
                continue;
            }
            if (length > 0) {
                chunks.add(Arrays.copyOf(chunk, length));
            }
            return chunks;
        }
    }

    /** Returns a stream of the chunks' bytes in order. */
    public static InputStream stream(List<byte[]> chunks) {
        List<InputStream> streams = new ArrayList<>(chunks.size());
        for (byte[] chunk : chunks) {
            streams.add(new ByteArrayInputStream(chunk));
        }
        return new SequenceInputStream(Collections.enumeration(streams));
    }

    /** Returns the total number of bytes in {@code chunks}. */
    public static long length(List<byte[]> chunks) {
        long length = 0;
        for (byte[] chunk : chunks) {
            length += chunk.length;
        }
        return length;
    }
}
