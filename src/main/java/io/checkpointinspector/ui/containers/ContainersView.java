package io.checkpointinspector.ui.containers;

import io.checkpointinspector.runtime.CheckpointOptions;
import io.checkpointinspector.runtime.CheckpointResult;
import io.checkpointinspector.runtime.ContainerInfo;
import io.checkpointinspector.runtime.HelperInfo;
import io.checkpointinspector.runtime.RestoreOptions;
import io.checkpointinspector.ui.common.Controls;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleStringProperty;
import javafx.concurrent.Task;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.geometry.Orientation;

/**
 * The Containers panel: podman's containers with their state, Refresh, Checkpoint… and Restore… (disabled with the
 * reason shown beside them when they cannot work), and the helper's log with podman's output.
 */
public final class ContainersView extends BorderPane {

    private final ContainersViewModel model;
    private final Consumer<Path> openCheckpoint;
    private final Supplier<Path> currentCheckpoint;
    final TableView<ContainerInfo> table = new TableView<>();
    final Button refresh = new Button("Refresh");
    final Button checkpoint = new Button("Checkpoint…");
    final Button restore = new Button("Restore…");
    final Label reason = new Label();
    final Label versions = new Label();
    final ListView<String> log = new ListView<>();

    /**
     * openCheckpoint: opens a checkpoint in the window; currentCheckpoint: the checkpoint open in the window, or
     * null (offered by Restore…).
     */
    public ContainersView(ContainersViewModel model, Consumer<Path> openCheckpoint, Supplier<Path> currentCheckpoint) {
        this.model = model;
        this.openCheckpoint = openCheckpoint;
        this.currentCheckpoint = currentCheckpoint;
        getStyleClass().add("containers-view");
        setId("containers-view");
        table.setId("containers-table");
        refresh.setId("containers-refresh");
        checkpoint.setId("containers-checkpoint");
        restore.setId("containers-restore");
        reason.setId("containers-reason");
        reason.setWrapText(true);
        reason.getStyleClass().add("containers-reason");
        reason.setPadding(new javafx.geometry.Insets(0, 8, 4, 8));
        log.setId("containers-log");
        columns();
        table.setItems(model.containers());
        table.setPlaceholder(Controls.placeholder("No containers (press Refresh)"));

        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        spinner.visibleProperty().bind(model.busyProperty());
        refresh.disableProperty().bind(model.busyProperty());
        refresh.setOnAction(e -> model.refresh());
        checkpoint.setOnAction(e -> checkpointSelected());
        restore.setOnAction(e -> restoreDialog());
        Observable[] deps = {model.unavailableProperty(), model.busyProperty(),
            table.getSelectionModel().selectedItemProperty()};
        var checkpointWhy = Bindings.createStringBinding(
                () -> model.checkpointBlocked(table.getSelectionModel().getSelectedItem()), deps);
        var restoreWhy = Bindings.createStringBinding(model::restoreBlocked, deps);
        checkpoint.disableProperty().bind(checkpointWhy.isNotNull());
        restore.disableProperty().bind(restoreWhy.isNotNull());
        reason.textProperty().bind(Bindings.createStringBinding(() -> {
            String c = checkpointWhy.get();
            String r = restoreWhy.get();
            if (c == null && r == null) {
                return "";
            }
            return c != null && c.equals(r) ? "Checkpoint and restore unavailable: " + c
                    : (c == null ? "" : "Checkpoint: " + c) + (c != null && r != null ? " · " : "")
                    + (r == null ? "" : "Restore: " + r);
        }, checkpointWhy, restoreWhy));
        // a disabled button shows no tooltip, so the reason is also printed next to the buttons
        Tooltip.install(checkpoint, tip(checkpointWhy, "Checkpoint the selected running container"));
        Tooltip.install(restore, tip(restoreWhy, "Restore a container from an exported checkpoint"));
        versions.textProperty().bind(Bindings.createStringBinding(() -> describe(model.infoProperty().get()),
                model.infoProperty()));
        Label status = new Label();
        status.textProperty().bind(model.statusProperty());
        status.setPadding(new javafx.geometry.Insets(2, 8, 2, 8));
        VBox top = new VBox(4, Controls.toolbar(refresh, checkpoint, restore, spinner, Controls.spring(), versions),
                reason);
        setTop(top);
        log.setItems(model.log());
        model.log().addListener((javafx.collections.ListChangeListener<String>) c -> log.scrollTo(log.getItems().size()));
        SplitPane split = new SplitPane(table, Controls.card("Helper log and podman output", log));
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.6);
        setCenter(split);
        setBottom(status);
    }

    private static Tooltip tip(javafx.beans.value.ObservableStringValue why, String normal) {
        Tooltip t = new Tooltip();
        t.textProperty().bind(Bindings.createStringBinding(() -> why.get() == null ? normal : why.get(), why));
        return t;
    }

    private static String describe(HelperInfo i) {
        if (i == null) {
            return "";
        }
        return "podman " + (i.podmanVersion() == null ? "missing" : i.podmanVersion()) + " · CRIU "
                + (i.criuVersion() == null ? "missing" : i.criuVersion()) + " · criu check "
                + (i.criuCheckOk() ? "ok" : "failed");
    }

    private void columns() {
        table.getColumns().add(column("Name", ContainerInfo::name, 180));
        table.getColumns().add(column("ID", ContainerInfo::shortId, 110));
        table.getColumns().add(column("Image", ContainerInfo::image, 220));
        table.getColumns().add(column("State", ContainerInfo::state, 90));
        table.getColumns().add(column("Created", ContainerInfo::created, 200));
        table.getColumns().add(column("Last checkpoint", ContainerInfo::lastCheckpoint, 200));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    }

    private static TableColumn<ContainerInfo, String> column(String title, Function<ContainerInfo, String> get,
            double width) {
        TableColumn<ContainerInfo, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new SimpleStringProperty(get.apply(d.getValue()) == null ? "—"
                : get.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private void checkpointSelected() {
        ContainerInfo c = table.getSelectionModel().getSelectedItem();
        if (c == null) {
            return;
        }
        new CheckpointDialog(getScene().getWindow(), c).showAndWait().ifPresent(this::runCheckpoint);
    }

    private void runCheckpoint(CheckpointOptions options) {
        Task<CheckpointResult> task = model.checkpoint(options);
        task.addEventHandler(javafx.concurrent.WorkerStateEvent.WORKER_STATE_SUCCEEDED, e -> {
            CheckpointResult r = task.getValue();
            if (r.export() == null) {
                return;
            }
            Alert a = new Alert(Alert.AlertType.CONFIRMATION, "Checkpointed " + r.container() + " to " + r.export()
                    + " (" + r.bytes() + " bytes). Open it?", ButtonType.YES, ButtonType.NO);
            a.initOwner(getScene().getWindow());
            a.setHeaderText("Checkpoint done");
            a.showAndWait().filter(b -> b == ButtonType.YES).ifPresent(b -> openCheckpoint.accept(r.export()));
        });
        failureAlert(task, "Checkpoint failed");
    }

    private void restoreDialog() {
        new RestoreDialog(getScene().getWindow(), currentCheckpoint.get()).showAndWait().ifPresent(this::runRestore);
    }

    private void runRestore(RestoreOptions options) {
        Task<?> task = model.restore(options);
        failureAlert(task, "Restore failed");
    }

    private void failureAlert(Task<?> task, String header) {
        task.addEventHandler(javafx.concurrent.WorkerStateEvent.WORKER_STATE_FAILED, e -> {
            Alert a = new Alert(Alert.AlertType.ERROR, task.getException().getMessage());
            a.initOwner(getScene().getWindow());
            a.setHeaderText(header);
            a.show();
        });
    }
}
