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

  private static boolean printable(int b) {
    return (b >= 0x20 && b < 0x7f) || b == '\t';
  }

  /** The runs of data found the slow, obvious way. */
  private static List<String> naive(byte[] data, long base, int min) {
    List<String> out = new java.util.ArrayList<>();
    int i = 0;
    while (i < data.length) {
      int j = i;
      while (j < data.length && printable(data[j] & 0xff)) {
        j++;
      }
      if (j - i >= min) {
        out.add(String.format("%x ASCII %d %s", base + i, j - i, new String(data, i, j - i,
            StandardCharsets.ISO_8859_1)));
      }
      i = Math.max(j, i + 1);
    }
    for (int parity = 0; parity < 2; parity++) {
      int k = parity;
      while (k + 1 < data.length) {
        int j = k;
        StringBuilder t = new StringBuilder();
        while (j + 1 < data.length && data[j + 1] == 0 && printable(data[j] & 0xff)) {
          t.append((char) data[j]);
          j += 2;
        }
        if (t.length() >= min) {
          out.add(String.format("%x UTF16LE %d %s", base + k, t.length(), t));
        }
        k = Math.max(j, k + 2);
      }
    }
    return out;
  }

  @Test
  void findsWhatANaiveScanFindsWhateverThePieces() {
    java.util.Random random = new java.util.Random(3);
    for (int round = 0; round < 300; round++) {
      byte[] data = new byte[1 + random.nextInt(3000)];
      for (int i = 0; i < data.length; i++) {
        data[i] = (byte) "aa\0\0b\t\u0080\u00ff".charAt(random.nextInt(8));
      }
      int min = 1 + random.nextInt(6);
      StringsScanner s = new StringsScanner(min, 1_000_000);
      int at = 0;
      while (at < data.length) {
        int n = Math.min(data.length - at, 1 + random.nextInt(random.nextBoolean() ? 4 : 500));
        s.feed(0x3000 + at, data, at, n);
        at += n;
      }
      s.endRun();
      assertThat(describe(s)).as("round %d", round).containsExactlyInAnyOrderElementsOf(naive(data, 0x3000, min));
    }
  }
}
