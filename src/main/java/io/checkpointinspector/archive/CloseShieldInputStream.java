package io.checkpointinspector.archive;

import java.io.FilterInputStream;
import java.io.InputStream;

/** Lets us close decoders (freeing native memory) without closing a stream the caller owns. */
final class CloseShieldInputStream extends FilterInputStream {

    CloseShieldInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws java.io.IOException {
        return in.read(b, off, len);
    }

    @Override
    public void close() {
        // the caller closes the underlying stream
    }
}
