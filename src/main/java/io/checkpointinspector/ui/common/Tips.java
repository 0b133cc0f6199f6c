package io.checkpointinspector.ui.common;

import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;

/**
 * Tooltips made when the mouse first enters a node, not when the node is made: a Tooltip is a popup control,
 * and creating hundreds of them for cells and labels nobody hovers was the larger part of opening a view.
 */
public final class Tips {

    private static final String KEY = "lazy-tooltip";
    private static final int MAX_CHARS = 4000;

    private Tips() {
    }

    /** A fixed tooltip text. */
    public static void text(Node node, String text) {
        lazy(node, () -> text);
    }

    /** The tooltip shows text.get() as it is when the mouse enters; null or empty shows none. */
    public static void lazy(Node node, Supplier<String> text) {
        node.addEventHandler(MouseEvent.MOUSE_ENTERED, e -> {
            String t = text.get();
            Tooltip tip = (Tooltip) node.getProperties().get(KEY);
            if (t == null || t.isEmpty()) {
                if (tip != null) {
                    Tooltip.uninstall(node, tip);
                    node.getProperties().remove(KEY);
                }
                return;
            }
            String shown = t.length() > MAX_CHARS ? t.substring(0, MAX_CHARS) + "…" : t;
            if (tip == null) {
                tip = new Tooltip(shown);
                tip.setWrapText(true);
                tip.setMaxWidth(640);
                Tooltip.install(node, tip);
                node.getProperties().put(KEY, tip);
            } else {
                tip.setText(shown);
            }
        });
    }
}
