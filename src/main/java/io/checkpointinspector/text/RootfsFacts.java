package io.checkpointinspector.text;

import io.checkpointinspector.model.RootfsEntry;

/** The words for a rootfs-diff entry's header facts, the same in the tree output and the window. */
public final class RootfsFacts {

    private RootfsFacts() {
    }

    /** "root:root (0:0)", "0:0" when the header records no names, "?" for an unreadable id. */
    public static String owner(RootfsEntry e) {
        String ids = id(e.uid()) + ":" + id(e.gid());
        if (e.user() == null && e.group() == null) {
            return ids;
        }
        return (e.user() == null ? id(e.uid()) : e.user()) + ":" + (e.group() == null ? id(e.gid()) : e.group())
                + " (" + ids + ")";
    }

    /** The tar type with what belongs to it: "char 1,3", "symlink → /etc/hostname", "regular". */
    public static String type(RootfsEntry e) {
        String t = e.tarType();
        if (e.devMajor() != null || e.devMinor() != null) {
            return t + " " + id(e.devMajor()) + "," + id(e.devMinor());
        }
        if (e.link() != null) {
            return t + " → " + e.link();
        }
        return t;
    }

    /** "-rwsr-xr-x (4755)". */
    public static String mode(RootfsEntry e) {
        return e.modeText() + " (" + e.mode() + ")";
    }

    /** "setuid, world-writable" or "". */
    public static String flags(RootfsEntry e) {
        return String.join(", ", e.flags());
    }

    private static String id(Long v) {
        return v == null ? "?" : v.toString();
    }
}
