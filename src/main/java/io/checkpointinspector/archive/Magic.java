package io.checkpointinspector.archive;

import java.util.HexFormat;

/** Recognises formats by their first bytes. */
final class Magic {

    static final int BLOCK = 512;

    private Magic() {
    }

    /** gzip (1F 8B), zstd frame (28 B5 2F FD) or zstd skippable frame (5? 2A 4D 18); null otherwise. */
    static Compression compression(byte[] head, int len) {
        if (len >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return Compression.GZIP;
        }
        if (len >= 4 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f && (head[3] & 0xff) == 0xfd
                && (head[0] & 0xff) == 0x28) {
            return Compression.ZSTD;
        }
        if (len >= 4 && (head[0] & 0xf0) == 0x50 && (head[1] & 0xff) == 0x2a && (head[2] & 0xff) == 0x4d
                && (head[3] & 0xff) == 0x18) {
            return Compression.ZSTD;
        }
        return null;
    }

    /** A tar header: "ustar" at offset 257, or a valid v7 header checksum. */
    static boolean looksLikeTarHeader(byte[] block, int len) {
        if (len < BLOCK) {
            return false;
        }
        return hasUstarMagic(block) || TarHeader.checksumMatches(block);
    }

    static boolean hasUstarMagic(byte[] block) {
        return block[257] == 'u' && block[258] == 's' && block[259] == 't' && block[260] == 'a' && block[261] == 'r';
    }

    static boolean isZeroBlock(byte[] block) {
        for (int i = 0; i < BLOCK; i++) {
            if (block[i] != 0) {
                return false;
            }
        }
        return true;
    }

    static boolean isAllZero(byte[] data, int len) {
        for (int i = 0; i < len; i++) {
            if (data[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** "1f 8b 08 00" style preview of the first bytes, for error messages. */
    static String preview(byte[] head, int len) {
        int n = Math.min(len, 8);
        return HexFormat.ofDelimiter(" ").formatHex(head, 0, n);
    }
}
