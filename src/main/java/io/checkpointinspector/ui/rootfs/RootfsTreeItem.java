package io.checkpointinspector.ui.rootfs;

import io.checkpointinspector.inspect.RootfsIndex;
import javafx.collections.ObservableList;
import javafx.scene.control.TreeItem;

/** A tree item that makes its children only when they are first asked for, so big trees open at once. */
final class RootfsTreeItem extends TreeItem<RootfsIndex.Node> {

    private boolean childrenMade;

    RootfsTreeItem(RootfsIndex.Node node) {
        super(node);
    }

    @Override
    public boolean isLeaf() {
        return getValue().children().isEmpty();
    }

    @Override
    public ObservableList<TreeItem<RootfsIndex.Node>> getChildren() {
        if (!childrenMade) {
            childrenMade = true;
            var kids = getValue().children().stream().map(RootfsTreeItem::new).toList();
            super.getChildren().setAll(kids);
        }
        return super.getChildren();
    }
}
