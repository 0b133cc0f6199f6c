package io.checkpointinspector.ui.rootfs;

import io.checkpointinspector.inspect.RootfsIndex;
import io.checkpointinspector.text.Units;

/** Words for the rootfs tree's nodes. */
final class RootfsText {

    private RootfsText() {
    }

    static String change(RootfsIndex.Node n) {
        return switch (n.kind()) {
            case DELETED -> "deleted";
            case HOSTILE -> "hostile";
            case FOLDER -> n.entry() == null ? "" : "added/changed";
            case SYMLINK -> "link";
            case HARDLINK -> "hard link";
            default -> "added/changed";
        };
    }

    /** "4 files changed (74 B) · 1 deleted", or "1 of 4 files (33 B of 74 B) · 0 of 1 deleted" when filtered. */
    static String summary(RootfsIndex.Node all, RootfsIndex.Node shown) {
        StringBuilder sb = new StringBuilder();
        if (shown == all) {
            sb.append(Units.count(all.files())).append(all.files() == 1 ? " file" : " files").append(" changed (")
                    .append(Units.bytes(all.size())).append(")  ·  ").append(Units.count(all.deleted()))
                    .append(" deleted");
            if (all.hostile() > 0) {
                sb.append("  ·  ").append(Units.count(all.hostile())).append(" hostile");
            }
        } else {
            sb.append(Units.count(shown.files())).append(" of ").append(Units.count(all.files()))
                    .append(all.files() == 1 ? " file (" : " files (").append(Units.bytes(shown.size()))
                    .append(" of ").append(Units.bytes(all.size())).append(")  ·  ")
                    .append(Units.count(shown.deleted())).append(" of ").append(Units.count(all.deleted()))
                    .append(" deleted");
            if (all.hostile() > 0) {
                sb.append("  ·  ").append(Units.count(shown.hostile())).append(" of ")
                        .append(Units.count(all.hostile())).append(" hostile");
            }
        }
        return sb.toString();
    }

    static String folderSummary(RootfsIndex.Node n) {
        StringBuilder sb = new StringBuilder();
        sb.append(Units.count(n.files())).append(n.files() == 1 ? " file" : " files").append(" below, ")
                .append(Units.bytes(n.size()));
        if (n.deleted() > 0) {
            sb.append("; ").append(Units.count(n.deleted())).append(" deleted");
        }
        if (n.hostile() > 0) {
            sb.append("; ").append(Units.count(n.hostile())).append(" hostile");
        }
        if (n.isHostileFolder()) {
            return n.hostile() + (n.hostile() == 1 ? " entry" : " entries") + " of rootfs-diff.tar whose name escapes"
                    + " the root (../…, absolute), is invalid or repeats an earlier one, or a hard link leaving the"
                    + " root.\nListed as evidence; never read as a file and never saved.";
        }
        if (n.entry() == null && !n.path().equals("/")) {
            sb.append(".\nThis folder itself is unchanged; it holds changes.");
        }
        return sb.toString();
    }
}
