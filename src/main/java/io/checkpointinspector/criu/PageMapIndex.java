package io.checkpointinspector.criu;

import com.google.protobuf.Message;
import io.checkpointinspector.criu.proto.PagemapEntry;
import io.checkpointinspector.criu.proto.PagemapHead;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

/**
 * Index of one pagemap image (pagemap-N.img or pagemap-shmem-N.img): which virtual pages the
 * checkpoint holds and where their bytes are in {@code pages-<pages_id>.img}.
 *
 * <p>Facts from CRIU: the first record is a {@link PagemapHead} whose {@code pages_id} names the
 * pages image; every other record is a {@link PagemapEntry}. The page count is {@code nr_pages}
 * (field 5, uint64, written by CRIU 4.2 and later, which leave {@code compat_nr_pages} at 0) or
 * else {@code compat_nr_pages} (field 2). Flags: {@link #PE_PARENT} 1, {@link #PE_LAZY} 2, {@link
 * #PE_PRESENT} 4. An entry without flags is normalized as CRIU does: {@code in_parent} set gives
 * PE_PARENT, otherwise PE_PRESENT. The pages image is the plain concatenation of the pages of the
 * PE_PRESENT entries in pagemap order, so only those entries advance the file offset.
 *
 * <p>Addresses are unsigned 64-bit values. Entries whose size or end overflow are dropped with a
 * warning. Nothing here throws for any record content.
 */
public final class PageMapIndex {
  public static final int PE_PARENT = 1;
  public static final int PE_LAZY = 1 << 1;
  public static final int PE_PRESENT = 1 << 2;

  /**
   * One pagemap entry.
   *
   * @param index 0-based position among the entries (the head not counted)
   * @param vaddr first address
   * @param pages page count
   * @param flags normalized PE_* flags
   * @param length {@code pages * pageSize}
   * @param fileOffset offset of its bytes in the pages image, or -1 if not stored there
   */
  public record Entry(int index, long vaddr, long pages, int flags, long length, long fileOffset) {
    /** Exclusive end address (unsigned). */
    public long end() {
      return vaddr + length;
    }

    /** PE_PRESENT: the bytes are in this checkpoint's pages image. */
    public boolean present() {
      return (flags & PE_PRESENT) != 0;
    }

    /** PE_PARENT: the bytes are in the parent checkpoint. */
    public boolean inParent() {
      return (flags & PE_PARENT) != 0;
    }

    /** PE_LAZY: restored lazily (with PE_PRESENT still in the image). */
    public boolean lazy() {
      return (flags & PE_LAZY) != 0;
    }

    /** Why this entry's bytes are not in the image, or null if they are. */
    public MemoryRead.Reason missingReason() {
      if (fileOffset >= 0) {
        return null;
      }
      if (inParent()) {
        return MemoryRead.Reason.IN_PARENT;
      }
      if (lazy()) {
        return MemoryRead.Reason.LAZY;
      }
      return MemoryRead.Reason.NOT_DUMPED;
    }
  }

  /**
   * Part of a located range.
   *
   * @param vaddr first address
   * @param length bytes
   * @param fileOffset offset in the pages image, or -1
   * @param missing null if the bytes are in the pages image, else why not
   */
  public record Segment(long vaddr, long length, long fileOffset, MemoryRead.Reason missing) {
    /** True if the bytes are in the pages image. */
    public boolean dumped() {
      return missing == null;
    }
  }

  private final Long pagesId;
  private final int pageSize;
  private final List<Entry> entries;
  private final Entry[] sorted;
  private final long[] maxEnd;
  private final long totalDumped;
  private final List<String> warnings;

  private PageMapIndex(
      Long pagesId, int pageSize, List<Entry> entries, long totalDumped, List<String> warnings) {
    this.pagesId = pagesId;
    this.pageSize = pageSize;
    this.entries = Collections.unmodifiableList(entries);
    this.totalDumped = totalDumped;
    this.sorted = entries.toArray(new Entry[0]);
    Arrays.sort(sorted, Comparator.comparing(Entry::vaddr, Long::compareUnsigned));
    this.maxEnd = new long[sorted.length];
    long m = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (Long.compareUnsigned(sorted[i].end(), m) > 0) {
        m = sorted[i].end();
      }
      maxEnd[i] = m;
      if (i > 0 && Long.compareUnsigned(sorted[i].vaddr(), sorted[i - 1].end()) < 0) {
        warnings.add("pagemap entries overlap at 0x" + Long.toHexString(sorted[i].vaddr()));
      }
    }
    this.warnings = List.copyOf(warnings);
  }

  /** Index of the records of a decoded pagemap image. */
  public static PageMapIndex of(ImageReader.DecodedImage image, int pageSize) {
    return fromRecords(image.records(), pageSize);
  }

  /**
   * Index from pagemap records: an optional {@link PagemapHead} and {@link PagemapEntry}s in
   * image order (other message types are ignored).
   *
   * @param pageSize page size in bytes, see {@link PageSize}
   */
  public static PageMapIndex fromRecords(List<? extends Message> records, int pageSize) {
    if (pageSize <= 0) {
      throw new IllegalArgumentException("page size must be positive: " + pageSize);
    }
    Long pagesId = null;
    List<PagemapEntry> pes = new ArrayList<>();
    for (Message m : records) {
      if (m instanceof PagemapHead h && pagesId == null) {
        pagesId = h.hasPagesId() ? Integer.toUnsignedLong(h.getPagesId()) : null;
      } else if (m instanceof PagemapEntry e) {
        pes.add(e);
      }
    }
    return build(pagesId, pes, pageSize);
  }

  /** Index from a head (may be null) and entries in image order. */
  public static PageMapIndex of(PagemapHead head, List<PagemapEntry> entries, int pageSize) {
    List<Message> all = new ArrayList<>();
    if (head != null) {
      all.add(head);
    }
    all.addAll(entries);
    return fromRecords(all, pageSize);
  }

  /** Page count of an entry: field 5 when present, else field 2 (unsigned). */
  public static long pageCount(PagemapEntry e) {
    return e.hasNrPages() ? e.getNrPages() : Integer.toUnsignedLong(e.getCompatNrPages());
  }

  /** PE_* flags of an entry, normalized for images written before flags existed. */
  public static int normalizedFlags(PagemapEntry e) {
    int flags = e.getFlags();
    if (e.hasInParent() && e.getInParent()) {
      flags |= PE_PARENT;
    } else if (!e.hasFlags()) {
      flags = PE_PRESENT;
    }
    return flags;
  }

  private static PageMapIndex build(Long pagesId, List<PagemapEntry> pes, int pageSize) {
    List<String> warnings = new ArrayList<>();
    List<Entry> out = new ArrayList<>(pes.size());
    long offset = 0;
    boolean offsetsValid = true;
    for (int i = 0; i < pes.size(); i++) {
      PagemapEntry pe = pes.get(i);
      long pages = pageCount(pe);
      int flags = normalizedFlags(pe);
      long vaddr = pe.getVaddr();
      boolean present = (flags & PE_PRESENT) != 0;
      long length;
      if (pages < 0 || pages > Long.MAX_VALUE / pageSize) {
        length = -1;
      } else {
        length = pages * pageSize;
      }
      if (length < 0 || (length > 0 && Long.compareUnsigned(vaddr, -length) >= 0)) {
        warnings.add(
            "pagemap entry #"
                + i
                + " at 0x"
                + Long.toHexString(vaddr)
                + " has an impossible page count "
                + Long.toUnsignedString(pages)
                + "; ignored");
        if (present && offsetsValid) {
          offsetsValid = false;
          warnings.add("file offsets after pagemap entry #" + i + " are unknown");
        }
        continue;
      }
      if (vaddr % pageSize != 0) {
        warnings.add(
            "pagemap entry #" + i + " at 0x" + Long.toHexString(vaddr) + " is not page aligned");
      }
      long fileOffset = -1;
      if (present) {
        if (offsetsValid) {
          fileOffset = offset;
          if (offset > Long.MAX_VALUE - length) {
            offsetsValid = false;
            fileOffset = -1;
            warnings.add("pages image offset overflows at pagemap entry #" + i);
          } else {
            offset += length;
          }
        }
      }
      out.add(new Entry(i, vaddr, pages, flags, length, fileOffset));
    }
    return new PageMapIndex(pagesId, pageSize, out, offset, warnings);
  }

  /** The head's pages_id, if the head was present. */
  public OptionalLong pagesId() {
    return pagesId == null ? OptionalLong.empty() : OptionalLong.of(pagesId);
  }

  /** {@code pages-<pages_id>.img}, or null without a head. */
  public String pagesFileName() {
    return pagesId == null ? null : "pages-" + pagesId + ".img";
  }

  public int pageSize() {
    return pageSize;
  }

  /** Entries in image order. */
  public List<Entry> entries() {
    return entries;
  }

  /** Problems found while indexing. */
  public List<String> warnings() {
    return warnings;
  }

  /** Bytes stored in the pages image (= its expected size). */
  public long totalDumpedBytes() {
    return totalDumped;
  }

  /** Number of pages covered by entries of any kind. */
  public long totalPages() {
    long n = 0;
    for (Entry e : entries) {
      n += e.pages();
    }
    return n;
  }

  /** Bytes of [start, end) that are stored in the pages image (e.g. for one VMA). */
  public long dumpedBytesWithin(long start, long end) {
    long total = 0;
    for (Segment s : locate(start, end - start)) {
      if (s.dumped()) {
        total += s.length();
      }
    }
    return total;
  }

  /** Bytes of [start, end) marked PE_PARENT and not stored here: their content is in the parent checkpoint. */
  public long inParentBytesWithin(long start, long end) {
    long total = 0;
    for (Segment s : locate(start, end - start)) {
      if (s.missing() == MemoryRead.Reason.IN_PARENT) {
        total += s.length();
      }
    }
    return total;
  }

  /**
   * Splits [vaddr, vaddr + length) into consecutive segments, each either stored in the pages
   * image (with its file offset) or missing with a reason. Segments cover the range exactly.
   */
  public List<Segment> locate(long vaddr, long length) {
    List<Segment> out = new ArrayList<>();
    if (length == 0) {
      return out;
    }
    if (Long.compareUnsigned(length, -vaddr) > 0 && vaddr != 0) {
      length = -vaddr; // clip at the top of the address space
    }
    long end = vaddr + length;
    boolean endsAtTop = end == 0; // unsigned 2^64
    long cur = vaddr;
    int i = firstCandidate(vaddr);
    for (; i < sorted.length; i++) {
      Entry e = sorted[i];
      if (!endsAtTop && Long.compareUnsigned(e.vaddr(), end) >= 0) {
        break;
      }
      if (e.length() == 0 || Long.compareUnsigned(e.end(), cur) <= 0) {
        continue; // an entry of 0 pages covers nothing: no empty segment
      }
      if (Long.compareUnsigned(e.vaddr(), cur) > 0) {
        out.add(new Segment(cur, e.vaddr() - cur, -1, MemoryRead.Reason.NOT_DUMPED));
        cur = e.vaddr();
      }
      long segEnd = endsAtTop || Long.compareUnsigned(e.end(), end) < 0 ? e.end() : end;
      MemoryRead.Reason why = e.missingReason();
      long off = why == null ? e.fileOffset() + (cur - e.vaddr()) : -1;
      out.add(new Segment(cur, segEnd - cur, off, why));
      cur = segEnd;
      if (cur == end) {
        return out;
      }
    }
    if (cur != end) {
      out.add(new Segment(cur, end - cur, -1, MemoryRead.Reason.NOT_DUMPED));
    }
    return out;
  }

  /** Smallest sorted index whose running max end is above vaddr. */
  private int firstCandidate(long vaddr) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (Long.compareUnsigned(maxEnd[mid], vaddr) > 0) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }
}
