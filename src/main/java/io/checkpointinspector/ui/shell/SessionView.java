package io.checkpointinspector.ui.shell;

import io.checkpointinspector.ui.session.CheckpointSession;
import io.checkpointinspector.ui.session.ViewContext;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;

/** The content of a checkpoint's tab: loading, the error or cancel message, or the checkpoint's views. */
public final class SessionView extends StackPane {

    private final CheckpointSession session;
    private final Runnable close;
    private CheckpointView views;

    public SessionView(CheckpointSession session, Runnable close) {
        this.session = session;
        this.close = close;
        getStyleClass().add("session-view");
        session.stateProperty().addListener((o, a, b) -> show());
        show();
    }

    public CheckpointSession session() {
        return session;
    }

    /** The views, once loaded; null before. */
    public CheckpointView views() {
        return views;
    }

    private void show() {
        views = null;
        Node content = switch (session.state()) {
            case LOADING -> new LoadingPane(session);
            case FAILED -> new MessagePane("error-banner", "This checkpoint cannot be read", session.errorProperty()
                    .get(), true, session::start, close);
            case CANCELLED -> new MessagePane("cancelled-banner", "Loading cancelled", "Reading "
                    + session.path() + " was stopped. Nothing was changed.", false, session::start, close);
            case LOADED -> {
                views = new CheckpointView(new ViewContext(session.loaded(), session.content(), session.executor(),
                        session.failures(), session.pinnedHits()));
                yield views;
            }
        };
        getChildren().setAll(content);
        if (views != null) {
            measureOverview(views);
        }
    }

    /**
     * Notes when the Overview is first on screen: the pulse after the one that laid it out (that frame has been
     * rendered by then). This is the figure the status bar reports.
     */
    private void measureOverview(CheckpointView v) {
        if (getScene() != null) {
            watch(getScene(), v);
        } else {
            sceneProperty().addListener(new javafx.beans.value.ChangeListener<>() {
                @Override
                public void changed(javafx.beans.value.ObservableValue<? extends Scene> o, Scene a, Scene scene) {
                    if (scene != null) {
                        sceneProperty().removeListener(this);
                        watch(scene, v);
                    }
                }
            });
        }
    }

    private void watch(Scene scene, CheckpointView v) {
        boolean[] laidOut = {false};
        Runnable[] listeners = new Runnable[2];
        listeners[0] = () -> {
            Node overview = v.overviewNode();
            if (!laidOut[0] && overview != null && overview.getScene() == scene
                    && overview.getLayoutBounds().getWidth() > 0) {
                laidOut[0] = true;
                scene.removePostLayoutPulseListener(listeners[0]);
                // Make sure there is a next pulse to notice the rendered frame.
                javafx.application.Platform.requestNextPulse();
            }
        };
        listeners[1] = () -> {
            if (laidOut[0]) {
                session.overviewShown(System.nanoTime());
                scene.removePreLayoutPulseListener(listeners[1]);
            }
        };
        scene.addPostLayoutPulseListener(listeners[0]);
        scene.addPreLayoutPulseListener(listeners[1]);
    }
}
