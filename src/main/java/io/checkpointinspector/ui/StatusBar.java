package io.checkpointinspector.ui;

import io.checkpointinspector.model.SourceInfo;
import io.checkpointinspector.text.Units;
import io.checkpointinspector.ui.session.CheckpointSession;
import java.util.Locale;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/** The selected checkpoint's source path, format, compression and load time. */
final class StatusBar extends HBox {

    private final Label path = new Label();
    private final Label format = new Label();
    private final Label compression = new Label();
    private final Label timing = new Label();
    private CheckpointSession session;
    private final ChangeListener<Object> refresh = (o, a, b) -> update();

    StatusBar() {
        super(10);
        setId("status-bar");
        getStyleClass().add("status-bar");
        setAlignment(Pos.CENTER_LEFT);
        path.setId("status-path");
        format.setId("status-format");
        compression.setId("status-compression");
        timing.setId("status-timing");
        path.setMinWidth(80);
        HBox.setHgrow(path, Priority.ALWAYS);
        path.setMaxWidth(Double.MAX_VALUE);
        getChildren().addAll(path, new Separator(javafx.geometry.Orientation.VERTICAL), format,
                new Separator(javafx.geometry.Orientation.VERTICAL), compression,
                new Separator(javafx.geometry.Orientation.VERTICAL), timing);
        show(null);
    }

    /** A tab that is not one checkpoint (a comparison): its own words instead of a source. */
    void showText(String text) {
        show(null);
        path.setText(text);
    }

    void show(CheckpointSession s) {
        if (session != null) {
            session.stateProperty().removeListener(refresh);
            session.shownAfterNanosProperty().removeListener(refresh);
        }
        session = s;
        if (s != null) {
            s.stateProperty().addListener(refresh);
            s.shownAfterNanosProperty().addListener(refresh);
        }
        update();
    }

    private void update() {
        if (session == null) {
            path.setText("No checkpoint open");
            path.setTooltip(null);
            format.setText("");
            compression.setText("");
            timing.setText("");
            setSeparatorsVisible(false);
            return;
        }
        path.setText(session.path().toString());
        path.setTooltip(new Tooltip(session.path().toString()));
        var loaded = session.loaded();
        switch (session.state()) {
            case LOADING -> {
                format.setText("Reading…");
                compression.setText("");
                timing.setText("");
            }
            case FAILED -> {
                format.setText("Unreadable");
                compression.setText("");
                timing.setText("");
            }
            case CANCELLED -> {
                format.setText("Cancelled");
                compression.setText("");
                timing.setText("");
            }
            case LOADED -> {
                SourceInfo src = loaded.checkpoint().source();
                format.setText(kind(src.kind()) + " · " + Units.bytes(src.bytes()));
                format.setTooltip(new Tooltip(src.description() + "\n" + Units.exactBytes(src.bytes()) + " on disk"));
                compression.setText("compression: " + String.valueOf(src.compression()).toLowerCase(Locale.ROOT));
                long shown = session.shownAfterNanosProperty().get();
                timing.setText("read in " + Units.nanos(loaded.engineNanos())
                        + (shown >= 0 ? " · overview +" + Units.nanos(shown) : ""));
                timing.setTooltip(new Tooltip("Engine time, then the time from the engine's result to the Overview "
                        + "on screen"));
            }
        }
        setSeparatorsVisible(true);
    }

    private void setSeparatorsVisible(boolean visible) {
        for (int i = 1; i < getChildren().size(); i += 2) {
            Label next = (Label) getChildren().get(i + 1);
            getChildren().get(i).setVisible(visible && !next.getText().isEmpty());
        }
    }

    private static String kind(String kind) {
        if (kind == null) {
            return "unknown format";
        }
        return switch (kind) {
            case "TAR_ARCHIVE" -> "checkpoint tar";
            case "OCI_ARCHIVE" -> "OCI archive";
            case "DOCKER_ARCHIVE" -> "docker archive";
            case "OCI_LAYOUT_DIRECTORY" -> "OCI layout folder";
            case "CHECKPOINT_DIRECTORY" -> "checkpoint folder";
            case "CRIU_IMAGE_DIRECTORY" -> "CRIU image folder";
            default -> kind.toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }
}
