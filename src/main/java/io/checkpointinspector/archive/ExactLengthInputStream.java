package io.checkpointinspector.archive;

import java.io.IOException;
import java.io.InputStream;

/** Delivers exactly length bytes of in, or fails naming the entry when in ends early. */
final class ExactLengthInputStream extends BoundedStream {

    private final InputStream in;
    private final long length;
    private final SourceRef source;
    private final String entry;
    private boolean closed;

    ExactLengthInputStream(InputStream in, long length, SourceRef source, String entry) {
        super(length);
        this.in = in;
        this.length = length;
        this.source = source;
        this.entry = entry;
    }

    @Override
    protected int readAt(long pos, byte[] b, int off, int len) throws IOException {
        return in.read(b, off, len);
    }

    @Override
    protected long skipAt(long pos, long n) throws IOException {
        return in.skip(n);
    }

    @Override
    protected int endedEarly(long pos) throws IOException {
        throw source.fail(entry, "truncated: declared " + length + " bytes, " + pos + " present");
    }

    @Override
    protected boolean live() {
        return !closed;
    }

    @Override
    public int available() throws IOException {
        return closed ? 0 : (int) Math.min(in.available(), left());
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            in.close();
        }
    }
}
