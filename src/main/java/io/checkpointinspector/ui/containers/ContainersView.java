package io.checkpointinspector.ui.containers;

import io.checkpointinspector.runtime.CheckpointOptions;
import io.checkpointinspector.runtime.CheckpointResult;
import io.checkpointinspector.runtime.CheckpointStats;
import io.checkpointinspector.runtime.ContainerInfo;
import io.checkpointinspector.runtime.HelperInfo;
import io.checkpointinspector.runtime.RestoreOptions;
import io.checkpointinspector.ui.common.Controls;
import io.checkpointinspector.text.Units;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleStringProperty;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
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
    /** Id or name of the container to select when the list next changes (the one just restored), or null. */
    private String selectAfterRefresh;
    /** Id of the container selected last, selected again when a refresh brings it back. */
    private String lastSelected;
    final TableView<ContainerInfo> table = new TableView<>();
    final Button refresh = new Button("Refresh");
    final Button checkpoint = new Button("Checkpoint…");
    final Button restore = new Button("Restore…");
    final Button cancel = new Button("Cancel");
    final Label reason = new Label();
    final Label versions = new Label();
    final Label notes = new Label();
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
        cancel.setId("containers-cancel");
        reason.setId("containers-reason");
        reason.setWrapText(true);
        reason.getStyleClass().add("containers-reason");
        reason.setPadding(new javafx.geometry.Insets(0, 8, 4, 8));
        log.setId("containers-log");
        log.getStyleClass().add("log-lines");
        columns();
        table.setItems(model.containers());
        // a refresh replaces the list: keep the selected container selected, or select the one just restored
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                lastSelected = now.id();
            }
        });
        model.containers().addListener((javafx.collections.ListChangeListener<ContainerInfo>) c -> selectPending());
        table.setPlaceholder(Controls.placeholder("No containers (press Refresh)"));

        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        spinner.visibleProperty().bind(model.busyProperty());
        refresh.disableProperty().bind(model.busyProperty());
        refresh.setOnAction(e -> model.refresh());
        checkpoint.setOnAction(e -> checkpointSelected());
        restore.setOnAction(e -> restoreDialog());
        // Shown only while the helper works: stops the running request (podman gets SIGTERM).
        cancel.visibleProperty().bind(model.busyProperty());
        cancel.managedProperty().bind(model.busyProperty());
        cancel.setOnAction(e -> model.cancel());
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
        status.setId("containers-status");
        status.textProperty().bind(model.statusProperty());
        status.setPadding(new javafx.geometry.Insets(2, 8, 2, 8));
        notes.setId("containers-notes");
        notes.setWrapText(true);
        notes.getStyleClass().add("muted");
        notes.setPadding(new javafx.geometry.Insets(0, 8, 4, 8));
        notes.textProperty().bind(Bindings.createStringBinding(() -> String.join("\n", model.notes()),
                model.notes()));
        notes.visibleProperty().bind(notes.textProperty().isNotEmpty());
        notes.managedProperty().bind(notes.visibleProperty());
        VBox top = new VBox(4, Controls.toolbar(refresh, checkpoint, restore, spinner, cancel, Controls.spring(),
                versions),
                reason, notes);
        setTop(top);
        log.setItems(model.log());
        model.log().addListener((javafx.collections.ListChangeListener<String>) c -> log.scrollTo(log.getItems().size()));
        SplitPane split = new SplitPane(table, Controls.card("Helper log and podman output", log));
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.6);
        setCenter(split);
        setBottom(status);
        model.checkpointedProperty().addListener((o, was, r) -> {
            // later, not inside this change: a modal dialog here would hold back whatever else listens
            if (r != null && r.export() != null) {
                Platform.runLater(() -> offerToOpen(r));
            } else if (r != null && r.image() != null && model.lastCheckpointContainerd()) {
                Platform.runLater(() -> tellImage(r));
            }
        });
        model.restoredProperty().addListener((o, was, r) -> {
            if (r != null) {
                selectAfterRefresh = r.containerId() != null ? r.containerId() : r.name();
                selectPending();
            }
        });
        model.failureProperty().addListener((o, was, f) -> {
            if (f != null) {
                failureAlert(f);
            }
        });
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
        return "podman " + (i.podmanVersion() == null ? "missing" : i.podmanVersion()) + " · containerd "
                + (i.containerdVersion() == null ? "missing" : i.containerdVersion()) + " · CRIU "
                + (i.criuVersion() == null ? "missing" : i.criuVersion()) + " · criu check "
                + (i.criuCheckOk() ? "ok" : "failed");
    }

    private void columns() {
        table.getColumns().add(column("Name", ContainerInfo::name, 180));
        table.getColumns().add(column("Runtime", ContainerInfo::runtime, 90));
        table.getColumns().add(column("ID", ContainerInfo::shortId, 110));
        table.getColumns().add(column("Image", ContainerInfo::image, 220));
        table.getColumns().add(column("State", ContainerInfo::state, 90));
        table.getColumns().add(column("Created", c -> time(c.created()), 160));
        table.getColumns().add(column("Last checkpoint", c -> time(c.lastCheckpoint()), 160));
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

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** Podman's RFC 3339 time (nanoseconds, offset) as local "2026-12-02 04:51:28"; other text as it is. */
    static String time(String rfc3339) {
        if (rfc3339 == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(rfc3339).atZoneSameInstant(ZoneId.systemDefault()).format(TIME);
        } catch (DateTimeParseException e) {
            return rfc3339;
        }
    }

    private void selectPending() {
        for (ContainerInfo c : model.containers()) {
            if (selectAfterRefresh != null
                    && (selectAfterRefresh.equals(c.id()) || selectAfterRefresh.equals(c.name()))) {
                selectAfterRefresh = null;
                table.getSelectionModel().select(c);
                table.scrollTo(c);
                return;
            }
        }
        if (table.getSelectionModel().isEmpty() && lastSelected != null) {
            model.containers().stream().filter(c -> lastSelected.equals(c.id())).findFirst()
                    .ifPresent(c -> table.getSelectionModel().select(c));
        }
    }

    private void checkpointSelected() {
        ContainerInfo c = table.getSelectionModel().getSelectedItem();
        if (c == null) {
            return;
        }
        new CheckpointDialog(getScene().getWindow(), new CheckpointForm(c, Path.of(System.getProperty("user.home")),
                java.time.Instant.now())).showAndWait().ifPresent(model::checkpoint);
    }

    /** containerd without an export: the checkpoint is the image; nothing to open. */
    private void tellImage(CheckpointResult r) {
        Alert a = new Alert(Alert.AlertType.INFORMATION, doneText(r, true));
        a.initOwner(getScene().getWindow());
        a.setTitle("Checkpoint done");
        a.setHeaderText("Checkpoint image made in containerd's store");
        a.getDialogPane().setId("checkpoint-done-image");
        a.getDialogPane().getStylesheets().setAll(getScene().getStylesheets());
        a.getDialogPane().setPrefWidth(560);
        a.show();
    }

    private void offerToOpen(CheckpointResult r) {
        ButtonType open = new ButtonType("Open", ButtonBar.ButtonData.YES);
        ButtonType notNow = new ButtonType("Not now", ButtonBar.ButtonData.NO);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, doneText(r, model.lastCheckpointContainerd()), open, notNow);
        a.initOwner(getScene().getWindow());
        a.setTitle("Checkpoint done");
        a.setHeaderText("Open the new checkpoint?");
        a.getDialogPane().setId("checkpoint-done");
        a.getDialogPane().getStylesheets().setAll(getScene().getStylesheets());
        a.getDialogPane().setPrefWidth(560);
        ((Button) a.getDialogPane().lookupButton(open)).setId("checkpoint-open");
        a.showAndWait().filter(b -> b == open).ifPresent(b -> openCheckpoint.accept(r.export()));
    }

    /** "Checkpointed counter to /tmp/x.tar.zst (29.2 KiB, zstd). Frozen for 283.6 ms; ..." */
    static String doneText(CheckpointResult r) {
        return doneText(r, false);
    }

    /**
     * As above; for containerd (ctr) "Checkpointed counter into image REF and to FILE (size, none).", then the
     * figures ctr gives: its wall time and the pages written.
     */
    static String doneText(CheckpointResult r, boolean ctr) {
        if (ctr) {
            return ctrDoneText(r);
        }
        StringBuilder t = new StringBuilder("Checkpointed " + r.container() + " to " + r.export());
        if (r.bytes() != null) {
            // a no-break space: "29.4 KiB" is not split over two lines
            t.append(" (").append(Units.bytes(r.bytes()).replace(' ', '\u00a0'))
                    .append(r.compression() == null ? "" : ", " + r.compression()).append(')');
        }
        t.append('.');
        if (r.image() != null) {
            t.append(" Image ").append(r.image()).append(" created.");
        }
        CheckpointStats s = r.stats();
        if (s != null && s.frozenTimeUs() != null) {
            t.append("\nThe container was frozen for ").append(Units.micros(s.frozenTimeUs()).replace(' ', '\u00a0'));
            if (s.pagesWritten() != null) {
                t.append("; ").append(Units.count(s.pagesWritten())).append(" memory pages written");
            }
            t.append('.');
        }
        return t.toString();
    }

    private static String ctrDoneText(CheckpointResult r) {
        StringBuilder t = new StringBuilder("Checkpointed " + r.container() + " into image " + r.image());
        if (r.export() != null) {
            t.append(" and to ").append(r.export());
            if (r.bytes() != null) {
                t.append(" (").append(Units.bytes(r.bytes()).replace(' ', '\u00a0'))
                        .append(r.compression() == null ? "" : ", " + r.compression()).append(')');
            }
        }
        t.append('.');
        CheckpointStats s = r.stats();
        if (s != null && (s.runtimeDurationUs() != null || s.pagesWritten() != null)) {
            t.append("\nctr's checkpoint took ").append(s.runtimeDurationUs() == null ? "?"
                    : Units.micros(s.runtimeDurationUs()).replace(' ', '\u00a0'));
            if (s.pagesWritten() != null) {
                t.append("; ").append(Units.count(s.pagesWritten())).append(" memory pages written");
            }
            t.append(". ctr reports no freeze or dump times.");
        }
        return t.toString();
    }

    private void restoreDialog() {
        // start with the selected container's runtime, or the one that is there
        ContainerInfo selected = table.getSelectionModel().getSelectedItem();
        HelperInfo i = model.infoProperty().get();
        String runtime = selected != null ? selected.runtime()
                : i != null && !i.podmanPresent() && i.containerdPresent() ? CheckpointOptions.CONTAINERD
                : CheckpointOptions.PODMAN;
        Path current = currentCheckpoint.get();
        new RestoreDialog(getScene().getWindow(), current, new RestoreForm(current, runtime)).showAndWait()
                .ifPresent(model::restore);
    }

    /** What the helper found, exactly as it said it; --allow-privileged is offered here and nowhere else. */
    private void offerPrivileged(RestoreOptions options, String findings) {
        ButtonType allow = new ButtonType("Restore with these privileges", ButtonBar.ButtonData.OK_DONE);
        Alert a = new Alert(Alert.AlertType.WARNING, findings, allow, ButtonType.CANCEL);
        a.initOwner(getScene().getWindow());
        a.setTitle("Restore");
        a.setHeaderText("This checkpoint's container asks for more than an ordinary container.\n"
                + "Restoring it gives it that access to this machine.");
        a.getDialogPane().setId("restore-privileged");
        a.getDialogPane().lookupButton(allow).setId("restore-allow-privileged");
        ((Button) a.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        ((Button) a.getDialogPane().lookupButton(allow)).setDefaultButton(false);
        a.getDialogPane().getStylesheets().setAll(getScene().getStylesheets());
        a.getDialogPane().setPrefWidth(640);
        a.showAndWait().filter(b -> b == allow).ifPresent(b -> model.restore(options.withAllowPrivileged()));
    }

    private void failureAlert(ContainersViewModel.Failure f) {
        if (f.privileged() != null) {
            offerPrivileged(f.privileged(), f.message());
            return;
        }
        Alert a = new Alert(Alert.AlertType.ERROR, f.message());
        a.initOwner(getScene().getWindow());
        a.setTitle(f.header());
        a.setHeaderText(f.header());
        a.getDialogPane().setId("containers-error");
        a.getDialogPane().getStylesheets().setAll(getScene().getStylesheets());
        a.getDialogPane().setPrefWidth(560);
        a.show();
    }
}
