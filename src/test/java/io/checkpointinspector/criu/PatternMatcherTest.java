package io.checkpointinspector.criu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PatternMatcherTest {

  private static List<Long> naive(byte[] data, byte[] pattern, long base) {
    List<Long> out = new ArrayList<>();
    outer:
    for (int i = 0; i + pattern.length <= data.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      out.add(base + i);
    }
    return out;
  }

  @Test
  void findsTheSameAsANaiveSearchWhateverTheSplits() {
    Random random = new Random(42);
    for (int round = 0; round < 300; round++) {
      byte[] data = new byte[1 + random.nextInt(3000)];
      for (int i = 0; i < data.length; i++) {
        data[i] = (byte) "ab\0c".charAt(random.nextInt(4));
      }
      byte[] pattern = new byte[1 + random.nextInt(6)];
      for (int i = 0; i < pattern.length; i++) {
        pattern[i] = (byte) "abc".charAt(random.nextInt(3));
      }
      PatternMatcher m = new PatternMatcher(pattern, random.nextInt(20), random.nextInt(20), 1_000_000);
      int at = 0;
      while (at < data.length) {
        int n = Math.min(data.length - at, 1 + random.nextInt(random.nextBoolean() ? 3 : 400));
        m.feed(0x1000 + at, data, at, n);
        at += n;
      }
      m.endRun();
      assertThat(m.matches()).extracting(PatternMatcher.Match::vaddr).isEqualTo(naive(data, pattern, 0x1000));
      assertThat(m.capped()).isFalse();
    }
  }

  @Test
  void overlappingMatchesAreAllFound() {
    PatternMatcher m = new PatternMatcher("aa".getBytes(StandardCharsets.US_ASCII), 0, 0, 100);
    byte[] data = "aaaa".getBytes(StandardCharsets.US_ASCII);
    m.feed(0, data, 0, 1);
    m.feed(1, data, 1, 3);
    m.endRun();
    assertThat(m.matches()).extracting(PatternMatcher.Match::vaddr).containsExactly(0L, 1L, 2L);
  }

  @Test
  void aMatchNeverSpansTwoRuns() {
    PatternMatcher m = new PatternMatcher("XY".getBytes(StandardCharsets.US_ASCII), 4, 4, 100);
    m.feed(0x1000, "..X".getBytes(StandardCharsets.US_ASCII), 0, 3);
    m.feed(0x2000, "Y..".getBytes(StandardCharsets.US_ASCII), 0, 3); // not at 0x1003: a new run
    m.endRun();
    assertThat(m.matches()).isEmpty();
  }

  @Test
  void contextStopsAtTheRunAndIsCompletedFromLaterPieces() {
    byte[] pattern = "KEY".getBytes(StandardCharsets.US_ASCII);
    PatternMatcher m = new PatternMatcher(pattern, 3, 5, 100);
    m.feed(0x100, "abKEY".getBytes(StandardCharsets.US_ASCII), 0, 5);
    m.feed(0x105, "12".getBytes(StandardCharsets.US_ASCII), 0, 2);
    m.feed(0x107, "345678".getBytes(StandardCharsets.US_ASCII), 0, 6);
    m.feed(0x9000, "KEYzz".getBytes(StandardCharsets.US_ASCII), 0, 5);
    m.endRun();
    assertThat(m.matches()).hasSize(2);
    PatternMatcher.Match first = m.matches().get(0);
    assertThat(first.vaddr()).isEqualTo(0x102);
    assertThat(first.contextStart()).isEqualTo(0x100);
    assertThat(new String(first.context(), StandardCharsets.US_ASCII)).isEqualTo("abKEY12345");
    PatternMatcher.Match second = m.matches().get(1);
    assertThat(second.contextStart()).isEqualTo(0x9000);
    assertThat(new String(second.context(), StandardCharsets.US_ASCII)).isEqualTo("KEYzz");
  }

  @Test
  void stopsAtTheCapAndSaysSo() {
    PatternMatcher m = new PatternMatcher(new byte[] {7}, 0, 0, 3);
    byte[] data = {7, 7, 7, 7, 7};
    m.feed(0, data, 0, data.length);
    m.endRun();
    assertThat(m.matches()).hasSize(3);
    assertThat(m.capped()).isTrue();
    assertThat(m.full()).isTrue();

    PatternMatcher exact = new PatternMatcher(new byte[] {7}, 0, 0, 5);
    exact.feed(0, data, 0, data.length);
    assertThat(exact.capped()).isFalse();
  }

  @Test
  void refusesAnEmptyPattern() {
    assertThatThrownBy(() -> new PatternMatcher(new byte[0], 0, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ignoringCaseFindsAsciiLettersInEitherCaseAndKeepsTheBytesAsTheyAre() {
    byte[] data = "..Path=/x PATH=/y path=/z PAT\u00c4H".getBytes(StandardCharsets.UTF_8);
    PatternMatcher exact = new PatternMatcher("path".getBytes(StandardCharsets.US_ASCII), 0, 0, 100);
    exact.feed(0x1000, data, 0, data.length);
    exact.endRun();
    assertThat(exact.matches()).hasSize(1);
    PatternMatcher folded = new PatternMatcher("pAtH".getBytes(StandardCharsets.US_ASCII), true, 0, 0, 100);
    // split inside a match: folding works across pieces too
    folded.feed(0x1000, data, 0, 12);
    folded.feed(0x1000 + 12, data, 12, data.length - 12);
    folded.endRun();
    assertThat(folded.matches()).extracting(PatternMatcher.Match::vaddr).containsExactly(0x1002L, 0x100aL, 0x1012L);
    assertThat(new String(folded.matches().get(1).context(), StandardCharsets.US_ASCII)).isEqualTo("PATH");
  }
}
