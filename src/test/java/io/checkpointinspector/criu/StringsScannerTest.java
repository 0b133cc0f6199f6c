package io.checkpointinspector.criu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StringsScannerTest {

  private static List<String> describe(StringsScanner s) {
    return s.found().stream().map(f -> String.format("%x %s %d %s", f.vaddr(), f.encoding(), f.length(), f.text()))
        .toList();
  }

  @Test
  void findsAsciiAndUtf16AtBothParitiesAcrossPieces() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(new byte[] {0, 1, 2});
    b.writeBytes("hello world".getBytes(StandardCharsets.US_ASCII)); // at 3
    b.write(0);
    b.write(0xff); // 15
    b.writeBytes("wide!".getBytes(StandardCharsets.UTF_16LE)); // at 16, even
    b.writeBytes(new byte[] {0, 0, 7}); // 26..28
    b.writeBytes("odd1".getBytes(StandardCharsets.UTF_16LE)); // at 29, odd
    b.writeBytes(new byte[] {1, 2});
    b.writeBytes("abc".getBytes(StandardCharsets.US_ASCII)); // too short
    b.write(0x80);
    byte[] data = b.toByteArray();
    StringsScanner s = new StringsScanner(4, 100);
    for (int at = 0; at < data.length; at += 3) {
      s.feed(0x4000 + at, data, at, Math.min(3, data.length - at));
    }
    s.endRun();
    assertThat(describe(s)).containsExactlyInAnyOrder(
        "4003 ASCII 11 hello world", "4010 UTF16LE 5 wide!", "401d UTF16LE 4 odd1");
  }

  @Test
  void aRunEndsWhereTheAddressesJump() {
    byte[] a = "abcdef".getBytes(StandardCharsets.US_ASCII);
    StringsScanner s = new StringsScanner(4, 100);
    s.feed(0x1000, a, 0, 3);
    s.feed(0x2000, a, 3, 3); // "abc" and "def": each too short
    s.endRun();
    assertThat(s.found()).isEmpty();
  }

  @Test
  void longRunsKeepTheirLengthAndACappedText() {
    byte[] a = "x".repeat(5000).getBytes(StandardCharsets.US_ASCII);
    StringsScanner s = new StringsScanner(4, 1);
    s.feed(0, a, 0, a.length);
    s.endRun();
    assertThat(s.found()).singleElement().satisfies(f -> {
      assertThat(f.length()).isEqualTo(5000);
      assertThat(f.text()).hasSize(StringsScanner.MAX_TEXT);
    });
    StringsScanner capped = new StringsScanner(1, 2);
    byte[] three = "a\0b\0c".getBytes(StandardCharsets.US_ASCII);
    capped.feed(0, three, 0, three.length);
    capped.endRun();
    assertThat(capped.found()).hasSize(2);
    assertThat(capped.capped()).isTrue();
  }
}
