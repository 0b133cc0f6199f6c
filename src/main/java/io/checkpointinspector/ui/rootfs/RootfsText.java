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
            case FOLDER -> n.entry() == null ? "" : "added/changed";
            case SYMLINK -> "link";
            case HARDLINK -> "hard link";
            default -> "added/changed";
        };
    }

    static String folderSummary(RootfsIndex.Node n) {
        StringBuilder sb = new StringBuilder();
        sb.append(Units.count(n.files())).append(n.files() == 1 ? " file" : " files").append(" below, ")
                .append(Units.bytes(n.size()));
        if (n.deleted() > 0) {
            sb.append("; ").append(Units.count(n.deleted())).append(" deleted");
        }
        if (n.entry() == null && !n.path().equals("/")) {
            sb.append(".\nThis folder itself is unchanged; it holds changes.");
        }
        return sb.toString();
    }
}
