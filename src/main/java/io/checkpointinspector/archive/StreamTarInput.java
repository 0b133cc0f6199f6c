package io.checkpointinspector.archive;

import java.io.IOException;
import java.io.InputStream;

/** Tar input over a (decompressed) stream: skipping reads through. */
final class StreamTarInput extends BoundedStream implements TarInput {

    private final InputStream in;
    private final byte[] skipBuffer = new byte[64 * 1024];

    StreamTarInput(InputStream in) {
        super(Long.MAX_VALUE);
        this.in = in;
    }

    @Override
    protected int readAt(long pos, byte[] dst, int off, int len) throws IOException {
        return in.read(dst, off, len);
    }

    /** Bytes of a skip that failed part-way (the data ended inside it): they were there. */
    private long skipped;

    @Override
    protected long skipAt(long pos, long n) throws IOException {
        skipped = 0;
        long done = readThrough((b, off, len) -> {
            int got = in.read(b, off, len);
            skipped += Math.max(0, got);
            return got;
        }, n, skipBuffer);
        skipped = 0;
        return done;
    }

    @Override
    public long position() {
        return consumed() + skipped;
    }

    @Override
    public long remaining() {
        return -1;
    }
}
