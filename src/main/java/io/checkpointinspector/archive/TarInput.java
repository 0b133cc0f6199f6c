package io.checkpointinspector.archive;

import java.io.IOException;

/** What {@link TarReader} reads from: a file range (seeking) or a stream (reading through). */
interface TarInput {

    /** Reads up to len bytes, blocking until len bytes or the end; returns the count (0 at the end). */
    default int readFully(byte[] dst, int off, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int n = read(dst, off + total, len - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    /** Reads up to len bytes (at least 1 unless at the end); -1 at the end. */
    int read(byte[] dst, int off, int len) throws IOException;

    /** Skips up to n bytes; returns how many were there. */
    long skip(long n) throws IOException;

    /** Position for offsets reported in entries: absolute file position for files, stream position otherwise. */
    long position();

    /** Bytes known to remain, or -1 when unknown (streams). */
    long remaining();
}
