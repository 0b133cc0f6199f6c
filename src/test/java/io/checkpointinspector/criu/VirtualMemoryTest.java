package io.checkpointinspector.criu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class VirtualMemoryTest {
  private static final int P = 4096;

  /** Pages file of the sample index: 7 pages, page i filled with byte (i + 1). */
  static byte[] samplePages() {
    byte[] b = new byte[7 * P];
    for (int i = 0; i < 7; i++) {
      Arrays.fill(b, i * P, (i + 1) * P, (byte) (i + 1));
    }
    return b;
  }

  @Test
  void readsPresentBytesAndReportsGaps() throws IOException {
    VirtualMemory vm = new VirtualMemory(PageMapIndexTest.sample(),
        PositionalSource.of(samplePages()));
    MemoryRead r = vm.read(0x10ff0, 0x20);
    assertThat(r.complete()).isTrue();
    assertThat(r.data()[0]).isEqualTo((byte) 1);
    assertThat(r.data()[0x1f]).isEqualTo((byte) 2);

    MemoryRead g = vm.read(0x11ff0, 0x1020);
    assertThat(g.complete()).isFalse();
    assertThat(g.data()[0]).isEqualTo((byte) 2);
    assertThat(g.data()[0x10]).isZero();
    assertThat(g.gaps()).containsExactly(
        new MemoryRead.Gap(0x12000, 0x1000, MemoryRead.Reason.NOT_DUMPED),
        new MemoryRead.Gap(0x13000, 0x10, MemoryRead.Reason.IN_PARENT));
    assertThat(g.missingBytes()).isEqualTo(0x1010);

    MemoryRead third = vm.read(0x22000, 4);
    assertThat(third.data()).containsExactly(5, 5, 5, 5); // third page of the 2nd present entry
    MemoryRead last = vm.read(0x41ffe, 2);
    assertThat(last.data()).containsExactly(7, 7);
  }

  @Test
  void shortPagesFileIsReported() throws IOException {
    byte[] pages = Arrays.copyOf(samplePages(), 5 * P + 100);
    VirtualMemory vm = new VirtualMemory(PageMapIndexTest.sample(), PositionalSource.of(pages));
    MemoryRead r = vm.read(0x40000, 200);
    assertThat(r.gaps()).containsExactly(
        new MemoryRead.Gap(0x40000 + 100, 100, MemoryRead.Reason.PAGES_TRUNCATED));
    assertThat(r.data()[99]).isEqualTo((byte) 6);
    assertThat(r.data()[100]).isZero();
  }
}
