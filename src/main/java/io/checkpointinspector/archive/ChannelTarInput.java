package io.checkpointinspector.archive;

import java.io.IOException;

/** Tar input over a file range: skipping data is a seek, so walking headers reads only headers. */
final class ChannelTarInput extends BoundedStream implements TarInput {

    private static final int BUFFER = 16 * 1024;

    private final FileSlice slice;
    private final byte[] buffer = new byte[BUFFER];
    private long bufferStart;
    private int bufferLen;

    ChannelTarInput(FileSlice slice) {
        super(slice.length());
        this.slice = slice;
    }

    @Override
    protected int readAt(long pos, byte[] dst, int off, int len) throws IOException {
        if (pos < bufferStart || pos >= bufferStart + bufferLen) {
            if (len >= BUFFER) {
                return slice.read(pos, dst, off, len);
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
        return n;
    }

    @Override
    protected long skipAt(long pos, long n) {
        return n;
    }

    @Override
    public long position() {
        return slice.offset() + consumed();
    }

    @Override
    public long remaining() {
        return left();
    }
}
