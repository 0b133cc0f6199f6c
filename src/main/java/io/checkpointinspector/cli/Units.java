package io.checkpointinspector.cli;

import java.util.Locale;

/** Human units for byte counts (binary prefixes, one decimal). */
public final class Units {

    private Units() {
    }

    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String prefixes = "KMGTPE";
        double value = n;
        int i = -1;
        while (value >= 1024 && i < prefixes.length() - 1) {
            value /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %siB", value, prefixes.charAt(i));
    }
}
