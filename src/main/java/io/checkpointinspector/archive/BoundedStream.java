package io.checkpointinspector.archive;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The one read/skip/limit loop of the archive package: a stream of at most {@code bound} bytes that keeps its own
 * position and asks its subclass for bytes at that position. Positional sources (a file range) read and seek at
 * the position; sequential ones (a decompressor, the tar data) ignore it and read on. Like Commons Compress's
 * BoundedArchiveInputStream, in our own terms: subclasses say what happens when the data ends early (quietly, or a
 * "truncated" error) and when more data follows the bound (a decompression bomb).
 */
abstract class BoundedStream extends InputStream {

    /** Bytes read and dropped at a time by a skip that cannot seek. */
    private static final int SKIP_BUFFER = 64 * 1024;

    private final long bound;
    private long pos;

    /** bound: bytes the stream delivers at most (Long.MAX_VALUE: no bound). */
    protected BoundedStream(long bound) {
        this.bound = bound;
    }

    /**
     * Reads up to len (at least 1, within the bound) bytes at position pos of this stream; -1 when the underlying
     * data ends.
     */
    protected abstract int readAt(long pos, byte[] b, int off, int len) throws IOException;

    /**
     * Skips n (at least 1, within the bound) bytes at pos and returns how many were there. By default they are read
     * and dropped; positional sources seek instead.
     */
    protected long skipAt(long pos, long n) throws IOException {
        long[] at = {pos};
        return readThrough((b, off, len) -> {
            int got = readAt(at[0], b, off, len);
            at[0] += Math.max(0, got);
            return got;
        }, n, new byte[(int) Math.min(SKIP_BUFFER, n)]);
    }

    /** The underlying data ended at pos, before the bound: -1 (end quietly) unless the subclass throws. */
    protected int endedEarly(long pos) throws IOException {
        return -1;
    }

    /** A read or skip reached the bound and wants more: -1 (the end) unless the subclass objects. */
    protected int atBound() throws IOException {
        return -1;
    }

    /** False once the stream no longer delivers anything (closed, or superseded); reads then return -1. */
    protected boolean live() {
        return true;
    }

    /** Bytes delivered or skipped so far. */
    protected final long consumed() {
        return pos;
    }

    /** Bytes left before the bound. */
    protected final long left() {
        return bound - pos;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (!live()) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        if (pos >= bound) {
            return atBound();
        }
        int n = readAt(pos, b, off, (int) Math.min(len, bound - pos));
        if (n < 0) {
            return endedEarly(pos);
        }
        pos += n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        if (!live() || n <= 0) {
            return 0;
        }
        long want = Math.min(n, bound - pos);
        long done = want > 0 ? Math.max(0, skipAt(pos, want)) : 0;
        pos += done;
        if (done == want && want < n) {
            atBound();
        }
        return done;
    }

    /** Bytes that can be read without blocking, as far as this stream knows: none by default. */
    @Override
    public int available() throws IOException {
        return 0;
    }

    /** Something that reads like {@link InputStream#read(byte[], int, int)}. */
    @FunctionalInterface
    interface Chunks {
        int read(byte[] b, int off, int len) throws IOException;
    }

    /** Skips n bytes of in by reading them into sink; returns how many were there. */
    static long readThrough(Chunks in, long n, byte[] sink) throws IOException {
        long done = 0;
        while (done < n) {
            int got = in.read(sink, 0, (int) Math.min(sink.length, n - done));
            if (got < 0) {
                break;
            }
            done += got;
        }
        return done;
    }
}
