package io.checkpointinspector.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts bytes passing through and tells {@link ScanProgress} (which may throw CancellationException). */
final class ProgressInputStream extends FilterInputStream {

    private final ScanProgress progress;
    private long position;

    ProgressInputStream(InputStream in, ScanProgress progress, long startPosition) {
        super(in);
        this.progress = progress;
        this.position = startPosition;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            moved(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            moved(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(n);
        if (skipped > 0) {
            moved(skipped);
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void moved(long n) {
        position += n;
        progress.advanceTo(position);
    }
}
