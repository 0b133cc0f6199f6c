package io.checkpointinspector.criu;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds matches of a Java regular expression in memory that arrives in pieces, reading the bytes as ISO-8859-1
 * (byte b is the char b & 0xff), so any byte value can be matched, e.g. {@code \x00} or {@code [\x80-\xff]}.
 *
 * <p>How far a match can reach: a contiguous run of memory (pieces at consecutive addresses, across any page or
 * pagemap-entry boundary) is searched as if it were one string, through a sliding buffer. A match is at most
 * {@code window} bytes long: a start position is only decided once {@code window} bytes after it (plus the context)
 * have arrived or the run has ended, and a match the regex would make longer is retried within the first
 * {@code window} bytes from its start (the longest the regex then allows, or none). Lookbehind sees at most
 * {@code window} bytes back. Empty matches are not reported. Matches do not overlap (as {@link Matcher#find()}).
 * Memory use is one piece plus twice the window.
 */
public final class RegexMatcher implements MemoryMatcher {

  /** Longest match by default. */
  public static final int DEFAULT_WINDOW = 4096;

  private final Pattern regex;
  private final int before;
  private final int after;
  private final int window;
  private final int maxMatches;
  private final List<PatternMatcher.Match> matches = new ArrayList<>();
  private final Latin1 text = new Latin1();
  private byte[] buf = new byte[0];
  private int len;
  private long bufVaddr;
  /** First start position (index in buf) not yet decided. */
  private int nextStart;
  private long nextVaddr;
  private boolean inRun;
  private boolean capped;

  public RegexMatcher(Pattern regex, int before, int after, int window, int maxMatches) {
    if (before < 0 || after < 0 || maxMatches < 0 || window < 1) {
      throw new IllegalArgumentException("negative context or cap, or no window");
    }
    this.regex = regex;
    this.before = before;
    this.after = after;
    this.window = window;
    this.maxMatches = maxMatches;
  }

  @Override
  public void feed(long vaddr, byte[] b, int off, int n) {
    if (n <= 0 || full()) {
      return;
    }
    if (!inRun || vaddr != nextVaddr) {
      endRun();
      bufVaddr = vaddr;
    }
    if (buf.length < len + n) {
      byte[] bigger = new byte[Math.max(len + n, Math.min(Integer.MAX_VALUE - 16, buf.length * 2L > len + n
          ? buf.length * 2 : len + n))];
      System.arraycopy(buf, 0, bigger, 0, len);
      buf = bigger;
    }
    System.arraycopy(b, off, buf, len, n);
    len += n;
    nextVaddr = vaddr + n;
    inRun = true;
    search(false);
    compact();
  }

  @Override
  public void endRun() {
    if (inRun) {
      search(true);
    }
    len = 0;
    nextStart = 0;
    inRun = false;
  }

  @Override
  public List<PatternMatcher.Match> matches() {
    return Collections.unmodifiableList(matches);
  }

  @Override
  public boolean capped() {
    return capped;
  }

  @Override
  public boolean full() {
    return capped;
  }

  private void search(boolean runEnds) {
    long limitL = runEnds ? len : (long) len - window - after;
    if (limitL <= nextStart) {
      return;
    }
    int limit = (int) limitL;
    text.length = len;
    Matcher m = regex.matcher(text);
    m.useTransparentBounds(true);
    m.useAnchoringBounds(false);
    m.region(nextStart, len);
    while (m.find()) {
      int s = m.start();
      int e = m.end();
      if (s >= limit) {
        nextStart = s;
        return;
      }
      if (e - s > window) {
        Matcher w = regex.matcher(text);
        w.useTransparentBounds(true);
        w.useAnchoringBounds(false);
        w.region(s, s + window);
        e = w.lookingAt() ? w.end() : s;
        if (e == s) {
          m.region(s + 1, len);
          continue;
        }
        m.region(e, len);
      }
      if (e == s) {
        continue; // an empty match: find() moves on by itself
      }
      if (matches.size() >= maxMatches) {
        capped = true;
        return;
      }
      int from = Math.max(0, s - before);
      int to = Math.min(len, e + after);
      byte[] context = new byte[to - from];
      System.arraycopy(buf, from, context, 0, context.length);
      matches.add(new PatternMatcher.Match(bufVaddr + s, e - s, bufVaddr + from, context));
    }
    nextStart = limit;
  }

  /** Drops bytes no later search can look at: more than a window (or the context) before the next start. */
  private void compact() {
    int drop = nextStart - Math.max(window, before);
    if (drop <= 0) {
      return;
    }
    System.arraycopy(buf, drop, buf, 0, len - drop);
    len -= drop;
    nextStart -= drop;
    bufVaddr += drop;
  }

  /** The buffer as ISO-8859-1 text, without copying. */
  private final class Latin1 implements CharSequence {
    int length;

    @Override
    public int length() {
      return length;
    }

    @Override
    public char charAt(int index) {
      if (index < 0 || index >= length) {
        throw new IndexOutOfBoundsException(index);
      }
      return (char) (buf[index] & 0xff);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      if (start < 0 || end > length || start > end) {
        throw new IndexOutOfBoundsException(start + ".." + end);
      }
      char[] c = new char[end - start];
      for (int i = 0; i < c.length; i++) {
        c[i] = (char) (buf[start + i] & 0xff);
      }
      return new String(c);
    }

    @Override
    public String toString() {
      return subSequence(0, length).toString();
    }
  }
}
