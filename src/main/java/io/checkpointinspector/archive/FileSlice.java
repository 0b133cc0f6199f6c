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

    /** Unbuffered sequential reader; callers buffer where it matters. */
    private static final class SliceInputStream extends InputStream {
        private final FileSlice slice;
        private long pos;

        SliceInputStream(FileSlice slice) {
            this.slice = slice;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n <= 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int n = slice.read(pos, b, off, len);
            if (n > 0) {
                pos += n;
            }
            return n;
        }

        @Override
        public long skip(long n) {
            long step = Math.max(0, Math.min(n, slice.length() - pos));
            pos += step;
            return step;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, slice.length() - pos);
        }
    }
}
