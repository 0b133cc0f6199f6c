package io.checkpointinspector.archive;

import java.io.IOException;

/** Tar input over a file range: skipping data is a seek, so walking headers reads only headers. */
final class ChannelTarInput implements TarInput {

    private static final int BUFFER = 16 * 1024;

    private final FileSlice slice;
    private final byte[] buffer = new byte[BUFFER];
    private long bufferStart;
    private int bufferLen;
    private long pos;

    ChannelTarInput(FileSlice slice) {
        this.slice = slice;
    }

    @Override
    public int readFully(byte[] dst, int off, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int n = read(dst, off + total, len - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    @Override
    public int read(byte[] dst, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos >= slice.length()) {
            return -1;
        }
        if (pos < bufferStart || pos >= bufferStart + bufferLen) {
            if (len >= BUFFER) {
                int n = slice.read(pos, dst, off, len);
                if (n > 0) {
                    pos += n;
                }
                return n;
            }
            int n = slice.read(pos, buffer, 0, BUFFER);
            if (n <= 0) {
                return -1;
            }
            bufferStart = pos;
            bufferLen = n;
        }
        int at = (int) (pos - bufferStart);
        int n = Math.min(len, bufferLen - at);
        System.arraycopy(buffer, at, dst, off, n);
        pos += n;
        return n;
    }

    @Override
    public long skip(long n) {
        long step = Math.max(0, Math.min(n, slice.length() - pos));
        pos += step;
        return step;
    }

    @Override
    public long position() {
        return slice.offset() + pos;
    }

    @Override
    public long remaining() {
        return slice.length() - pos;
    }
}
