package io.checkpointinspector.criu;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Finds every occurrence of a byte pattern in memory that arrives in pieces, each piece tagged with its virtual
 * address. Pieces that continue the previous one (next address) are searched as one run, so a match may straddle
 * any number of page, entry or read boundaries; a piece at any other address starts a new run. Every match keeps a
 * little context around it (never across a run boundary). Holds at most one piece plus the pattern and context.
 *
 * <p>Stops accepting matches at {@code maxMatches}: finding one more sets {@link #capped()} and {@link #full()}.
 */
public final class PatternMatcher implements MemoryMatcher {

  /**
   * One occurrence: length bytes matched from vaddr on; context holds the bytes from contextStart on (the match and
   * a little around it).
   */
  public record Match(long vaddr, int length, long contextStart, byte[] context) {}

  private final byte[] pattern;
  /** Byte to compare by: itself, or with ASCII letters lower-cased when case is ignored. */
  private final byte[] fold = new byte[256];
  private final int before;
  private final int after;
  private final int maxMatches;
  private final int[] shift = new int[256];
  private final List<Match> matches = new ArrayList<>();
  /** Matches whose trailing context is still being filled, in the order found. */
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private static final class Pending {
    final long vaddr;
    final long contextStart;
    final byte[] context;
    int filled;

    final int length;

    Pending(long vaddr, int length, long contextStart, byte[] context, int filled) {
      this.length = length;
      this.vaddr = vaddr;
      this.contextStart = contextStart;
      this.context = context;
      this.filled = filled;
    }

    Match toMatch() {
      return new Match(vaddr, length, contextStart, filled == context.length ? context : Arrays.copyOf(context, filled));
    }
  }

  private byte[] work = new byte[0];
  private byte[] tail;
  private int tailLen;
  private int tailUnsearched;
  private long nextVaddr;
  private boolean inRun;
  private boolean capped;

  /**
   * @param pattern bytes to find (at least one)
   * @param before context bytes kept before each match
   * @param after context bytes kept after each match
   * @param maxMatches matches kept; the next one found sets capped
   */
  public PatternMatcher(byte[] pattern, int before, int after, int maxMatches) {
    this(pattern, false, before, after, maxMatches);
  }

  /**
   * @param ignoreAsciiCase when true, ASCII letters match in either case ("Path" finds "PATH" and "path"); other
   *     bytes (UTF-8 sequences included) match exactly
   */
  public PatternMatcher(byte[] pattern, boolean ignoreAsciiCase, int before, int after, int maxMatches) {
    if (pattern.length == 0) {
      throw new IllegalArgumentException("empty pattern");
    }
    if (before < 0 || after < 0 || maxMatches < 0) {
      throw new IllegalArgumentException("negative context or cap");
    }
    for (int b = 0; b < 256; b++) {
      fold[b] = (byte) (ignoreAsciiCase && b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b);
    }
    this.pattern = pattern.clone();
    for (int i = 0; i < this.pattern.length; i++) {
      this.pattern[i] = fold[this.pattern[i] & 0xff];
    }
    this.before = before;
    this.after = after;
    this.maxMatches = maxMatches;
    this.tail = new byte[Math.max(pattern.length - 1, before)];
    Arrays.fill(shift, pattern.length);
    for (int i = 0; i < pattern.length - 1; i++) {
      shift[this.pattern[i] & 0xff] = pattern.length - 1 - i;
    }
  }

  /** Bytes of the pattern. */
  public int patternLength() {
    return pattern.length;
  }

  /** Searches len bytes of buf from off, which hold the memory at vaddr. */
  @Override
  public void feed(long vaddr, byte[] buf, int off, int len) {
    if (len <= 0 || full()) {
      return;
    }
    if (!inRun || vaddr != nextVaddr) {
      endRun();
    }
    fillPending(buf, off, len);
    int workLen = tailLen + len;
    if (work.length < workLen) {
      work = new byte[workLen];
    }
    System.arraycopy(tail, 0, work, 0, tailLen);
    System.arraycopy(buf, off, work, tailLen, len);
    long workVaddr = vaddr - tailLen;
    search(work, tailLen - tailUnsearched, workLen, workVaddr);
    int keep = Math.min(tail.length, workLen);
    System.arraycopy(work, workLen - keep, tail, 0, keep);
    tailLen = keep;
    tailUnsearched = Math.min(Math.min(workLen, pattern.length - 1), keep);
    nextVaddr = vaddr + len;
    inRun = true;
  }

  /** Ends the current run: pending contexts are closed as they are, nothing carries over. */
  @Override
  public void endRun() {
    while (!pending.isEmpty()) {
      matches.add(pending.poll().toMatch());
    }
    tailLen = 0;
    tailUnsearched = 0;
    inRun = false;
  }

  /** Matches found so far in address-of-discovery order (call {@link #endRun()} first for complete contexts). */
  @Override
  public List<Match> matches() {
    return Collections.unmodifiableList(matches);
  }

  /** True when one more match than {@code maxMatches} was seen. */
  @Override
  public boolean capped() {
    return capped;
  }

  /** True when no more matches are accepted, so feeding more is pointless. */
  @Override
  public boolean full() {
    return capped;
  }

  private int kept() {
    return matches.size() + pending.size();
  }

  private void search(byte[] w, int from, int end, long workVaddr) {
    int m = pattern.length;
    int last = m - 1;
    byte lastByte = pattern[last];
    int i = Math.max(0, from);
    while (i <= end - m) {
      byte b = fold[w[i + last] & 0xff];
      if (b == lastByte && equalsAt(w, i)) {
        if (kept() >= maxMatches) {
          capped = true;
          return;
        }
        record(w, i, end, workVaddr);
      }
      i += shift[b & 0xff];
    }
  }

  private boolean equalsAt(byte[] w, int at) {
    for (int j = pattern.length - 2; j >= 0; j--) {
      if (fold[w[at + j] & 0xff] != pattern[j]) {
        return false;
      }
    }
    return true;
  }

  private void record(byte[] w, int at, int end, long workVaddr) {
    int start = Math.max(0, at - before);
    int want = (at - start) + pattern.length + after;
    int have = Math.min(want, end - start);
    byte[] context = new byte[want];
    System.arraycopy(w, start, context, 0, have);
    Pending p = new Pending(workVaddr + at, pattern.length, workVaddr + start, context, have);
    if (have == want && pending.isEmpty()) {
      matches.add(p.toMatch());
    } else {
      pending.add(p);
    }
  }

  private void fillPending(byte[] buf, int off, int len) {
    for (Pending p : pending) {
      int n = Math.min(p.context.length - p.filled, len);
      System.arraycopy(buf, off, p.context, p.filled, n);
      p.filled += n;
    }
    // Complete ones leave in the order found, so matches stay in address order.
    while (!pending.isEmpty() && pending.peek().filled == pending.peek().context.length) {
      matches.add(pending.poll().toMatch());
    }
  }
}
