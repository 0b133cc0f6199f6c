package io.checkpointinspector.criu;

import static io.checkpointinspector.criu.PageMapIndexTest.pe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.checkpointinspector.criu.proto.PagemapHead;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class PagesScanTest {
  private static final int P = 4096;
  private static final byte[] KEY = "NEEDLE-IN-PAGES".getBytes(StandardCharsets.US_ASCII);

  /**
   * 0x10000: 2 pages present | 0x12000: 1 page present (adjacent) | 0x13000: 1 page parent | 0x14000: 2 pages
   * lazy only | 0x16000: 1 page flags 0 (zero page) | 0x20000: 1 page present | 0x21000: 1 page present+lazy
   * (adjacent). Pages image: 0x10000-0x13000 at 0, 0x20000 at 3P, 0x21000 at 4P.
   */
  private static PageMapIndex index() {
    return PageMapIndex.of(PagemapHead.newBuilder().setPagesId(3).build(), List.of(
        pe(0x10000, 2, null, 4),
        pe(0x12000, 1, null, 4),
        pe(0x13000, 1, null, 1),
        pe(0x14000, 2, null, 2),
        pe(0x16000, 1, null, 0),
        pe(0x20000, 1, null, 4),
        pe(0x21000, 1, null, 6)), P);
  }

  private static byte[] pages() {
    byte[] b = new byte[5 * P];
    Arrays.fill(b, (byte) '.');
    return b;
  }

  private static void put(byte[] pages, int at) {
    System.arraycopy(KEY, 0, pages, at, KEY.length);
  }

  private static List<Long> scan(byte[] pages, int max) throws IOException {
    PatternMatcher m = new PatternMatcher(KEY, 8, 8, max);
    PagesScan.scan(index(), new ByteArrayInputStream(pages), m, n -> { }, () -> false);
    return m.matches().stream().map(PatternMatcher.Match::vaddr).toList();
  }

  @Test
  void findsMatchesAcrossPagesAndAdjacentEntriesAtTheirVirtualAddresses() throws IOException {
    byte[] pages = pages();
    put(pages, 5); // 0x10005
    put(pages, P - 4); // straddles the two pages of the first entry: 0x10ffc
    put(pages, 2 * P - 7); // straddles entry 0 and the adjacent entry 1: 0x11ff9
    put(pages, 3 * P + 100); // after the parent, lazy and zero entries, which take no room: 0x20064
    put(pages, 4 * P - 3); // across 0x20000 and the adjacent lazy+present 0x21000: 0x20ffd
    assertThat(scan(pages, 100)).containsExactly(0x10005L, 0x10ffcL, 0x11ff9L, 0x20064L, 0x20ffdL);
  }

  @Test
  void aMatchAcrossANotDumpedRangeIsNoMatch() throws IOException {
    byte[] pages = pages();
    put(pages, 3 * P - 5); // starts at the end of 0x12000; 0x13000.. is not in the image, 0x20000 is far away
    assertThat(scan(pages, 100)).isEmpty();
  }

  @Test
  void capsTheMatches() throws IOException {
    byte[] pages = pages();
    for (int i = 0; i < 20; i++) {
      put(pages, i * 100);
    }
    PatternMatcher m = new PatternMatcher(KEY, 0, 0, 7);
    PagesScan.Outcome out = PagesScan.scan(index(), new ByteArrayInputStream(pages), m, n -> { }, () -> false);
    assertThat(m.matches()).hasSize(7);
    assertThat(m.capped()).isTrue();
    assertThat(out.truncated()).isFalse();
  }

  @Test
  void aShortImageIsReportedAsTruncated() throws IOException {
    byte[] pages = Arrays.copyOf(pages(), 3 * P + 10);
    put(pages, 100);
    PatternMatcher m = new PatternMatcher(KEY, 0, 0, 10);
    PagesScan.Outcome out = PagesScan.scan(index(), new ByteArrayInputStream(pages), m, n -> { }, () -> false);
    assertThat(out.truncated()).isTrue();
    assertThat(out.bytesRead()).isEqualTo(3 * P + 10);
    assertThat(m.matches()).extracting(PatternMatcher.Match::vaddr).containsExactly(0x10064L);
  }

  @Test
  void reportsProgressAndStopsWhenCancelled() {
    long[] seen = new long[1];
    PatternMatcher m = new PatternMatcher(KEY, 0, 0, 10);
    assertThatThrownBy(() -> PagesScan.scan(index(), new ByteArrayInputStream(pages()), m, n -> seen[0] = n,
        () -> true)).isInstanceOf(CancellationException.class);
    assertThat(seen[0]).isPositive();
  }
}
