package io.checkpointinspector.text;

import java.util.Locale;

/** Human units for the command line and the window: sizes with binary prefixes, durations, exact counts. */
public final class Units {

    private Units() {
    }

    /** "0 B", "512 B", "1.4 KiB", "1.07 GiB". */
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
        String pattern = value >= 100 ? "%.0f %siB" : value >= 10 ? "%.1f %siB" : "%.2f %siB";
        return String.format(Locale.ROOT, pattern, value, prefixes.charAt(i));
    }

    /** "1,460,733 bytes". */
    public static String exactBytes(long n) {
        return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? "byte" : "bytes");
    }

    /** "1,460,733". */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** "1 process", "2 processes": the count and the word that goes with it. */
    public static String count(long n, String one, String many) {
        return count(n) + " " + (n == 1 ? one : many);
    }

    /** Microseconds as "946 µs", "101.7 ms", "1.23 s"; "—" when absent. */
    public static String micros(Long us) {
        if (us == null) {
            return "—";
        }
        if (us < 1000) {
            return us + " µs";
        }
        if (us < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f ms", us / 1000.0);
        }
        return String.format(Locale.ROOT, "%.2f s", us / 1_000_000.0);
    }

    /** Nanoseconds as milliseconds or seconds. */
    public static String nanos(long ns) {
        return micros(ns / 1000);
    }

    /** The text, or "—" for null or blank. */
    public static String orDash(Object value) {
        if (value == null) {
            return "—";
        }
        String s = String.valueOf(value);
        return s.isBlank() ? "—" : s;
    }
}
