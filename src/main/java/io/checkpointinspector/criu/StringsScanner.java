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

  private static final boolean[] PRINTABLE = new boolean[256];

  static {
    for (int b = 0x20; b < 0x7f; b++) {
      PRINTABLE[b] = true;
    }
    PRINTABLE['\t'] = true;
  }

  private static final int[] PRINT = new int[256];

  static {
    for (int b = 0; b < 256; b++) {
      PRINT[b] = PRINTABLE[b] ? 1 : 0;
    }
  }

  /** The ASCII run of aLen characters that ends before buf[i] ends: its text and its report. */
  private void endAscii(long vaddr, byte[] buf, int off, int i, long aLen) {
    if (aLen <= i - off) {
      ascii.text.setLength(0);
      appendText(ascii, buf, (int) (i - aLen), i, 1);
    } else {
      appendText(ascii, buf, off, i, 1);
    }
    ascii.start = vaddr + (i - off) - aLen;
    ascii.length = aLen;
    ascii.end();
  }

  /** Appends every step-th byte of buf[from, to) as chars to r's text, up to its cap. */
  private static void appendText(Run r, byte[] buf, int from, int to, int step) {
    for (int i = from; i < to && r.text.length() < MAX_TEXT; i += step) {
      r.text.append((char) (buf[i] & 0xff));
    }
  }

  // The loops keep the run lengths in locals and copy a run's text only when it ends or the piece does: most
  // bytes cost one table look-up and a comparison or two.
  @Override
  public void feed(long vaddr, byte[] buf, int off, int len) {
    if (len <= 0 || full()) {
      return;
    }
    if (!inRun || vaddr != nextVaddr) {
      endRun();
    }
    inRun = true;
    int end = off + len;
    long carried = ascii.length; // a run that began in an earlier piece, until it ends
    int aLen = 0;
    int min = minLength;
    for (int i = off; i < end; i++) {
      int pr = PRINT[buf[i] & 0xff];
      if ((aLen >= min || carried > 0) && pr == 0) {
        long total = carried + aLen;
        carried = 0;
        if (total >= min) {
          endAscii(vaddr, buf, off, i, total);
          if (capped) {
            return;
          }
        } else {
          ascii.text.setLength(0);
        }
      }
      // An int and a mask, no branch on the data: random bytes make a branch a coin toss, and a long multiply
      // here costs several times the whole loop.
      aLen = (aLen + 1) & -pr;
    }
    if (carried > 0) {
      appendText(ascii, buf, off, end, 1); // the whole piece continues the carried run
      ascii.length = carried + len;
    } else if (aLen > 0) {
      ascii.text.setLength(0);
      appendText(ascii, buf, end - aLen, end, 1);
      ascii.start = vaddr + len - aLen;
      ascii.length = aLen;
    } else {
      ascii.text.setLength(0);
      ascii.length = 0;
    }
    int p = prev;
    int first = off;
    if (p < 0) {
      p = buf[off] & 0xff;
      first = off + 1;
    }
    int parity = (int) ((vaddr + (first - off) - 1) & 1);
    Run even = wide[0];
    Run odd = wide[1];
    for (int i = first; i < end && !capped; i++) {
      int b = buf[i];
      // The pair (p, b) starts at i - 1: one UTF-16LE character for the run of that address parity.
      Run w = parity == 0 ? even : odd;
      if (b == 0 && PRINT[p] != 0) {
        w.add(vaddr + (i - off) - 1, p);
      } else if (w.length > 0) {
        w.end();
      }
      p = b & 0xff;
      parity ^= 1;
    }
    prev = p;
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
