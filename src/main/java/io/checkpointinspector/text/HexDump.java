package io.checkpointinspector.text;

import java.util.List;
import java.util.Locale;

/**
 * Bytes as hex and ASCII, sixteen bytes a row, each row headed by its address. Bytes that are missing (holes)
 * show as "--"; rows that hold none but missing bytes are folded into one line saying how many and why.
 */
public final class HexDump {

    /** Address digits of a memory dump (64-bit virtual addresses). */
    public static final int MEMORY_DIGITS = 16;

    /** A range of missing bytes: length bytes from start, and why they are missing, in words. */
    public record Hole(long start, long length, String why) {
    }

    private HexDump() {
    }

    /** The rows of the first length bytes of data, addresses from base in digits hex digits; no holes. */
    public static String of(byte[] data, int length, long base, int digits) {
        StringBuilder sb = new StringBuilder(length / 16 * 80 + 80);
        for (int row = 0; row < length; row += 16) {
            appendRow(sb, data, base, row, Math.min(16, length - row), digits, List.of());
        }
        return sb.toString();
    }

    /** The rows of data read from virtual address base, with the holes (in address order) folded or marked. */
    public static String of(long base, byte[] data, List<Hole> holes) {
        StringBuilder sb = new StringBuilder(data.length / 16 * 80 + 80);
        int row = 0;
        while (row < data.length) {
            int len = Math.min(16, data.length - row);
            Hole whole = holeCovering(holes, base + row, len);
            if (whole != null) {
                long holeEnd = whole.start() + whole.length();
                long endOfRun = Math.min(base + data.length, holeEnd);
                // Only whole rows are folded; a row the hole covers in part is printed with "--".
                int rows = (int) ((endOfRun - (base + row)) / 16);
                if (rows >= 1) {
                    long from = base + row;
                    long to = from + rows * 16L;
                    if (to > base + data.length) {
                        to = base + data.length;
                    }
                    sb.append(String.format(Locale.ROOT, "%016x  ", from)).append("… ").append(Units.exactBytes(
                            to - from)).append(" ").append(whole.why()).append(" (to ")
                            .append(String.format(Locale.ROOT, "%016x", to)).append(")\n");
                    row += rows * 16;
                    continue;
                }
            }
            appendRow(sb, data, base, row, len, MEMORY_DIGITS, holes);
            row += len;
        }
        return sb.toString();
    }

    /**
     * Bytes from hex text: "434b5054", "43 4b 50 54", "0x43 0x4b", "43:4b". Throws IllegalArgumentException naming
     * what is wrong.
     */
    public static byte[] parseHex(String text) {
        String t = text.toLowerCase(Locale.ROOT).replace("0x", "").replaceAll("[\\s:,]", "");
        if (t.isEmpty()) {
            throw new IllegalArgumentException("no hex bytes given");
        }
        if (t.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits in \"" + text.trim() + "\"");
        }
        byte[] out = new byte[t.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(t.charAt(2 * i), 16);
            int lo = Character.digit(t.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("not a hex byte: \"" + t.substring(2 * i, 2 * i + 2) + "\"");
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    private static void appendRow(StringBuilder sb, byte[] data, long base, int row, int len, int digits,
            List<Hole> holes) {
        sb.append(String.format(Locale.ROOT, "%0" + digits + "x  ", base + row));
        StringBuilder ascii = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            if (i < len) {
                if (missing(holes, base + row + i)) {
                    sb.append("-- ");
                    ascii.append(' ');
                } else {
                    int b = data[row + i] & 0xff;
                    sb.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16)).append(' ');
                    ascii.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
                }
            } else {
                sb.append("   ");
            }
            if (i == 7) {
                sb.append(' ');
            }
        }
        sb.append(" |").append(ascii).append("|\n");
    }

    private static boolean missing(List<Hole> holes, long at) {
        for (Hole h : holes) {
            if (at - h.start() >= 0 && at - h.start() < h.length()) {
                return true;
            }
        }
        return false;
    }

    /** The hole that covers all of [from, from + len), or null. */
    private static Hole holeCovering(List<Hole> holes, long from, int len) {
        for (Hole h : holes) {
            if (from - h.start() >= 0 && from + len - h.start() <= h.length()) {
                return h;
            }
        }
        return null;
    }
}
