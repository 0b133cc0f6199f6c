package io.checkpointinspector.criu;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A set of virtual address ranges [start, end) (unsigned), e.g. the memory areas a search is limited to. Pieces of
 * memory are passed on clipped to the set, so what lies between two ranges never reaches the sink and a match cannot
 * span it (unless the ranges touch, as adjacent areas do in memory).
 */
public final class AddressRanges {

  private final long[] starts;
  private final long[] ends;

  /** ranges as pairs {start, end}; empty or inverted ones are dropped, overlapping ones merged. */
  public AddressRanges(List<long[]> ranges) {
    List<long[]> sorted = new ArrayList<>();
    for (long[] r : ranges) {
      if (Long.compareUnsigned(r[1], r[0]) > 0) {
        sorted.add(new long[] {r[0], r[1]});
      }
    }
    sorted.sort(Comparator.comparing((long[] r) -> r[0], Long::compareUnsigned));
    List<long[]> merged = new ArrayList<>();
    for (long[] r : sorted) {
      long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && Long.compareUnsigned(r[0], last[1]) <= 0) {
        if (Long.compareUnsigned(r[1], last[1]) > 0) {
          last[1] = r[1];
        }
      } else {
        merged.add(r);
      }
    }
    starts = new long[merged.size()];
    ends = new long[merged.size()];
    for (int i = 0; i < starts.length; i++) {
      starts[i] = merged.get(i)[0];
      ends[i] = merged.get(i)[1];
    }
  }

  public boolean isEmpty() {
    return starts.length == 0;
  }

  /** Total bytes covered. */
  public long bytes() {
    long n = 0;
    for (int i = 0; i < starts.length; i++) {
      n += ends[i] - starts[i];
    }
    return n;
  }

  /** Bytes of [start, end) inside the set. */
  public long bytesWithin(long start, long end) {
    long n = 0;
    for (int i = first(start); i < starts.length && Long.compareUnsigned(starts[i], end) < 0; i++) {
      long s = Long.compareUnsigned(starts[i], start) > 0 ? starts[i] : start;
      long e = Long.compareUnsigned(ends[i], end) < 0 ? ends[i] : end;
      if (Long.compareUnsigned(e, s) > 0) {
        n += e - s;
      }
    }
    return n;
  }

  /** Feeds sink the parts of len bytes at vaddr that lie inside the set. */
  public void feed(PageSink sink, long vaddr, byte[] buf, int off, int len) {
    long end = vaddr + len;
    for (int i = first(vaddr); i < starts.length && Long.compareUnsigned(starts[i], end) < 0; i++) {
      long s = Long.compareUnsigned(starts[i], vaddr) > 0 ? starts[i] : vaddr;
      long e = Long.compareUnsigned(ends[i], end) < 0 ? ends[i] : end;
      if (Long.compareUnsigned(e, s) > 0) {
        sink.feed(s, buf, off + (int) (s - vaddr), (int) (e - s));
      }
    }
  }

  /** Index of the first range whose end is above vaddr. */
  private int first(long vaddr) {
    int lo = 0;
    int hi = starts.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (Long.compareUnsigned(ends[mid], vaddr) > 0) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }
}
