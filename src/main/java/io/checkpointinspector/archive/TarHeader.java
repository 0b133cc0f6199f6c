package io.checkpointinspector.archive;

import java.nio.charset.StandardCharsets;

/**
 * The fields of one 512-byte tar header block (v7, ustar, GNU). Parsing never throws on content: callers
 * check {@link #checksumMatches} first and numeric fields that do not parse come back as -1.
 */
record TarHeader(String name, int mode, long size, long mtime, byte typeflag, String linkName, TarFacts facts) {

    static TarHeader parse(byte[] b) {
        String name = string(b, 0, 100);
        boolean ustar = Magic.hasUstarMagic(b);
        boolean posixUstar = ustar && b[262] == 0;
        if (posixUstar) {
            // GNU headers ("ustar  ") use these bytes for other fields; only POSIX ustar has a name prefix.
            String prefix = string(b, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
        }
        long mode = number(b, 100, 8);
        // uid/gid exist since v7; user and group names and device numbers only in ustar and GNU headers.
        TarFacts facts = new TarFacts((char) (b[156] & 0xff), number(b, 108, 8), number(b, 116, 8),
                ustar ? string(b, 265, 32) : null, ustar ? string(b, 297, 32) : null,
                ustar ? number(b, 329, 8) : -1, ustar ? number(b, 337, 8) : -1);
        return new TarHeader(name, mode < 0 ? 0 : (int) (mode & 07777), number(b, 124, 12), number(b, 136, 12),
                b[156], string(b, 157, 100), facts);
    }

    /** Sum of the header bytes with the checksum field read as spaces; signed sums are accepted too. */
    static boolean checksumMatches(byte[] b) {
        long recorded = octal(b, 148, 8);
        if (recorded < 0) {
            return false;
        }
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < Magic.BLOCK; i++) {
            int v = (i >= 148 && i < 156) ? ' ' : b[i];
            unsigned += v & 0xff;
            signed += v;
        }
        return recorded == unsigned || recorded == signed;
    }

    private static String string(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    /** Octal, or GNU base-256 when the high bit of the first byte is set; -1 when malformed or negative. */
    static long number(byte[] b, int off, int len) {
        if ((b[off] & 0x80) != 0) {
            if ((b[off] & 0x40) != 0) {
                return -1;
            }
            long v = b[off] & 0x3f;
            for (int i = 1; i < len; i++) {
                if (v > (Long.MAX_VALUE >>> 8)) {
                    return -1;
                }
                v = (v << 8) | (b[off + i] & 0xff);
            }
            return v;
        }
        return octal(b, off, len);
    }

    private static long octal(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end && (b[i] == ' ' || b[i] == 0)) {
            i++;
        }
        if (i == end) {
            return 0;
        }
        long v = 0;
        for (; i < end; i++) {
            byte c = b[i];
            if (c == ' ' || c == 0) {
                break;
            }
            if (c < '0' || c > '7' || v > (Long.MAX_VALUE >>> 3)) {
                return -1;
            }
            v = (v << 3) | (c - '0');
        }
        for (; i < end; i++) {
            if (b[i] != ' ' && b[i] != 0) {
                return -1;
            }
        }
        return v;
    }
}
