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
 * without being kept in memory; a last line without a newline is reported as incomplete, never acted on.
 */
public final class LineReader {

    /** What one read found. text is set only for LINE. */
    public record Line(Kind kind, String text) {
    }

    public enum Kind { LINE, TOO_LONG, NOT_UTF8, INCOMPLETE, END }

    private final InputStream in;
    private final int max;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int limit;

    public LineReader(InputStream in, int maxBytes) {
        this.in = in;
        this.max = maxBytes;
    }

    public Line next() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (pos == limit) {
                limit = in.read(buf, 0, buf.length);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    return new Line(any ? Kind.INCOMPLETE : Kind.END, null);
                }
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
