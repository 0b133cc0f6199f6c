package io.checkpointinspector.criu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PageCollectorTest {
  private static final int P = 4096;

  /** Counts bytes handed out, to prove a single forward pass. */
  static final class CountingStream extends ByteArrayInputStream {
    long served;

    CountingStream(byte[] b) {
      super(b);
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      int n = super.read(b, off, Math.min(len, 1000)); // short reads
      if (n > 0) {
        served += n;
      }
      return n;
    }

    @Override
    public synchronized long skip(long n) {
      throw new AssertionError("collector must not rely on skip()");
    }
  }

  @Test
  void collectsWantedRangesInOnePass() throws IOException {
    byte[] pages = VirtualMemoryTest.samplePages();
    // make bytes distinguishable inside the pages
    for (int i = 0; i < pages.length; i++) {
      pages[i] = (byte) (pages[i] * 16 + (i % 13));
    }
    PageCollector.Range env = new PageCollector.Range(0x40ff0, 0x41010); // 2nd-to-last page edge
    PageCollector.Range arg = new PageCollector.Range(0x10ffc, 0x11004); // 1st entry page edge
    PageCollector.Range hole = new PageCollector.Range(0x12000, 0x12010);
    CountingStream in = new CountingStream(pages);
    Map<PageCollector.Range, MemoryRead> got = PageCollector.collect(
        PageMapIndexTest.sample(), List.of(env, arg, hole, arg), in, 1 << 20);

    assertThat(got.keySet()).containsExactly(env, arg, hole);
    VirtualMemory vm = new VirtualMemory(PageMapIndexTest.sample(), PositionalSource.of(pages));
    assertThat(got.get(arg).data()).isEqualTo(vm.read(0x10ffc, 8).data());
    assertThat(got.get(arg).complete()).isTrue();
    assertThat(got.get(env).data()).isEqualTo(vm.read(0x40ff0, 0x20).data());
    assertThat(got.get(hole).gaps()).containsExactly(
        new MemoryRead.Gap(0x12000, 0x10, MemoryRead.Reason.NOT_DUMPED));
    // stopped after the last wanted byte (offset of 0x41010 is 6*P + 0x10)
    assertThat(in.served).isLessThanOrEqualTo(6L * P + 0x10 + 1000);
  }

  @Test
  void capLimitsMemoryAndReportsTheRest() throws IOException {
    PageCollector.Range big = new PageCollector.Range(0x20000, 0x23000);
    PageCollector.Range second = new PageCollector.Range(0x10000, 0x10010);
    Map<PageCollector.Range, MemoryRead> got = PageCollector.collect(PageMapIndexTest.sample(),
        List.of(big, second), new ByteArrayInputStream(VirtualMemoryTest.samplePages()), 100);
    MemoryRead b = got.get(big);
    assertThat(b.data()).hasSize(100);
    assertThat(b.data()[99]).isEqualTo((byte) 3);
    assertThat(b.gaps()).containsExactly(
        new MemoryRead.Gap(0x20000 + 100, 0x3000 - 100, MemoryRead.Reason.CAPPED));
    assertThat(got.get(second).data()).isEmpty();
    assertThat(got.get(second).gaps()).singleElement()
        .extracting(MemoryRead.Gap::reason).isEqualTo(MemoryRead.Reason.CAPPED);
  }

  @Test
  void truncatedStream() throws IOException {
    byte[] pages = Arrays.copyOf(VirtualMemoryTest.samplePages(), 2 * P + 10);
    PageCollector.Range r = new PageCollector.Range(0x20000, 0x20020);
    PageCollector.Range r2 = new PageCollector.Range(0x40000, 0x40008);
    Map<PageCollector.Range, MemoryRead> got = PageCollector.collect(PageMapIndexTest.sample(),
        List.of(r, r2), new ByteArrayInputStream(pages), 1 << 20);
    assertThat(got.get(r).data()[9]).isEqualTo((byte) 3);
    assertThat(got.get(r).gaps()).containsExactly(
        new MemoryRead.Gap(0x2000a, 0x16, MemoryRead.Reason.PAGES_TRUNCATED));
    assertThat(got.get(r2).gaps()).containsExactly(
        new MemoryRead.Gap(0x40000, 8, MemoryRead.Reason.PAGES_TRUNCATED));
  }

  @Test
  void overlappingRanges() throws IOException {
    byte[] pages = VirtualMemoryTest.samplePages();
    pages[0x1000] = 42;
    PageCollector.Range a = new PageCollector.Range(0x10ff0, 0x11010);
    PageCollector.Range b = new PageCollector.Range(0x11000, 0x11004);
    InputStream in = new ByteArrayInputStream(pages);
    Map<PageCollector.Range, MemoryRead> got =
        PageCollector.collect(PageMapIndexTest.sample(), List.of(a, b), in, 1 << 20);
    assertThat(got.get(a).data()[0x10]).isEqualTo((byte) 42);
    assertThat(got.get(b).data()).containsExactly(42, 2, 2, 2);
  }

  @Test
  void processArgsFromStreamedPages() throws IOException {
    // argv "sleep\0" "100\0" at 0x10ff6..0x11000, env "A=1\0B=2\0" right after it
    byte[] pages = VirtualMemoryTest.samplePages();
    byte[] args = "sleep\u0000100\u0000".getBytes();
    byte[] env = "A=1\0B=2\0".getBytes();
    System.arraycopy(args, 0, pages, 0x1000 - args.length, args.length);
    System.arraycopy(env, 0, pages, 0x1000, env.length);
    PageCollector.Range ar = new PageCollector.Range(0x11000 - args.length, 0x11000);
    PageCollector.Range er = new PageCollector.Range(0x11000, 0x11000 + env.length);
    Map<PageCollector.Range, MemoryRead> got = PageCollector.collect(PageMapIndexTest.sample(),
        List.of(ar, er), new ByteArrayInputStream(pages), 4096);
    ProcessArgs.Argv argv = ProcessArgs.argv(got.get(ar), got.get(er));
    assertThat(argv.status()).isEqualTo(ProcessArgs.Status.RECOVERED);
    assertThat(argv.args()).containsExactly("sleep", "100");
    assertThat(ProcessArgs.environment(got.get(er)).asMap()).containsExactly(
        Map.entry("A", "1"), Map.entry("B", "2"));
  }
}
