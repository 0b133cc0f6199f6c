package io.checkpointinspector.criu;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkpointinspector.criu.proto.PagemapEntry;
import io.checkpointinspector.criu.proto.PagemapHead;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageMapIndexTest {
  private static final int P = 4096;

  static PagemapEntry pe(long vaddr, int compat, Long nr, Integer flags) {
    PagemapEntry.Builder b = PagemapEntry.newBuilder().setVaddr(vaddr).setCompatNrPages(compat);
    if (nr != null) {
      b.setNrPages(nr);
    }
    if (flags != null) {
      b.setFlags(flags);
    }
    return b.build();
  }

  /**
   * 0x10000: 2 pages present | 0x13000: 1 page parent | 0x20000: 3 pages present+lazy |
   * 0x30000: 1 page lazy only | 0x40000: 2 pages present (written by CRIU 4.2: field 5).
   */
  static PageMapIndex sample() {
    return PageMapIndex.of(PagemapHead.newBuilder().setPagesId(7).build(), List.of(
        pe(0x10000, 2, null, 4),
        pe(0x13000, 1, null, 1),
        pe(0x20000, 3, null, 6),
        pe(0x30000, 1, null, 2),
        pe(0x40000, 0, 2L, 4)), P);
  }

  @Test
  void pagesIdNamesThePagesImage() {
    PageMapIndex idx = sample();
    assertThat(idx.pagesId()).hasValue(7);
    assertThat(idx.pagesFileName()).isEqualTo("pages-7.img");
    assertThat(PageMapIndex.of(null, List.of(), P).pagesFileName()).isNull();
    assertThat(PageMapIndex.of(PagemapHead.newBuilder().setPagesId(-1).build(), List.of(), P)
        .pagesFileName()).isEqualTo("pages-4294967295.img");
  }

  @Test
  void pageCountPrefersField5() {
    assertThat(PageMapIndex.pageCount(pe(0, 3, null, 4))).isEqualTo(3);
    assertThat(PageMapIndex.pageCount(pe(0, 0, 9L, 4))).isEqualTo(9);
    assertThat(PageMapIndex.pageCount(pe(0, 3, 5_000_000_000L, 4))).isEqualTo(5_000_000_000L);
    assertThat(PageMapIndex.pageCount(pe(0, -1, null, 4))).isEqualTo(4294967295L);
    // field 5 explicitly 0 wins over field 2
    assertThat(PageMapIndex.pageCount(pe(0, 3, 0L, 4))).isEqualTo(0);
  }

  @Test
  void onlyPresentEntriesAdvanceTheFileOffset() {
    List<PageMapIndex.Entry> e = sample().entries();
    assertThat(e).extracting(PageMapIndex.Entry::fileOffset)
        .containsExactly(0L, -1L, 2L * P, -1L, 5L * P);
    assertThat(e).extracting(PageMapIndex.Entry::length)
        .containsExactly(2L * P, 1L * P, 3L * P, 1L * P, 2L * P);
    assertThat(sample().totalDumpedBytes()).isEqualTo(7L * P);
    assertThat(sample().totalPages()).isEqualTo(9);
    assertThat(e.get(1).missingReason()).isEqualTo(MemoryRead.Reason.IN_PARENT);
    assertThat(e.get(3).missingReason()).isEqualTo(MemoryRead.Reason.LAZY);
    assertThat(e.get(2).lazy()).isTrue();
    assertThat(e.get(2).present()).isTrue();
  }

  @Test
  void oldImagesWithoutFlagsUseInParent() {
    PagemapEntry old1 = PagemapEntry.newBuilder().setVaddr(0x1000).setCompatNrPages(1).build();
    PagemapEntry old2 = PagemapEntry.newBuilder().setVaddr(0x2000).setCompatNrPages(2)
        .setInParent(true).build();
    PagemapEntry old3 = PagemapEntry.newBuilder().setVaddr(0x5000).setCompatNrPages(1)
        .setInParent(false).build();
    assertThat(PageMapIndex.normalizedFlags(old1)).isEqualTo(PageMapIndex.PE_PRESENT);
    assertThat(PageMapIndex.normalizedFlags(old2)).isEqualTo(PageMapIndex.PE_PARENT);
    assertThat(PageMapIndex.normalizedFlags(old3)).isEqualTo(PageMapIndex.PE_PRESENT);
    PageMapIndex idx = PageMapIndex.of(null, List.of(old1, old2, old3), P);
    assertThat(idx.entries()).extracting(PageMapIndex.Entry::fileOffset)
        .containsExactly(0L, -1L, (long) P);
    // explicit flags 0: neither present nor parent
    assertThat(PageMapIndex.normalizedFlags(pe(0, 1, null, 0))).isZero();
  }

  @Test
  void locateAcrossEntriesWithGaps() {
    PageMapIndex idx = sample();
    // from the middle of the first entry to the middle of the third
    List<PageMapIndex.Segment> s = idx.locate(0x11800, 0x21000 - 0x11800);
    assertThat(s).containsExactly(
        new PageMapIndex.Segment(0x11800, 0x800, 0x1800, null),
        new PageMapIndex.Segment(0x12000, 0x1000, -1, MemoryRead.Reason.NOT_DUMPED),
        new PageMapIndex.Segment(0x13000, 0x1000, -1, MemoryRead.Reason.IN_PARENT),
        new PageMapIndex.Segment(0x14000, 0xc000, -1, MemoryRead.Reason.NOT_DUMPED),
        new PageMapIndex.Segment(0x20000, 0x1000, 2L * P, null));
    long total = s.stream().mapToLong(PageMapIndex.Segment::length).sum();
    assertThat(total).isEqualTo(0x21000 - 0x11800);

    assertThat(idx.locate(0x40800, 0x1000)).containsExactly(
        new PageMapIndex.Segment(0x40800, 0x1000, 5L * P + 0x800, null));
    assertThat(idx.locate(0x50000, 10)).containsExactly(
        new PageMapIndex.Segment(0x50000, 10, -1, MemoryRead.Reason.NOT_DUMPED));
    assertThat(idx.locate(0x0, 0x10)).singleElement()
        .extracting(PageMapIndex.Segment::missing).isEqualTo(MemoryRead.Reason.NOT_DUMPED);
    assertThat(idx.locate(0x30000, 0x1000)).singleElement()
        .extracting(PageMapIndex.Segment::missing).isEqualTo(MemoryRead.Reason.LAZY);
    assertThat(idx.locate(0x10000, 0)).isEmpty();
  }

  @Test
  void dumpedBytesWithinVma() {
    PageMapIndex idx = sample();
    assertThat(idx.dumpedBytesWithin(0x10000, 0x20000)).isEqualTo(2L * P);
    assertThat(idx.dumpedBytesWithin(0x0, 0x100000)).isEqualTo(7L * P);
    assertThat(idx.dumpedBytesWithin(0x21000, 0x41000)).isEqualTo(3L * P);
    assertThat(idx.dumpedBytesWithin(0x50000, 0x60000)).isZero();
  }

  @Test
  void highAddressesAreUnsigned() {
    long top = 0xffffffffff600000L; // vsyscall-like, negative as a Java long
    PageMapIndex idx = PageMapIndex.of(null, List.of(pe(0x1000, 1, null, 4),
        pe(top, 1, null, 4)), P);
    assertThat(idx.entries()).extracting(PageMapIndex.Entry::fileOffset)
        .containsExactly(0L, (long) P);
    assertThat(idx.locate(top, 16)).singleElement()
        .isEqualTo(new PageMapIndex.Segment(top, 16, P, null));
    assertThat(idx.locate(0x1000, 16).get(0).fileOffset()).isZero();
    assertThat(idx.warnings()).isEmpty();
  }

  @Test
  void impossibleEntriesAreDroppedWithWarnings() {
    PageMapIndex idx = PageMapIndex.of(null, List.of(
        pe(0x1000, 1, null, 4),
        pe(0xfffffffffffff000L, 0, 2L, 4), // runs past 2^64
        pe(0x3000, 0, Long.MAX_VALUE, 4),
        pe(0x9000, 1, null, 4)), P);
    assertThat(idx.entries()).extracting(PageMapIndex.Entry::vaddr)
        .containsExactly(0x1000L, 0x9000L);
    assertThat(idx.entries().get(1).fileOffset()).isEqualTo(-1);
    assertThat(idx.warnings()).anySatisfy(w -> assertThat(w).contains("impossible page count"));
    assertThat(idx.warnings()).anySatisfy(w -> assertThat(w).contains("offsets after"));
  }

  @Test
  void biggerPageSize() {
    PageMapIndex idx = PageMapIndex.of(null, List.of(pe(0x10000, 2, null, 4),
        pe(0x40000, 1, null, 4)), 65536);
    assertThat(idx.entries().get(1).fileOffset()).isEqualTo(2 * 65536L);
    assertThat(idx.totalDumpedBytes()).isEqualTo(3 * 65536L);
  }

  @Test
  void fromDecodedImage() throws IOException {
    byte[] img = Images.common(0x56084025)
        .record(PagemapHead.newBuilder().setPagesId(2))
        .record(pe(0x400000, 0, 3L, 4))
        .build();
    PageMapIndex idx = PageMapIndex.of(ImageReader.read("pagemap-1.img", img,
        ImageReader.Limits.DEFAULT), P);
    assertThat(idx.pagesFileName()).isEqualTo("pages-2.img");
    assertThat(idx.totalDumpedBytes()).isEqualTo(3L * P);
  }
}
