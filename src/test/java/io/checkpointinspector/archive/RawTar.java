package io.checkpointinspector.archive;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes tar headers by hand, for archives commons-compress refuses to produce (lying sizes, bad records). */
public final class RawTar {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A ustar header; sizes of 8 GiB - 1 and more use the GNU base-256 form; over-long names are cut. */
    public static byte[] header(String name, char type, long size, String link) {
        byte[] b = new byte[512];
        put(b, 0, name, 100);
        put(b, 100, "0000644", 8);
        put(b, 108, "0000000", 8);
        put(b, 116, "0000000", 8);
        if (size < 077777777777L) {
            put(b, 124, String.format("%011o", size), 12);
        } else {
            b[124] = (byte) 0x80;
            for (int i = 0; i < 8; i++) {
                b[135 - i] = (byte) (size >>> (8 * i));
            }
        }
        put(b, 136, String.format("%011o", 1_700_000_000L), 12);
        b[156] = (byte) type;
        if (link != null) {
            put(b, 157, link, 100);
        }
        put(b, 257, "ustar", 6);
        put(b, 263, "00", 2);
        for (int i = 148; i < 156; i++) {
            b[i] = ' ';
        }
        long sum = 0;
        for (byte x : b) {
            sum += x & 0xff;
        }
        put(b, 148, String.format("%06o", sum), 7);
        b[155] = ' ';
        return b;
    }

    private static void put(byte[] b, int off, String s, int max) {
        byte[] v = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(v, 0, b, off, Math.min(v.length, max));
    }

    RawTar entry(String name, char type, byte[] data) {
        return entry(name, type, data.length, data);
    }

    /** An entry whose header claims declared bytes but which carries data (padded to 512). */
    RawTar entry(String name, char type, long declared, byte[] data) {
        out.writeBytes(header(name, type, declared, null));
        out.writeBytes(data);
        out.writeBytes(new byte[(512 - data.length % 512) % 512]);
        return this;
    }

    RawTar pax(String records) {
        return entry("PaxHeaders/x", 'x', records.getBytes(StandardCharsets.UTF_8));
    }

    static String paxRecord(String key, String value) {
        String body = " " + key + "=" + value + "\n";
        int len = body.getBytes(StandardCharsets.UTF_8).length;
        int total = len + String.valueOf(len).length();
        if (String.valueOf(total).length() != String.valueOf(len).length()) {
            total++;
        }
        return total + body;
    }

    RawTar raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    byte[] end() {
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }
}
