package io.checkpointinspector.criu;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Random-access bytes, e.g. a pages-N.img file or an in-memory copy of it. */
public interface PositionalSource {
  /**
   * Reads up to {@code len} bytes at {@code offset} into {@code dst[off..]}.
   *
   * @return bytes read; fewer than {@code len} (possibly 0) only at the end of the source
   */
  int read(long offset, byte[] dst, int off, int len) throws IOException;

  /** Total size in bytes. */
  long size() throws IOException;

  /** A source over a byte array (not copied). */
  static PositionalSource of(byte[] data) {
    return new PositionalSource() {
      @Override
      public int read(long offset, byte[] dst, int off, int len) {
        if (offset < 0 || offset >= data.length || len <= 0) {
          return 0;
        }
        int n = (int) Math.min(len, data.length - offset);
        System.arraycopy(data, (int) offset, dst, off, n);
        return n;
      }

      @Override
      public long size() {
        return data.length;
      }
    };
  }

  /** A source over a file channel (the caller keeps ownership of the channel). */
  static PositionalSource of(FileChannel ch) {
    return new PositionalSource() {
      @Override
      public int read(long offset, byte[] dst, int off, int len) throws IOException {
        if (offset < 0 || len <= 0) {
          return 0;
        }
        ByteBuffer bb = ByteBuffer.wrap(dst, off, len);
        int total = 0;
        while (bb.hasRemaining()) {
          int n = ch.read(bb, offset + total);
          if (n <= 0) {
            break;
          }
          total += n;
        }
        return total;
      }

      @Override
      public long size() throws IOException {
        return ch.size();
      }
    };
  }
}
