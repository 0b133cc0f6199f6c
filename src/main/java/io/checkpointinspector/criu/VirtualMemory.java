package io.checkpointinspector.criu;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a dumped process's memory by virtual address, from a pagemap index and random access to
 * the matching pages image. Parts that the checkpoint does not hold are reported as gaps (and
 * read as zeros), never guessed.
 */
public final class VirtualMemory {
  private final PageMapIndex index;
  private final PositionalSource pages;

  public VirtualMemory(PageMapIndex index, PositionalSource pages) {
    if (index == null || pages == null) {
      throw new IllegalArgumentException("null argument");
    }
    this.index = index;
    this.pages = pages;
  }

  public PageMapIndex index() {
    return index;
  }

  /**
   * Reads {@code length} bytes at {@code vaddr}.
   *
   * @throws IOException if the source fails
   */
  public MemoryRead read(long vaddr, int length) throws IOException {
    if (length < 0) {
      throw new IllegalArgumentException("negative length");
    }
    byte[] data = new byte[length];
    List<MemoryRead.Gap> gaps = new ArrayList<>();
    for (PageMapIndex.Segment s : index.locate(vaddr, length)) {
      int at = (int) (s.vaddr() - vaddr);
      if (!s.dumped()) {
        addGap(gaps, s.vaddr(), s.length(), s.missing());
        continue;
      }
      int want = (int) s.length();
      int got = 0;
      while (got < want) {
        int n = pages.read(s.fileOffset() + got, data, at + got, want - got);
        if (n <= 0) {
          break;
        }
        got += n;
      }
      if (got < want) {
        addGap(gaps, s.vaddr() + got, want - got, MemoryRead.Reason.PAGES_TRUNCATED);
      }
    }
    return new MemoryRead(vaddr, data, gaps);
  }

  static void addGap(List<MemoryRead.Gap> gaps, long vaddr, long len, MemoryRead.Reason why) {
    if (len <= 0) {
      return;
    }
    if (!gaps.isEmpty()) {
      MemoryRead.Gap last = gaps.get(gaps.size() - 1);
      if (last.reason() == why && last.vaddr() + last.length() == vaddr) {
        gaps.set(gaps.size() - 1, new MemoryRead.Gap(last.vaddr(), last.length() + len, why));
        return;
      }
    }
    gaps.add(new MemoryRead.Gap(vaddr, len, why));
  }
}
