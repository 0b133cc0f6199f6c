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

    @Override
    protected long skipAt(long pos, long n) throws IOException {
        return readThrough(in::read, n, skipBuffer);
    }

    @Override
    public long position() {
        return consumed();
    }

    @Override
    public long remaining() {
        return -1;
    }
}
