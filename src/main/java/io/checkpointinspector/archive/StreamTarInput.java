package io.checkpointinspector.archive;

import java.io.IOException;
import java.io.InputStream;

/** Tar input over a (decompressed) stream: skipping reads through, or uses the stream's own skip when trusted. */
final class StreamTarInput extends BoundedStream implements TarInput {

    private final InputStream in;
    private final boolean ownSkip;
    private byte[] skipBuffer;

    StreamTarInput(InputStream in) {
        this(in, false);
    }

    /**
     * ownSkip: in's skip never claims bytes that are not there (our zstd slice decoder's output), so skipping uses
     * it and copies nothing; other streams (a file's may skip past its end) are read through.
     */
    StreamTarInput(InputStream in, boolean ownSkip) {
        super(Long.MAX_VALUE);
        this.in = in;
        this.ownSkip = ownSkip;
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
        if (ownSkip) {
            while (skipped < n) {
                long s = in.skip(n - skipped);
                if (s > 0) {
                    skipped += s;
                } else if (in.read() >= 0) {
                    skipped++;
                } else {
                    break;
                }
            }
            long done = skipped;
            skipped = 0;
            return done;
        }
        if (skipBuffer == null) {
            skipBuffer = new byte[64 * 1024];
        }
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
