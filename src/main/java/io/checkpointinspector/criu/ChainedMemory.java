package io.checkpointinspector.criu;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * One process's memory read through a pre-dump chain: the child's pagemap decides; where it marks pages PE_PARENT
 * the next link's pagemap decides, and so on. A page is taken from the first link that holds it, never from a later
 * one (a parent's copy of a page the child dumped again is stale). Pages a link marks PE_PARENT that the next link
 * does not hold are {@link MemoryRead.Reason#NOT_IN_PARENT}; past the last link they stay
 * {@link MemoryRead.Reason#IN_PARENT}.
 */
public final class ChainedMemory {

  /**
   * One link of the chain for this process.
   *
   * @param index its pagemap index, or null when the link has no pagemap for the process
   * @param pages its pages image, or null when absent
   */
  public record Link(PageMapIndex index, PositionalSource pages) {}

  /**
   * A stretch of the child's address space and where its bytes are.
   *
   * @param link index of the link whose pages image holds it (or the link that decided it is missing)
   * @param fileOffset offset in that link's pages image, or -1
   * @param missing null when the bytes are there, else why not
   */
  public record Piece(long vaddr, long length, int link, long fileOffset, MemoryRead.Reason missing) {
    public boolean held() {
      return missing == null;
    }
  }

  /** What a scan did: bytes read from each link's pages, and whether a pages image ended early. */
  public record Outcome(long bytesRead, boolean truncated, long bytesSearched) {}

  private final List<Link> links;

  /** links.get(0) is the child; at least one link. */
  public ChainedMemory(List<Link> links) {
    if (links.isEmpty() || links.get(0).index() == null) {
      throw new IllegalArgumentException("the child link needs a pagemap index");
    }
    this.links = List.copyOf(links);
  }

  public int size() {
    return links.size();
  }

  /** Where the bytes of [vaddr, vaddr + length) are, in address order, covering the range exactly. */
  public List<Piece> pieces(long vaddr, long length) {
    List<Piece> out = new ArrayList<>();
    resolve(0, vaddr, length, out);
    return out;
  }

  private void resolve(int level, long vaddr, long length, List<Piece> out) {
    Link link = links.get(level);
    if (link.index() == null) {
      out.add(new Piece(vaddr, length, level, -1, MemoryRead.Reason.NOT_IN_PARENT));
      return;
    }
    for (PageMapIndex.Segment s : link.index().locate(vaddr, length)) {
      if (s.missing() == MemoryRead.Reason.IN_PARENT && level + 1 < links.size()) {
        resolve(level + 1, s.vaddr(), s.length(), out);
      } else if (level > 0 && s.missing() == MemoryRead.Reason.NOT_DUMPED) {
        out.add(new Piece(s.vaddr(), s.length(), level, -1, MemoryRead.Reason.NOT_IN_PARENT));
      } else if (s.dumped() && link.pages() == null) {
        out.add(new Piece(s.vaddr(), s.length(), level, -1, MemoryRead.Reason.PAGES_TRUNCATED));
      } else {
        out.add(new Piece(s.vaddr(), s.length(), level, s.fileOffset(), s.missing()));
      }
    }
  }

  /** length bytes at vaddr; what no link holds is a gap (zeros) with its reason. */
  public MemoryRead read(long vaddr, int length) throws IOException {
    if (length < 0) {
      throw new IllegalArgumentException("negative length");
    }
    byte[] data = new byte[length];
    List<MemoryRead.Gap> gaps = new ArrayList<>();
    for (Piece p : pieces(vaddr, length)) {
      int at = (int) (p.vaddr() - vaddr);
      if (!p.held()) {
        VirtualMemory.addGap(gaps, p.vaddr(), p.length(), p.missing());
        continue;
      }
      int want = (int) p.length();
      int got = readFully(links.get(p.link()).pages(), p.fileOffset(), data, at, want);
      if (got < want) {
        VirtualMemory.addGap(gaps, p.vaddr() + got, want - got, MemoryRead.Reason.PAGES_TRUNCATED);
      }
    }
    return new MemoryRead(vaddr, data, gaps);
  }

  /** Every piece of the child's pagemap entries, in address order. */
  public List<Piece> allPieces() {
    PageMapIndex.Entry[] sorted = links.get(0).index().entries().toArray(new PageMapIndex.Entry[0]);
    Arrays.sort(sorted, Comparator.comparing(PageMapIndex.Entry::vaddr, Long::compareUnsigned));
    List<Piece> out = new ArrayList<>();
    for (PageMapIndex.Entry e : sorted) {
      if (e.length() > 0) {
        out.addAll(pieces(e.vaddr(), e.length()));
      }
    }
    return out;
  }

  /** Bytes of the child held by some link (what a scan reads). */
  public long heldBytes() {
    long n = 0;
    for (Piece p : allPieces()) {
      if (p.held()) {
        n += p.length();
      }
    }
    return n;
  }

  /**
   * Feeds every held byte to sink in address order, reading each link's pages where the chain takes them from;
   * runs continue across links (a match may start in the child's page and end in the parent's) and end at a gap.
   * within limits what reaches the sink (null: everything).
   */
  public Outcome scan(PageSink sink, AddressRanges within, LongConsumer progress, BooleanSupplier cancelled)
      throws IOException {
    byte[] buf = new byte[PagesScan.CHUNK];
    long read = 0;
    long fed = 0;
    boolean truncated = false;
    long lastEnd = 0;
    boolean inRun = false;
    for (Piece p : allPieces()) {
      if (inRun && p.vaddr() != lastEnd) {
        sink.endRun();
        inRun = false;
      }
      if (!p.held() || (within != null && within.bytesWithin(p.vaddr(), p.vaddr() + p.length()) == 0)) {
        if (inRun) {
          sink.endRun();
          inRun = false;
        }
        continue;
      }
      long done = 0;
      while (done < p.length()) {
        if (sink.full()) {
          sink.endRun();
          return new Outcome(read, truncated, fed);
        }
        int want = (int) Math.min(buf.length, p.length() - done);
        int n = readFully(links.get(p.link()).pages(), p.fileOffset() + done, buf, 0, want);
        if (n > 0) {
          long at = p.vaddr() + done;
          if (within == null) {
            sink.feed(at, buf, 0, n);
            fed += n;
          } else {
            within.feed(sink, at, buf, 0, n);
            fed += within.bytesWithin(at, at + n);
          }
          inRun = true;
          done += n;
          read += n;
        }
        progress.accept(read);
        if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
          throw new CancellationException("memory search cancelled");
        }
        if (n < want) {
          truncated = true;
          sink.endRun();
          inRun = false;
          break;
        }
      }
      lastEnd = p.vaddr() + done;
    }
    sink.endRun();
    return new Outcome(read, truncated, fed);
  }

  private static int readFully(PositionalSource src, long offset, byte[] dst, int off, int len) throws IOException {
    int got = 0;
    while (got < len) {
      int n = src.read(offset + got, dst, off + got, len - got);
      if (n <= 0) {
        break;
      }
      got += n;
    }
    return got;
  }
}
