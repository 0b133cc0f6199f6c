package io.checkpointinspector.criu;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects a few wanted virtual ranges (e.g. a process's argv and environment) from a pages image
 * that can only be read once, front to back, as in a streamed (compressed) checkpoint archive.
 *
 * <p>The pagemap index tells where each wanted byte lies in the pages image; the stream is then
 * read sequentially, skipping everything not wanted. Memory use is bounded by the wanted bytes,
 * which are capped at {@code maxTotalBytes} overall: a range that does not fit is shortened and
 * its tail reported as a {@link MemoryRead.Reason#CAPPED} gap. In that case, and only then, the
 * gap lies beyond the returned data.
 */
public final class PageCollector {

  /** A wanted range [start, end) of virtual addresses (unsigned). */
  public record Range(long start, long end) {
    /**
     * {@code end - start}, 0 if end is not above start; never negative: a difference of 2^63 or more (only a
     * corrupt mm image declares one) is saturated at {@link Long#MAX_VALUE}.
     */
    public long length() {
      if (Long.compareUnsigned(end, start) <= 0) {
        return 0;
      }
      long d = end - start;
      return d < 0 ? Long.MAX_VALUE : d;
    }
  }

  private static final class Copy {
    final long fileStart;
    final long fileEnd;
    final long vaddr;
    final byte[] target;
    final int targetPos;
    final List<MemoryRead.Gap> gaps;

    Copy(long fileStart, long len, long vaddr, byte[] target, int targetPos,
        List<MemoryRead.Gap> gaps) {
      this.fileStart = fileStart;
      this.fileEnd = fileStart + len;
      this.vaddr = vaddr;
      this.target = target;
      this.targetPos = targetPos;
      this.gaps = gaps;
    }
  }

  private PageCollector() {}

  /**
   * Reads {@code pages} once and returns the wanted ranges (keys in the order given; duplicate
   * ranges are collected once). The stream is read only as far as needed and not closed.
   *
   * @param index index of the pagemap that belongs to this pages image
   * @param wanted ranges to collect
   * @param pages the pages-N.img content from its first byte
   * @param maxTotalBytes cap on the bytes kept for all ranges together
   * @throws IOException if the stream fails (a short stream is reported as gaps instead)
   */
  public static Map<Range, MemoryRead> collect(
      PageMapIndex index, List<Range> wanted, InputStream pages, long maxTotalBytes)
      throws IOException {
    Map<Range, byte[]> buffers = new LinkedHashMap<>();
    Map<Range, List<MemoryRead.Gap>> gapsByRange = new LinkedHashMap<>();
    List<Copy> copies = new ArrayList<>();
    long budget = Math.max(0, maxTotalBytes);
    for (Range r : wanted) {
      if (buffers.containsKey(r)) {
        continue;
      }
      long len = r.length();
      long keep = Math.min(len, Math.min(budget, Integer.MAX_VALUE - 16));
      budget -= keep;
      byte[] buf = new byte[(int) keep];
      List<MemoryRead.Gap> gaps = new ArrayList<>();
      buffers.put(r, buf);
      gapsByRange.put(r, gaps);
      for (PageMapIndex.Segment s : index.locate(r.start(), keep)) {
        if (s.dumped() && s.length() > 0) {
          copies.add(new Copy(s.fileOffset(), s.length(), s.vaddr(), buf,
              (int) (s.vaddr() - r.start()), gaps));
        } else {
          VirtualMemory.addGap(gaps, s.vaddr(), s.length(), s.missing());
        }
      }
      if (keep < len) {
        VirtualMemory.addGap(gaps, r.start() + keep, len - keep, MemoryRead.Reason.CAPPED);
      }
    }
    stream(copies, pages);
    Map<Range, MemoryRead> out = new LinkedHashMap<>();
    for (Map.Entry<Range, byte[]> e : buffers.entrySet()) {
      List<MemoryRead.Gap> gaps = gapsByRange.get(e.getKey());
      gaps.sort(Comparator.comparing(MemoryRead.Gap::vaddr, Long::compareUnsigned));
      out.put(e.getKey(), new MemoryRead(e.getKey().start(), e.getValue(), gaps));
    }
    return out;
  }

  /** Convenience for one range. */
  public static MemoryRead collect(
      PageMapIndex index, Range wanted, InputStream pages, long maxTotalBytes) throws IOException {
    return collect(index, List.of(wanted), pages, maxTotalBytes).get(wanted);
  }

  private static void stream(List<Copy> copies, InputStream in) throws IOException {
    copies.sort(Comparator.comparingLong(c -> c.fileStart));
    byte[] buf = new byte[1 << 16];
    List<Copy> active = new ArrayList<>();
    int next = 0;
    long pos = 0;
    boolean eof = false;
    while (!eof && (next < copies.size() || !active.isEmpty())) {
      if (active.isEmpty()) {
        long target = copies.get(next).fileStart;
        long skipped = skip(in, target - pos, buf);
        pos += skipped;
        if (pos < target) {
          eof = true;
          break;
        }
      }
      while (next < copies.size() && copies.get(next).fileStart <= pos) {
        active.add(copies.get(next++));
      }
      long limit = pos;
      for (Copy c : active) {
        limit = Math.max(limit, c.fileEnd);
      }
      if (next < copies.size()) {
        limit = Math.min(limit, copies.get(next).fileStart);
      }
      int want = (int) Math.min(buf.length, limit - pos);
      if (want <= 0) {
        final long p0 = pos;
        active.removeIf(c -> c.fileEnd <= p0); // defensive: cannot make progress otherwise
        continue;
      }
      int n = in.read(buf, 0, want);
      if (n < 0) {
        eof = true;
        break;
      }
      for (Copy c : active) {
        long from = Math.max(pos, c.fileStart);
        long to = Math.min(pos + n, c.fileEnd);
        if (to > from) {
          System.arraycopy(buf, (int) (from - pos), c.target,
              c.targetPos + (int) (from - c.fileStart), (int) (to - from));
        }
      }
      pos += n;
      final long p = pos;
      active.removeIf(c -> c.fileEnd <= p);
    }
    if (eof) {
      for (Copy c : active) {
        markTruncated(c, pos);
      }
      for (int i = next; i < copies.size(); i++) {
        markTruncated(copies.get(i), pos);
      }
    }
  }

  private static void markTruncated(Copy c, long pos) {
    long filled = Math.max(0, Math.min(pos, c.fileEnd) - c.fileStart);
    long missing = (c.fileEnd - c.fileStart) - filled;
    VirtualMemory.addGap(c.gaps, c.vaddr + filled, missing, MemoryRead.Reason.PAGES_TRUNCATED);
  }

  private static long skip(InputStream in, long n, byte[] scratch) throws IOException {
    long done = 0;
    while (done < n) {
      int got = in.read(scratch, 0, (int) Math.min(scratch.length, n - done));
      if (got < 0) {
        break;
      }
      done += got;
    }
    return done;
  }
}
