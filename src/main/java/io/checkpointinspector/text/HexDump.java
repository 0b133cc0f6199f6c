package io.checkpointinspector.text;

import io.checkpointinspector.criu.MemoryRead;
import java.util.Locale;

/**
 * Memory as hex and ASCII, sixteen bytes a row, addressed by virtual address. Bytes the checkpoint does not hold
 * show as "--"; rows that hold none of them are folded into one line saying how many bytes are missing and why.
 */
public final class HexDump {

    private HexDump() {
    }

    /** The rows of read, addresses from read.vaddr(). */
    public static String of(MemoryRead read) {
        byte[] data = read.data();
        long base = read.vaddr();
        StringBuilder sb = new StringBuilder(data.length / 16 * 80 + 80);
        int row = 0;
        while (row < data.length) {
            int len = Math.min(16, data.length - row);
            MemoryRead.Gap whole = gapCovering(read, base + row, len);
            if (whole != null) {
                long gapEnd = whole.vaddr() + whole.length();
                long endOfRun = Math.min(base + data.length, gapEnd);
                // Only whole rows are folded; a row the gap covers in part is printed with "--".
                int rows = (int) ((endOfRun - (base + row)) / 16);
                if (rows >= 1) {
                    long from = base + row;
                    long to = from + rows * 16L;
                    if (to > base + data.length) {
                        to = base + data.length;
                    }
                    sb.append(String.format(Locale.ROOT, "%016x  ", from)).append("… ").append(Units.exactBytes(
                            to - from)).append(" ").append(describe(whole.reason())).append(" (to ")
                            .append(String.format(Locale.ROOT, "%016x", to)).append(")\n");
                    row += rows * 16;
                    continue;
                }
            }
            appendRow(sb, read, row, len);
            row += len;
        }
        return sb.toString();
    }

    /** Why bytes are missing, in words. */
    public static String describe(MemoryRead.Reason reason) {
        return switch (reason) {
            case NOT_DUMPED -> "not dumped";
            case IN_PARENT -> "in the parent checkpoint";
            case LAZY -> "lazy, not in the image";
            case PAGES_TRUNCATED -> "missing: the pages image ends early";
            case CAPPED -> "not read";
        };
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

    private static void appendRow(StringBuilder sb, MemoryRead read, int row, int len) {
        long base = read.vaddr();
        sb.append(String.format(Locale.ROOT, "%016x  ", base + row));
        StringBuilder ascii = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            if (i < len) {
                long at = base + row + i;
                if (missing(read, at)) {
                    sb.append("-- ");
                    ascii.append(' ');
                } else {
                    int b = read.data()[row + i] & 0xff;
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

    private static boolean missing(MemoryRead read, long at) {
        for (MemoryRead.Gap g : read.gaps()) {
            if (at - g.vaddr() >= 0 && at - g.vaddr() < g.length()) {
                return true;
            }
        }
        return false;
    }

    /** The gap that covers all of [from, from + len), or null. */
    private static MemoryRead.Gap gapCovering(MemoryRead read, long from, int len) {
        for (MemoryRead.Gap g : read.gaps()) {
            if (from - g.vaddr() >= 0 && from + len - g.vaddr() <= g.length()) {
                return g;
            }
        }
        return null;
    }
}
