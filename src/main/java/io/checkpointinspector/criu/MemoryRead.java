package io.checkpointinspector.criu;

import java.util.List;

/**
 * Bytes of a virtual address range as far as the checkpoint holds them.
 *
 * @param vaddr first address
 * @param data {@code length} bytes; bytes inside {@link #gaps()} are zero
 * @param gaps parts of the range whose content is not in the pages image, in address order
 */
public record MemoryRead(long vaddr, byte[] data, List<Gap> gaps) {

  /** Why a part of a range has no bytes. */
  public enum Reason {
    /** No pagemap entry covers it: not dumped (never touched, zero, or file-backed). */
    NOT_DUMPED,
    /** PE_PARENT: the content is in the parent (pre-dump) checkpoint. */
    IN_PARENT,
    /** PE_PARENT, but the parent checkpoint opened with it does not hold these pages either. */
    NOT_IN_PARENT,
    /** PE_LAZY without PE_PRESENT: served by a page server at restore, not in the image. */
    LAZY,
    /** The pagemap says the bytes exist, but the pages image is shorter. */
    PAGES_TRUNCATED,
    /** Not read because the collection size cap was reached. */
    CAPPED
  }

  /** A hole in a read: {@code length} bytes at {@code vaddr}. */
  public record Gap(long vaddr, long length, Reason reason) {}

  public MemoryRead {
    gaps = List.copyOf(gaps);
  }

  /** Number of bytes requested. */
  public int length() {
    return data.length;
  }

  /** True if every byte of the range was read from the pages image. */
  public boolean complete() {
    return gaps.isEmpty();
  }

  /**
   * The part of this read from {@code from} for {@code length} bytes, with its gaps clipped to it.
   *
   * @throws IllegalArgumentException if that part is not inside this read
   */
  public MemoryRead slice(long from, int length) {
    long offset = from - vaddr;
    if (offset < 0 || length < 0 || offset + length > data.length) {
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
          "0x%x+%d is not inside 0x%x+%d", from, length, vaddr, data.length));
    }
    byte[] part = java.util.Arrays.copyOfRange(data, (int) offset, (int) offset + length);
    List<Gap> clipped = new java.util.ArrayList<>();
    for (Gap g : gaps) {
      long start = Math.max(g.vaddr(), from);
      long end = Math.min(g.vaddr() + g.length(), from + length);
      if (start < end) {
        clipped.add(new Gap(start, end - start, g.reason()));
      }
    }
    return new MemoryRead(from, part, clipped);
  }

  /** True if this read holds the range {@code from} .. {@code from + length}. */
  public boolean covers(long from, int length) {
    long offset = from - vaddr;
    return offset >= 0 && offset + length <= data.length;
  }

  /** Number of bytes that are missing. */
  public long missingBytes() {
    long n = 0;
    for (Gap g : gaps) {
      n += g.length();
    }
    return n;
  }
}
