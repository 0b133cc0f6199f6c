package io.checkpointinspector.archive;

import java.io.IOException;
import java.io.InputStream;

/** Tar input over a (decompressed) stream: skipping reads through. */
final class StreamTarInput implements TarInput {

    private final InputStream in;
    private final byte[] skipBuffer = new byte[64 * 1024];
    private long pos;

    StreamTarInput(InputStream in) {
        this.in = in;
    }

    @Override
    public int readFully(byte[] dst, int off, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int n = in.read(dst, off + total, len - total);
            if (n < 0) {
                break;
            }
            total += n;
            pos += n;
        }
        return total;
    }

    @Override
    public int read(byte[] dst, int off, int len) throws IOException {
        int n = in.read(dst, off, len);
        if (n > 0) {
            pos += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long done = 0;
        while (done < n) {
            int step = (int) Math.min(skipBuffer.length, n - done);
            int got = in.read(skipBuffer, 0, step);
            if (got < 0) {
                break;
            }
            done += got;
            pos += got; // kept current so that a failure part-way still tells how far the data went
        }
        return done;
    }

    @Override
    public long position() {
        return pos;
    }

    @Override
    public long remaining() {
        return -1;
    }
}
