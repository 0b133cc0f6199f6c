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

  /** Number of bytes that are missing. */
  public long missingBytes() {
    long n = 0;
    for (Gap g : gaps) {
      n += g.length();
    }
    return n;
  }
}
