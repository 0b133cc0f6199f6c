package io.checkpointinspector.archive;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Applies the safety rules to raw entries of one pass: names are normalised, names that escape the root are
 * skipped, duplicates keep the first occurrence (so streaming and random access agree), links are flagged.
 */
final class EntryCatalog {

    private final OpenOptions options;
    private final Warnings warnings;
    private final String prefix;
    private final Map<String, EntryType> seen = new HashMap<>();
    private final boolean flagEscapingLinks;

    /** prefix is prepended to every name ("checkpoint/" for bare CRIU image directories), or "". */
    EntryCatalog(OpenOptions options, Warnings warnings, String prefix) {
        this(options, warnings, prefix, true);
    }

    /**
     * flagEscapingLinks false is for a container's file system (rootfs-diff.tar): there a link target is a path
     * in the container, which resolves inside its root however it is written, so "/etc/hostname" is no warning.
     */
    EntryCatalog(OpenOptions options, Warnings warnings, String prefix, boolean flagEscapingLinks) {
        this.options = options;
        this.warnings = warnings;
        this.prefix = prefix;
        this.flagEscapingLinks = flagEscapingLinks;
    }

    EntryInfo accept(TarEntry e) {
        return accept(e.rawName(), e.type(), e.size(), e.mode(), e.linkTarget(), e.modified(), e.sparse());
    }

    /** The entry as delivered to consumers, or null when it is skipped. */
    EntryInfo accept(String rawName, EntryType type, long size, int mode, String link, Instant modified,
            boolean sparse) {
        EntryNames.Result r = EntryNames.normalize(rawName, options.maxNameBytes());
        if (!r.ok()) {
            report(rawName, r.problem());
            return null;
        }
        String name = prefix + r.name();
        EntryType previous = seen.putIfAbsent(name, type);
        if (previous != null) {
            if (!(previous == EntryType.DIRECTORY && type == EntryType.DIRECTORY)) {
                warnings.add("duplicate entry '" + printable(name) + "': the first one is used, a later "
                        + type.name().toLowerCase(java.util.Locale.ROOT)
                        + " of the same name is ignored (extracting tools would keep the last)");
            }
            return null;
        }
        if (sparse) {
            warnings.add("entry '" + printable(name) + "' is a sparse file: reported without content");
        }
        if (flagEscapingLinks && (type == EntryType.SYMLINK || type == EntryType.HARDLINK)
                && EntryNames.linkEscapes(r.name(), link, type == EntryType.SYMLINK)) {
            warnings.add((type == EntryType.SYMLINK ? "symlink '" : "hardlink '") + printable(name)
                    + "' points outside the checkpoint root ('" + printable(link) + "'): reported, not followed");
        }
        return new EntryInfo(name, type, type == EntryType.FILE ? size : 0, mode, link, modified);
    }

    private void report(String rawName, EntryNames.Problem problem) {
        // A container's file system is listed as evidence (NestedTar's members), refused names included.
        String outcome = flagEscapingLinks ? "ignored" : "listed as hostile, never saved";
        switch (problem) {
            case ROOT -> {
                // "./" itself: Podman writes it (IncludeSourceDir); nothing to report
            }
            case ESCAPES -> warnings.add("entry '" + printable(rawName) + "' escapes the checkpoint root: " + outcome);
            case INVALID -> warnings.add("entry with an invalid name '" + printable(rawName) + "': " + outcome);
            case TOO_LONG -> warnings.add("entry name longer than " + options.maxNameBytes() + " bytes ('"
                    + printable(rawName) + "'): " + outcome);
        }
    }

    /** Escapes control characters and shortens, so hostile names cannot garble logs or the UI. */
    static String printable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 200; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (sb.length() >= 200) {
            sb.append("...");
        }
        return sb.toString();
    }
}
