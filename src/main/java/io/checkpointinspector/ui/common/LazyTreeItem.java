package io.checkpointinspector.ui.common;

import java.util.List;
import java.util.function.Function;
import javafx.collections.ObservableList;
import javafx.scene.control.TreeItem;

/** A tree item whose children are made when first asked for, so big trees cost only what is expanded. */
public final class LazyTreeItem<T> extends TreeItem<T> {

    private final Function<T, List<T>> children;
    private boolean made;

    public LazyTreeItem(T value, Function<T, List<T>> children) {
        super(value);
        this.children = children;
    }

    @Override
    public boolean isLeaf() {
        return made ? super.getChildren().isEmpty() : children.apply(getValue()).isEmpty();
    }

    @Override
    public ObservableList<TreeItem<T>> getChildren() {
        if (!made) {
            made = true;
            List<TreeItem<T>> kids = children.apply(getValue()).stream()
                    .<TreeItem<T>>map(c -> new LazyTreeItem<>(c, children)).toList();
            super.getChildren().setAll(kids);
        }
        return super.getChildren();
    }
}
