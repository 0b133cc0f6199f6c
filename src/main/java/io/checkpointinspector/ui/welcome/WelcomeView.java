package io.checkpointinspector.ui.welcome;

import io.checkpointinspector.ui.common.Controls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The first screen: open a checkpoint, a folder, the demo, a recent one or one found on this machine; or drop files
 * on the window.
 */
public final class WelcomeView extends StackPane {

    /** What the welcome screen can ask the window to do. */
    public record Actions(Runnable openFile, Runnable openFolder, Runnable openDemo, Consumer<Path> openRecent,
            Consumer<Path> forget, Runnable clearRecent) {
    }

    public WelcomeView(Image logo, javafx.collections.ObservableList<Path> recent, MachineCheckpointsModel machine,
            Actions actions) {
        setId("welcome");
        getStyleClass().add("welcome");
        ImageView logoView = new ImageView(logo);
        logoView.setFitWidth(88);
        logoView.setFitHeight(88);
        logoView.setPreserveRatio(true);
        Label title = Controls.styled("Checkpoint Inspector", "welcome-title");
        Label subtitle = Controls.styled("Look inside container checkpoints (Podman, CRI-O, containerd, "
                + "CRIU image folders) without unpacking them.", "welcome-subtitle");
        subtitle.setWrapText(true);
        VBox heading = new VBox(4, title, subtitle);
        heading.setAlignment(Pos.CENTER_LEFT);
        HBox top = new HBox(18, logoView, heading);
        top.setAlignment(Pos.CENTER_LEFT);

        Button open = new Button("Open checkpoint…");
        open.setId("open-file");
        open.setDefaultButton(true);
        open.setOnAction(e -> actions.openFile().run());
        Button folder = new Button("Open folder…");
        folder.setId("open-folder");
        folder.setOnAction(e -> actions.openFolder().run());
        Button demo = new Button("Open demo checkpoint");
        demo.setId("open-demo");
        demo.setOnAction(e -> actions.openDemo().run());
        HBox buttons = new HBox(10, open, folder, demo);
        buttons.setAlignment(Pos.CENTER_LEFT);
        Label keys = Controls.styled("Ctrl+O opens a file, Ctrl+Shift+O a folder. Or drop checkpoint files and "
                + "folders anywhere on this window.", "muted");
        keys.setWrapText(true);

        Label recentTitle = Controls.styled("Recent checkpoints", "card-title");
        Button clear = new Button("Clear list");
        clear.setOnAction(e -> actions.clearRecent().run());
        clear.disableProperty().bind(Bindings.isEmpty(recent));
        HBox recentHeader = new HBox(10, recentTitle, Controls.spring(), clear);
        recentHeader.setAlignment(Pos.CENTER_LEFT);
        ListView<Path> list = new ListView<>(recent);
        list.setId("recent-list");
        list.getStyleClass().add("recent-list");
        list.setPlaceholder(Controls.placeholder("Checkpoints you open are listed here."));
        list.setCellFactory(v -> new RecentCell());
        list.setPrefHeight(150);
        list.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 && list.getSelectionModel().getSelectedItem() != null) {
                actions.openRecent().accept(list.getSelectionModel().getSelectedItem());
            }
        });
        list.setOnKeyPressed(e -> {
            Path p = list.getSelectionModel().getSelectedItem();
            if (p != null && e.getCode() == KeyCode.ENTER) {
                actions.openRecent().accept(p);
            } else if (p != null && e.getCode() == KeyCode.DELETE) {
                actions.forget().accept(p);
            }
        });
        Label recentHint = Controls.styled("Double-click or Enter opens; Delete removes from the list.", "muted");
        VBox.setVgrow(list, Priority.ALWAYS);

        MachineCheckpointsPane found = new MachineCheckpointsPane(machine, actions.openRecent());
        VBox.setVgrow(found, Priority.ALWAYS);

        VBox recentBox = new VBox(6, recentHeader, list, recentHint);
        VBox.setVgrow(recentBox, Priority.ALWAYS);
        VBox column = new VBox(18, top, buttons, keys, recentBox, found);
        column.setMaxWidth(760);
        column.setPadding(new Insets(40, 32, 32, 32));
        column.getStyleClass().add("welcome-column");
        getChildren().add(column);
        setAlignment(Pos.TOP_CENTER);
    }

    private static final class RecentCell extends ListCell<Path> {
        private final Label name = new Label();
        private final Label where = new Label();
        private final VBox box = new VBox(1, name, where);

        RecentCell() {
            name.getStyleClass().add("recent-name");
            where.getStyleClass().add("muted");
        }

        @Override
        protected void updateItem(Path p, boolean empty) {
            super.updateItem(p, empty);
            if (empty || p == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            boolean exists = Files.exists(p);
            name.setText(p.getFileName() == null ? p.toString() : p.getFileName().toString());
            where.setText((p.getParent() == null ? "" : p.getParent().toString()) + (exists ? "" : "  (missing)"));
            box.setOpacity(exists ? 1 : 0.55);
            setGraphic(box);
        }
    }
}
