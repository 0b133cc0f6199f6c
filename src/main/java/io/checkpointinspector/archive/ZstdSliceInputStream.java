package io.checkpointinspector.archive;

import com.github.luben.zstd.ZstdDirectBufferDecompressingStreamNoFinalizer;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * zstd data in a file slice, decoded through direct buffers while a thread of its own reads the compressed bytes
 * ahead. Copying the compressed bytes out of the page cache is then done on the other core, and the decoder reads
 * them in place: on the 1.1 GB benchmark archive decoding took 0.23 s instead of 0.37 s with a heap stream. Skipped
 * bytes are decoded but never copied.
 *
 * <p>Never a memory map: a mapped file that shrinks under the native decoder kills the process. The reading
 * thread is never interrupted (the slice's channel is shared). Data that ends inside a zstd frame ends in an
 * {@link EOFException}; the decoder's own errors are IOExceptions.
 */
final class ZstdSliceInputStream extends InputStream {

    private static final int CHUNK = 1 << 20;
    private static final int DEPTH = 3;
    private static final long POLL_MS = 50;

    private final FileSlice slice;
    private final LongConsumer consumed;
    private final BlockingQueue<ByteBuffer> full = new ArrayBlockingQueue<>(DEPTH + 2);
    private final BlockingQueue<ByteBuffer> empty = new ArrayBlockingQueue<>(DEPTH + 2);
    private final Thread reader;
    private final ZstdDirectBufferDecompressingStreamNoFinalizer decoder;
    private final ByteBuffer out = ByteBuffer.allocateDirect(CHUNK);
    private volatile boolean closed;
    private volatile IOException readFailure;
    private boolean inputEnded;
    private boolean decodedAll;
    /** A failure met by a skip after it had skipped something: thrown by the next read or skip. */
    private IOException pending;
    private long compressedDone;

    /** A buffer the reading thread puts last: the slice has no more bytes (or could not be read: readFailure). */
    private static final ByteBuffer END = ByteBuffer.allocateDirect(0);

    /** consumed: told how many compressed bytes the decoder has taken so far (progress; may throw cancellation). */
    ZstdSliceInputStream(FileSlice slice, LongConsumer consumed) throws IOException {
        this.slice = slice;
        this.consumed = consumed;
        for (int i = 0; i < DEPTH + 1; i++) {
            empty.add(ByteBuffer.allocateDirect(CHUNK));
        }
        out.flip();
        reader = new Thread(this::readAhead, "zstd input of " + slice.file().path());
        reader.setDaemon(true);
        reader.start();
        ByteBuffer first;
        try {
            first = next(null);
        } catch (UncheckedIOException e) {
            stopReader();
            throw e.getCause();
        } catch (RuntimeException e) {
            stopReader();
            throw e;
        }
        decoder = new ZstdDirectBufferDecompressingStreamNoFinalizer(first) {
            @Override
            protected ByteBuffer refill(ByteBuffer used) {
                return used.hasRemaining() ? used : next(used);
            }
        };
    }

    private void readAhead() {
        long pos = 0;
        try {
            while (!closed) {
                ByteBuffer buf = empty.poll(POLL_MS, TimeUnit.MILLISECONDS);
                if (buf == null) {
                    continue;
                }
                buf.clear();
                boolean atEnd = false;
                while (buf.hasRemaining() && !closed) {
                    if (pos >= slice.length()) {
                        atEnd = true;
                        break;
                    }
                    int want = (int) Math.min(buf.remaining(), slice.length() - pos);
                    buf.limit(buf.position() + want);
                    int n = slice.file().read(buf, slice.offset() + pos);
                    buf.limit(buf.capacity());
                    if (n < 0) {
                        atEnd = true;
                        break;
                    }
                    pos += n;
                }
                buf.flip();
                if (buf.hasRemaining() && !put(buf)) {
                    return;
                }
                if (atEnd) {
                    put(END);
                    return;
                }
            }
        } catch (IOException e) {
            readFailure = e;
            try {
                put(END);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean put(ByteBuffer b) throws InterruptedException {
        while (!closed) {
            if (full.offer(b, POLL_MS, TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return false;
    }

    /** The next compressed bytes for the decoder (used goes back to the pool); an empty buffer at the end. */
    private ByteBuffer next(ByteBuffer used) {
        if (used != null && used != END && used.capacity() == CHUNK) {
            empty.offer(used);
        }
        if (inputEnded) {
            return END;
        }
        ByteBuffer b;
        try {
            b = full.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("interrupted while reading " + slice.file()
                    .path()));
        }
        if (b == END) {
            inputEnded = true;
            if (readFailure != null) {
                throw new UncheckedIOException(readFailure);
            }
            return END;
        }
        compressedDone += b.remaining();
        consumed.accept(compressedDone);
        return b;
    }

    /** Decodes into out until it holds something; false at the end of the data. */
    private boolean fill() throws IOException {
        if (out.hasRemaining()) {
            return true;
        }
        if (pending != null) {
            IOException e = pending;
            pending = null;
            throw e;
        }
        if (decodedAll) {
            return false;
        }
        out.clear();
        try {
            while (out.position() == 0) {
                if (!decoder.hasRemaining()) {
                    decodedAll = true;
                    break;
                }
                int n = decoder.read(out);
                if (n == 0 && inputEnded && decoder.hasRemaining()) {
                    // no input left, none produced, and the frame is not finished: the data was cut
                    throw new EOFException("truncated zstd data: the input ends inside a frame");
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            out.flip();
        }
        return out.hasRemaining();
    }

    @Override
    public int read() throws IOException {
        return fill() ? out.get() & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, out.remaining());
        out.get(b, off, n);
        return n;
    }

    /**
     * Drops up to n decoded bytes without copying them; fewer only at the end of the data, or before a failure,
     * which the next call then throws (so that the caller counts the bytes that were there, as a read would).
     */
    @Override
    public long skip(long n) throws IOException {
        long done = 0;
        try {
            while (done < n && fill()) {
                int step = (int) Math.min(n - done, out.remaining());
                out.position(out.position() + step);
                done += step;
            }
        } catch (IOException e) {
            if (done == 0) {
                throw e;
            }
            pending = e;
        }
        return done;
    }

    @Override
    public int available() {
        return out.remaining();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        stopReader();
        decoder.close();
    }

    private void stopReader() {
        closed = true;
        full.clear();
        boolean interrupted = false;
        while (reader.isAlive()) {
            try {
                reader.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
