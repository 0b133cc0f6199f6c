package io.checkpointinspector.ui.session;

import javafx.scene.Node;

/** One of the views of an open checkpoint. */
public interface InspectorView {

    Node node();

    /** Puts the keyboard focus in the view's filter or search box, if it has one. */
    default void focusSearch() {
    }
}
