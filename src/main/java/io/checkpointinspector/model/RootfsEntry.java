package io.checkpointinspector.model;

import java.util.ArrayList;
import java.util.List;

/**
 * One entry of rootfs-diff.tar as its header records it.
 *
 * @param path     "/etc/passwd"; for a hostile entry the name exactly as recorded (made printable), e.g. "../x"
 * @param type     file, dir, symlink, hardlink or other
 * @param mode     permission bits as octal text ("0644", "4755")
 * @param link     target of a symlink or hard link as recorded, else null
 * @param tarType  the tar type: regular, dir, symlink, hardlink, char, block, fifo, sparse, or "unknown 'X'"
 * @param modeText the mode as ls shows it, type letter first: "-rwsr-xr-x", "drwxrwxrwt", "crw-rw-rw-"
 * @param flags    what a reviewer looks for: setuid, setgid, sticky, world-writable, device, hostile
 * @param uid      owner id; null when the header's field is unreadable
 * @param gid      group id; null when the header's field is unreadable
 * @param user     owner name; null when the header records none
 * @param group    group name; null when the header records none
 * @param devMajor device major number of a char or block device, else null
 * @param devMinor device minor number of a char or block device, else null
 * @param modified modification time, ISO-8601 UTC ("2026-11-22T07:42:18Z")
 * @param sha256   hex SHA-256 of a regular file's content; null when not computed (larger files are hashed on
 *                 demand) and for other types
 * @param hostile  why the entry is never saved (its name escapes the root, is invalid or a duplicate, or a hard
 *                 link leaves the root); null for an ordinary entry
 */
public record RootfsEntry(String path, String type, long size, String mode, String link, String tarType,
        String modeText, List<String> flags, Long uid, Long gid, String user, String group, Long devMajor,
        Long devMinor, String modified, String sha256, String hostile) {

    public RootfsEntry {
        flags = List.copyOf(flags);
    }

    /** An entry of which only the basic fields are known (made-up models in tests and warm-up). */
    public RootfsEntry(String path, String type, long size, String mode, String link) {
        this(path, type, size, mode, link, tarTypeOf(type), modeText(typeLetter(tarTypeOf(type)),
                Integer.parseInt(mode, 8)), flags(tarTypeOf(type), Integer.parseInt(mode, 8), null), null, null,
                null, null, null, null, null, null, null);
    }

    public boolean hasFlag(String flag) {
        return flags.contains(flag);
    }

    /** The same entry with its content's SHA-256 (computed on demand). */
    public RootfsEntry withSha256(String hex) {
        return new RootfsEntry(path, type, size, mode, link, tarType, modeText, flags, uid, gid, user, group,
                devMajor, devMinor, modified, hex, hostile);
    }

    /** The flags of an entry of tarType with permission bits mode. */
    public static List<String> flags(String tarType, int mode, String hostile) {
        List<String> f = new ArrayList<>();
        if ((mode & 04000) != 0) {
            f.add("setuid");
        }
        if ((mode & 02000) != 0) {
            f.add("setgid");
        }
        if ((mode & 01000) != 0) {
            f.add("sticky");
        }
        // A symlink's own mode means nothing (always rwxrwxrwx on Linux).
        if ((mode & 0002) != 0 && !"symlink".equals(tarType)) {
            f.add("world-writable");
        }
        if ("char".equals(tarType) || "block".equals(tarType)) {
            f.add("device");
        }
        if (hostile != null) {
            f.add("hostile");
        }
        return f;
    }

    /** ls -l's letter for a tar type. */
    public static char typeLetter(String tarType) {
        return switch (tarType) {
            case "dir" -> 'd';
            case "symlink" -> 'l';
            case "char" -> 'c';
            case "block" -> 'b';
            case "fifo" -> 'p';
            case "regular", "hardlink" -> '-';
            default -> '?';
        };
    }

    /** "-rwsr-xr-x": permissions as ls writes them, setuid/setgid/sticky as s/S and t/T. */
    public static String modeText(char typeLetter, int mode) {
        char[] c = new char[10];
        c[0] = typeLetter;
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            c[i + 1] = (mode & (0400 >> i)) != 0 ? rwx.charAt(i) : '-';
        }
        special(c, 3, (mode & 04000) != 0, 's');
        special(c, 6, (mode & 02000) != 0, 's');
        special(c, 9, (mode & 01000) != 0, 't');
        return new String(c);
    }

    private static void special(char[] c, int at, boolean set, char letter) {
        if (set) {
            c[at] = c[at] == 'x' ? letter : Character.toUpperCase(letter);
        }
    }

    private static String tarTypeOf(String type) {
        return switch (type) {
            case "file" -> "regular";
            case "dir", "symlink", "hardlink" -> type;
            default -> "other";
        };
    }
}
