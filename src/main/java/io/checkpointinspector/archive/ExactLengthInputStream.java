package io.checkpointinspector.archive;

import java.io.IOException;
import java.io.InputStream;

/** Delivers exactly length bytes of in, or fails naming the entry when in ends early. */
final class ExactLengthInputStream extends InputStream {

    private final InputStream in;
    private final long length;
    private final SourceRef source;
    private final String entry;
    private long consumed;
    private boolean closed;

    ExactLengthInputStream(InputStream in, long length, SourceRef source, String entry) {
        this.in = in;
        this.length = length;
        this.source = source;
        this.entry = entry;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (closed || consumed >= length) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        int n = in.read(b, off, (int) Math.min(len, length - consumed));
        if (n < 0) {
            throw source.fail(entry, "truncated: declared " + length + " bytes, " + consumed + " present");
        }
        consumed += n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        if (closed || n <= 0) {
            return 0;
        }
        long step = in.skip(Math.min(n, length - consumed));
        consumed += Math.max(0, step);
        return Math.max(0, step);
    }

    @Override
    public int available() throws IOException {
        return closed ? 0 : (int) Math.min(in.available(), length - consumed);
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            in.close();
        }
    }
}
