package io.checkpointinspector.ui.processes;

import java.util.ArrayList;
import java.util.List;

/** open(2) flags as names, the way /proc/PID/fdinfo readers expect them (x86-64 values). */
final class OpenFlags {

    private static final String[] ACCESS = {"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"};
    private static final long[] BITS = {0100, 0200, 0400, 01000, 02000, 04000, 010000, 020000, 040000, 0100000,
        0200000, 0400000, 01000000, 02000000, 04000000, 010000000, 020000000};
    private static final String[] NAMES = {"O_CREAT", "O_EXCL", "O_NOCTTY", "O_TRUNC", "O_APPEND", "O_NONBLOCK",
        "O_DSYNC", "FASYNC", "O_DIRECT", "O_LARGEFILE", "O_DIRECTORY", "O_NOFOLLOW", "O_NOATIME", "O_CLOEXEC",
        "__O_SYNC", "O_PATH", "__O_TMPFILE"};

    private OpenFlags() {
    }

    static String describe(Long flags) {
        if (flags == null) {
            return "";
        }
        long f = flags;
        List<String> parts = new ArrayList<>();
        parts.add(ACCESS[(int) (f & 3)]);
        long rest = f & ~3L;
        for (int i = 0; i < BITS.length; i++) {
            if ((f & BITS[i]) != 0) {
                parts.add(NAMES[i]);
                rest &= ~BITS[i];
            }
        }
        if (rest != 0) {
            parts.add("0" + Long.toOctalString(rest));
        }
        return String.join(" | ", parts);
    }
}
