package io.checkpointinspector.archive;

import java.io.IOException;
import java.io.InputStream;

/** A byte range of a file: a whole tar, a layer blob inside an image tar, or one entry's data. */
record FileSlice(SharedFile file, long offset, long length) {

    long end() {
        return offset + length;
    }

    FileSlice sub(long relativeOffset, long subLength) {
        if (relativeOffset < 0 || subLength < 0 || relativeOffset > length || subLength > length - relativeOffset) {
            throw new IllegalArgumentException("range " + relativeOffset + "+" + subLength + " outside " + length);
        }
        return new FileSlice(file, offset + relativeOffset, subLength);
    }

    /** Reads up to len bytes at relative position pos; -1 at the end of the slice. */
    int read(long pos, byte[] dst, int off, int len) throws IOException {
        if (pos >= length) {
            return -1;
        }
        int want = (int) Math.min(len, length - pos);
        if (want == 0) {
            return 0;
        }
        int n = file.readFully(offset + pos, dst, off, want);
        return n == 0 ? -1 : n;
    }

    /** A sequential stream over the slice; it ends early only if the file shrank. */
    InputStream stream() {
        return new SliceInputStream(this);
    }

    /** Unbuffered sequential reader; callers buffer where it matters. Skipping is a seek. */
    private static final class SliceInputStream extends BoundedStream {
        private final FileSlice slice;

        SliceInputStream(FileSlice slice) {
            super(slice.length());
            this.slice = slice;
        }

        @Override
        protected int readAt(long pos, byte[] b, int off, int len) throws IOException {
            return slice.read(pos, b, off, len);
        }

        @Override
        protected long skipAt(long pos, long n) {
            return n;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, left());
        }
    }
}
