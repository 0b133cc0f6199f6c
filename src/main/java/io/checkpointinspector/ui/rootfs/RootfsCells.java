package io.checkpointinspector.ui.rootfs;

import io.checkpointinspector.inspect.RootfsIndex;
import io.checkpointinspector.ui.common.Tips;
import java.util.EnumMap;
import java.util.Map;
import javafx.scene.control.TreeTableCell;
import javafx.scene.shape.SVGPath;

/** The name cell of the rootfs tree: an icon and colour per kind of change, deleted paths struck through. */
final class RootfsCells extends TreeTableCell<RootfsIndex.Node, RootfsIndex.Node> {

    private static final String FOLDER = "M1 3.5 L6 3.5 L7.5 5 L15 5 L15 14 L1 14 Z";
    private static final String FILE = "M3 1 L10 1 L13 4 L13 15 L3 15 Z";
    private static final String DELETED = "M3 1 L10 1 L13 4 L13 15 L3 15 Z M5 7 L6 6 L8 8 L10 6 L11 7 L9 9 L11 11 L10 12 "
            + "L8 10 L6 12 L5 11 L7 9 Z";
    private static final String LINK = "M1 7 L9 7 L9 4 L15 8.5 L9 13 L9 10 L1 10 Z";
    private static final String WARNING = "M8 1 L15 14 L1 14 Z M7.2 5 L8.8 5 L8.6 10 L7.4 10 Z M7.2 11 L8.8 11 L8.8 12.6 "
            + "L7.2 12.6 Z";

    /** One icon per kind and cell, made once: parsing SVG paths on every scroll step showed up in profiles. */
    private final Map<RootfsIndex.Kind, SVGPath> icons = new EnumMap<>(RootfsIndex.Kind.class);
    private String kindClass;

    RootfsCells() {
        Tips.lazy(this, () -> isEmpty() || getItem() == null ? null
                : getItem().path() + "\n" + RootfsText.change(getItem()));
    }

    @Override
    protected void updateItem(RootfsIndex.Node node, boolean empty) {
        super.updateItem(node, empty);
        if (empty || node == null) {
            setStyleClass(null);
            setText(null);
            setGraphic(null);
            return;
        }
        setStyleClass(switch (node.kind()) {
            case FOLDER -> node.isHostileFolder() ? "rootfs-hostile-folder"
                    : node.entry() == null ? "rootfs-folder-context" : "rootfs-folder";
            case HOSTILE -> "rootfs-hostile";
            case FILE -> "rootfs-file";
            case DELETED -> "rootfs-deleted";
            case SYMLINK, HARDLINK -> "rootfs-link";
            case OTHER -> "rootfs-other";
        });
        String name = node.path().equals("/") ? "/" : node.name();
        if (node.entry() != null && node.entry().link() != null) {
            name += "  →  " + node.entry().link();
        }
        setText(name);
        setGraphic(icons.computeIfAbsent(node.isHostileFolder() ? RootfsIndex.Kind.HOSTILE : node.kind(),
                RootfsCells::icon));
    }

    /** Changes the kind's style class only when it differs: every change makes CSS run again for the cell. */
    private void setStyleClass(String cls) {
        if (cls == null ? kindClass == null : cls.equals(kindClass)) {
            return;
        }
        if (kindClass != null) {
            getStyleClass().remove(kindClass);
        }
        if (cls != null) {
            getStyleClass().add(cls);
        }
        kindClass = cls;
    }

    private static SVGPath icon(RootfsIndex.Kind kind) {
        SVGPath p = new SVGPath();
        p.getStyleClass().add("rootfs-icon");
        p.setContent(switch (kind) {
            case FOLDER -> FOLDER;
            case DELETED -> DELETED;
            case SYMLINK, HARDLINK -> LINK;
            case HOSTILE -> WARNING;
            default -> FILE;
        });
        return p;
    }
}
