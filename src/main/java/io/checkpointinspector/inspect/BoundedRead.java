package io.checkpointinspector.inspect;

import io.checkpointinspector.archive.CheckpointFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** Reads an entry into memory only up to a cap, so a crafted size can never exhaust the heap. */
final class BoundedRead {

    private BoundedRead() {
    }

    /** The whole entry, or a {@link CheckpointFormatException} when it is longer than max. */
    static byte[] all(Path source, String entry, InputStream in, int max) throws IOException {
        byte[] data = upTo(in, max + 1L);
        if (data.length > max) {
            throw new CheckpointFormatException(source, entry, "entry is larger than the " + max + "-byte limit");
        }
        return data;
    }

    /** At most max bytes from the start of the entry. */
    static byte[] upTo(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        long left = max;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                break;
            }
            out.write(buf, 0, n);
            left -= n;
        }
        return out.toByteArray();
    }
}
