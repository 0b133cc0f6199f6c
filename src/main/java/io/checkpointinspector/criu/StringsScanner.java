package io.checkpointinspector.criu;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Finds runs of printable ASCII (0x20-0x7e and tab) in memory that arrives in pieces, as single bytes and as
 * UTF-16LE (each character followed by a zero byte, at even or odd addresses), like {@code strings -e s} and
 * {@code strings -e l} together. A run continues across pieces at consecutive addresses and ends at a run
 * boundary. Runs shorter than minLength characters are skipped; the text kept per run is capped at
 * {@link #MAX_TEXT} characters (its full length is still told).
 */
public final class StringsScanner implements PageSink {

  /** Characters of text kept per run. */
  public static final int MAX_TEXT = 1024;

  /** How a run is encoded. */
  public enum Encoding { ASCII, UTF16LE }

  /**
   * One run.
   *
   * @param vaddr address of its first byte
   * @param encoding single bytes or UTF-16LE
   * @param length characters in the run
   * @param text the first {@link #MAX_TEXT} of them
   */
  public record Found(long vaddr, Encoding encoding, long length, String text) {
    /** Bytes the run takes in memory. */
    public long byteLength() {
      return encoding == Encoding.ASCII ? length : length * 2;
    }
  }

  private final int minLength;
  private final int maxFound;
  private final List<Found> found = new ArrayList<>();
  private final Run ascii = new Run(Encoding.ASCII);
  private final Run[] wide = {new Run(Encoding.UTF16LE), new Run(Encoding.UTF16LE)};
  private long nextVaddr;
  private boolean inRun;
  private int prev = -1;
  private boolean capped;

  public StringsScanner(int minLength, int maxFound) {
    if (minLength < 1 || maxFound < 0) {
      throw new IllegalArgumentException("minimum length below 1 or negative cap");
    }
    this.minLength = minLength;
    this.maxFound = maxFound;
  }

  private final class Run {
    final Encoding encoding;
    final StringBuilder text = new StringBuilder();
    long start;
    long length;

    Run(Encoding encoding) {
      this.encoding = encoding;
    }

    void add(long at, int c) {
      if (length == 0) {
        start = at;
      }
      length++;
      if (text.length() < MAX_TEXT) {
        text.append((char) c);
      }
    }

    void end() {
      if (length >= minLength) {
        if (found.size() >= maxFound) {
          capped = true;
        } else {
          found.add(new Found(start, encoding, length, text.toString()));
        }
      }
      length = 0;
      text.setLength(0);
    }
  }

  private static boolean printable(int b) {
    return (b >= 0x20 && b < 0x7f) || b == '\t';
  }

  @Override
  public void feed(long vaddr, byte[] buf, int off, int len) {
    if (len <= 0 || full()) {
      return;
    }
    if (!inRun || vaddr != nextVaddr) {
      endRun();
    }
    inRun = true;
    for (int i = 0; i < len && !capped; i++) {
      int b = buf[off + i] & 0xff;
      long at = vaddr + i;
      if (printable(b)) {
        ascii.add(at, b);
      } else if (ascii.length > 0) {
        ascii.end();
      }
      if (prev >= 0) {
        // The pair (prev, b) starts at at - 1: one UTF-16LE character for the run of that address parity.
        Run w = wide[(int) ((at - 1) & 1)];
        if (b == 0 && printable(prev)) {
          w.add(at - 1, prev);
        } else if (w.length > 0) {
          w.end();
        }
      }
      prev = b;
    }
    nextVaddr = vaddr + len;
  }

  @Override
  public void endRun() {
    if (inRun) {
      ascii.end();
      wide[0].end();
      wide[1].end();
    }
    prev = -1;
    inRun = false;
  }

  @Override
  public boolean full() {
    return capped;
  }

  public boolean capped() {
    return capped;
  }

  /** Runs found so far, ordered by where they end (call {@link #endRun()} first). */
  public List<Found> found() {
    return Collections.unmodifiableList(found);
  }
}
