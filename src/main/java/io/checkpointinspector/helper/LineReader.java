package io.checkpointinspector.helper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads newline-terminated lines of at most a fixed number of bytes. A longer line is skipped up to its newline
 * without being kept in memory; a last line without a newline is reported as incomplete, never acted on. With a
 * half-line timeout, a line whose newline does not follow its first byte within that time is reported as
 * {@link Kind#TIMED_OUT} (an idle connection, between lines, may wait for ever): a blocked read cannot be
 * interrupted, so a pump thread reads and this reader waits on what it delivers, with a deadline.
 */
public final class LineReader {

    /** What one read found. text is set only for LINE. */
    public record Line(Kind kind, String text) {
    }

    public enum Kind { LINE, TOO_LONG, NOT_UTF8, INCOMPLETE, TIMED_OUT, END }

    private static final byte[] END = new byte[0];
    private final InputStream in;
    private final int max;
    private final long halfLineNanos;
    private final java.util.concurrent.BlockingQueue<byte[]> chunks;
    private volatile IOException failure;
    private byte[] buf = new byte[8192];
    private int pos;
    private int limit;
    private long lineStarted;

    public LineReader(InputStream in, int maxBytes) {
        this(in, maxBytes, 0);
    }

    /** halfLineMillis: how long a started line may wait for its newline; 0 for no limit. */
    public LineReader(InputStream in, int maxBytes, long halfLineMillis) {
        this.in = in;
        this.max = maxBytes;
        this.halfLineNanos = halfLineMillis * 1_000_000;
        if (halfLineMillis > 0) {
            chunks = new java.util.concurrent.ArrayBlockingQueue<>(8);
            Thread pump = new Thread(this::pump, "helper-stdin");
            pump.setDaemon(true);
            pump.start();
        } else {
            chunks = null;
        }
    }

    private void pump() {
        try {
            while (true) {
                byte[] b = new byte[8192];
                int n = in.read(b, 0, b.length);
                if (n <= 0) {
                    break;
                }
                chunks.put(java.util.Arrays.copyOf(b, n));
            }
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            chunks.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Fills buf; returns the bytes read, -1 at the end, -2 when the started line's time ran out. */
    private int fill(boolean lineInProgress) throws IOException {
        if (chunks == null) {
            return in.read(buf, 0, buf.length);
        }
        byte[] b;
        try {
            if (lineInProgress) {
                long left = lineStarted + halfLineNanos - System.nanoTime();
                b = left <= 0 ? null : chunks.poll(left, java.util.concurrent.TimeUnit.NANOSECONDS);
                if (b == null) {
                    return -2;
                }
            } else {
                b = chunks.take();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading requests");
        }
        if (b == END) {
            chunks.offer(END);
            if (failure != null) {
                throw failure;
            }
            return -1;
        }
        buf = b;
        return b.length;
    }

    public Line next() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (pos == limit) {
                limit = fill(any);
                pos = 0;
                if (limit == -2) {
                    limit = 0;
                    return new Line(Kind.TIMED_OUT, null);
                }
                if (limit <= 0) {
                    limit = 0;
                    return new Line(any ? Kind.INCOMPLETE : Kind.END, null);
                }
            }
            if (!any) {
                lineStarted = System.nanoTime();
            }
            any = true;
            int start = pos;
            while (pos < limit && buf[pos] != '\n') {
                pos++;
            }
            int n = pos - start;
            if (!tooLong) {
                if (line.size() + n > max) {
                    tooLong = true;
                    line = new ByteArrayOutputStream();
                } else {
                    line.write(buf, start, n);
                }
            }
            if (pos < limit) {
                pos++; // the newline
                return tooLong ? new Line(Kind.TOO_LONG, null) : decode(line.toByteArray());
            }
        }
    }

    private static Line decode(byte[] bytes) {
        int n = bytes.length;
        if (n > 0 && bytes[n - 1] == '\r') {
            n--;
        }
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, n)).toString();
            return new Line(Kind.LINE, s);
        } catch (CharacterCodingException e) {
            return new Line(Kind.NOT_UTF8, null);
        }
    }
}
