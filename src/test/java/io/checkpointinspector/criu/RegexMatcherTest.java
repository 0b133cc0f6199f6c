package io.checkpointinspector.criu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RegexMatcherTest {

  /** [start, end) of every non-empty match of regex over the whole data as one ISO-8859-1 string. */
  private static List<List<Long>> whole(byte[] data, Pattern regex, long base) {
    Matcher m = regex.matcher(new String(data, StandardCharsets.ISO_8859_1));
    List<List<Long>> out = new ArrayList<>();
    while (m.find()) {
      if (m.end() > m.start()) {
        out.add(List.of(base + m.start(), base + m.end()));
      }
    }
    return out;
  }

  private static List<List<Long>> found(RegexMatcher m) {
    return m.matches().stream().map(x -> List.of(x.vaddr(), x.vaddr() + x.length())).toList();
  }

  private static void feedInPieces(RegexMatcher m, byte[] data, long base, Random random) {
    int at = 0;
    while (at < data.length) {
      int n = Math.min(data.length - at, 1 + random.nextInt(random.nextBoolean() ? 5 : 700));
      m.feed(base + at, data, at, n);
      at += n;
    }
    m.endRun();
  }

  @Test
  void findsWhatOneWholeStringSearchFindsWhateverThePieces() {
    Random random = new Random(7);
    String[] regexes = {"ab+c", "a[\\x00-\\x02]b", "(?i)AB", "c{2,5}", "\\x00\\x00a", "a.b", "(?s)a.b", "b(?=c)",
        "(?<=a)b", "[^a]{3}", "\\bab", "a*b"};
    for (int round = 0; round < 400; round++) {
      byte[] data = new byte[1 + random.nextInt(4000)];
      for (int i = 0; i < data.length; i++) {
        data[i] = (byte) "abc\0\n\u00ff".charAt(random.nextInt(6));
      }
      Pattern p = Pattern.compile(regexes[round % regexes.length]);
      RegexMatcher m = new RegexMatcher(p, random.nextInt(20), random.nextInt(20), 64, 1_000_000);
      feedInPieces(m, data, 0x7000, random);
      assertThat(found(m)).as("%s", p).isEqualTo(whole(data, p, 0x7000));
    }
  }

  @Test
  void anyByteValueMatchesAndContextSurroundsTheMatch() {
    byte[] data = new byte[8192];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31);
    }
    byte[] planted = {(byte) 0xde, (byte) 0xad, 0x00, (byte) 0xbe, (byte) 0xef};
    System.arraycopy(planted, 0, data, 4094, planted.length); // straddles a page boundary
    RegexMatcher m = new RegexMatcher(Pattern.compile("\\xde\\xad\\x00[\\xb0-\\xbf]\\xef"), 4, 6, 4096, 10);
    m.feed(0x10000, data, 0, 4096);
    m.feed(0x11000, data, 4096, 4096);
    m.endRun();
    assertThat(m.matches()).hasSize(1);
    PatternMatcher.Match hit = m.matches().get(0);
    assertThat(hit.vaddr()).isEqualTo(0x10000 + 4094);
    assertThat(hit.length()).isEqualTo(5);
    assertThat(hit.contextStart()).isEqualTo(0x10000 + 4090);
    assertThat(hit.context()).hasSize(4 + 5 + 6);
    assertThat(hit.context()[4]).isEqualTo((byte) 0xde);
  }

  @Test
  void aMatchDoesNotReachAcrossAGapInTheAddresses() {
    byte[] a = "xxxAB".getBytes(StandardCharsets.ISO_8859_1);
    byte[] b = "CDyyy".getBytes(StandardCharsets.ISO_8859_1);
    RegexMatcher m = new RegexMatcher(Pattern.compile("ABCD"), 0, 0, 64, 10);
    m.feed(0x1000, a, 0, a.length);
    m.feed(0x2000, b, 0, b.length); // not 0x1005: another run
    m.endRun();
    assertThat(m.matches()).isEmpty();
    m.feed(0x1000, a, 0, a.length);
    m.feed(0x1005, b, 0, b.length);
    m.endRun();
    assertThat(m.matches()).extracting(PatternMatcher.Match::vaddr).containsExactly(0x1003L);
  }

  @Test
  void aMatchIsAtMostTheWindowLong() {
    byte[] data = ("<" + "x".repeat(300) + ">").getBytes(StandardCharsets.ISO_8859_1);
    RegexMatcher greedy = new RegexMatcher(Pattern.compile("<x*"), 0, 0, 100, 10);
    greedy.feed(0, data, 0, data.length);
    greedy.endRun();
    assertThat(greedy.matches()).extracting(PatternMatcher.Match::length).containsExactly(100);
    RegexMatcher needsAll = new RegexMatcher(Pattern.compile("<x*>"), 0, 0, 100, 10);
    needsAll.feed(0, data, 0, data.length);
    needsAll.endRun();
    assertThat(needsAll.matches()).isEmpty();
    RegexMatcher wide = new RegexMatcher(Pattern.compile("<x*>"), 0, 0, 400, 10);
    wide.feed(0, data, 0, data.length);
    wide.endRun();
    assertThat(wide.matches()).extracting(PatternMatcher.Match::length).containsExactly(302);
  }

  @Test
  void stopsAtTheCap() {
    byte[] data = "a1a2a3a4a5".getBytes(StandardCharsets.ISO_8859_1);
    RegexMatcher m = new RegexMatcher(Pattern.compile("a\\d"), 0, 0, 16, 3);
    m.feed(0, data, 0, data.length);
    m.endRun();
    assertThat(m.matches()).hasSize(3);
    assertThat(m.capped()).isTrue();
    assertThat(m.full()).isTrue();
  }
}
