package io.checkpointinspector.ui;

import static io.checkpointinspector.ui.UiTestSupport.fx;
import static io.checkpointinspector.ui.UiTestSupport.fxRun;
import static io.checkpointinspector.ui.UiTestSupport.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.checkpointinspector.runtime.CheckpointOptions;
import io.checkpointinspector.runtime.CheckpointResult;
import io.checkpointinspector.runtime.CheckpointStats;
import io.checkpointinspector.runtime.ContainerInfo;
import io.checkpointinspector.runtime.ContainerListing;
import io.checkpointinspector.runtime.HelperClient;
import io.checkpointinspector.runtime.HelperInfo;
import io.checkpointinspector.runtime.ProgressListener;
import io.checkpointinspector.runtime.RestoreOptions;
import io.checkpointinspector.runtime.RestoreResult;
import io.checkpointinspector.ui.containers.CheckpointForm;
import io.checkpointinspector.ui.containers.ContainersView;
import io.checkpointinspector.ui.containers.ContainersViewModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The Containers panel with a containerd row, against a fake helper given through the view model's factory as in
 * ContainersDialogsTest: the Runtime column and the listing's notes, Checkpoint… offering what ctr can do (image,
 * export, leave running) with Podman's options off and saying why, the outcome shown, and Restore… with the
 * runtime, file or image and the new name.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ContainerdDialogsTest {

    private static final HelperInfo BOTH = new HelperInfo(1, "test", 0, 1000, "/usr/bin/podman", "4.3.1",
            "/usr/local/sbin/criu", "4.1.1", true, "Looks good.", "/usr/bin/ctr", "1.6.20~ds1");
    private static final ContainerInfo WEB = new ContainerInfo(
            "3f1c0a9e5b7d2c4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e", "web", "localhost/ci-busybox:latest",
            "running", "2026-12-02T04:20:00.123456789Z", null);
    private static final ContainerInfo COUNTER = new ContainerInfo("counter", "counter",
            "localhost/ci-busybox:latest", "running", "2026-12-04T10:00:00Z", null, CheckpointOptions.CONTAINERD);
    private static final String NOTE = "containerd namespace k8s.io holds 3 containers, not listed: only namespace "
            + "default is handled";

    @TempDir
    Path dir;

    private final ExecutorService executor = Executors.newCachedThreadPool(DesktopApp.workers());
    private final AtomicReference<Path> opened = new AtomicReference<>();
    private Stage stage;
    private ContainersView view;

    @Start
    void start(Stage s) {
        stage = s;
    }

    @AfterEach
    void stop() {
        fxRun(() -> new ArrayList<>(Window.getWindows()).stream().filter(w -> w != stage).forEach(Window::hide));
        executor.shutdownNow();
    }

    private FakeClient show() {
        FakeClient fake = new FakeClient();
        view = fx(() -> {
            ContainersViewModel model = new ContainersViewModel(log -> fake, executor);
            ContainersView v = new ContainersView(model, opened::set, () -> null);
            Scene scene = new Scene(v, 1000, 560);
            scene.getStylesheets().add(MainWindow.class.getResource(MainWindow.APP_CSS).toExternalForm());
            stage.setScene(scene);
            stage.setX(0);
            stage.setY(0);
            stage.show();
            model.refresh();
            return v;
        });
        waitFor("the list", 10, () -> table().getItems().size() == 2);
        return fake;
    }

    @SuppressWarnings("unchecked")
    private TableView<ContainerInfo> table() {
        return (TableView<ContainerInfo>) view.lookup("#containers-table");
    }

    private static <T extends Node> T find(FxRobot robot, String id, Class<T> type) {
        return fx(() -> robot.lookup("#" + id).tryQueryAs(type).orElse(null));
    }

    private static <T extends Node> T await(FxRobot robot, String id, Class<T> type) {
        waitFor(id, 10, () -> {
            Node n = robot.lookup("#" + id).tryQuery().orElse(null);
            return n != null && n.getScene() != null && n.getScene().getWindow() != null
                    && n.getScene().getWindow().isShowing();
        });
        return find(robot, id, type);
    }

    private static void screenshotOf(Node n, String name) {
        UiTestSupport.screenshot(fx(n::getScene), name);
    }

    private static String str(java.util.function.Supplier<String> get) {
        String s = fx(get::get);
        return s;
    }

    private static String cellTip(CheckBox box) {
        return fx(() -> {
            Object t = box.getParent().getProperties().get("javafx.scene.control.Tooltip");
            return t instanceof Tooltip tip ? tip.getText() : null;
        });
    }

    @Test
    void theListShowsTheRuntimeAndTheNotes(FxRobot robot) {
        show();
        @SuppressWarnings("unchecked")
        TableColumn<ContainerInfo, String> runtime = (TableColumn<ContainerInfo, String>) fx(() -> table()
                .getColumns().stream().filter(c -> c.getText().equals("Runtime")).findFirst().orElseThrow());
        assertThat(fx(() -> (String) runtime.getCellData(0))).isEqualTo("podman");
        assertThat(fx(() -> (String) runtime.getCellData(1))).isEqualTo("containerd");
        Label notes = (Label) fx(() -> view.lookup("#containers-notes"));
        assertThat(str(() -> notes.getText())).isEqualTo(NOTE);
        assertThat(fx(notes::isVisible)).isTrue();
        assertThat(fx(() -> ((Label) view.lookup("#containers-status")).getText())).isEqualTo("2 containers");
        fxRun(() -> table().getSelectionModel().select(COUNTER));
        screenshotOf(view, "28-containers-containerd");
    }

    @Test
    void checkpointOfAContainerdRowOffersWhatCtrCanDoAndShowsTheOutcome(FxRobot robot) {
        FakeClient fake = show();
        fxRun(() -> table().getSelectionModel().select(COUNTER));
        robot.clickOn("#containers-checkpoint");
        TextField image = await(robot, "checkpoint-create-image", TextField.class);
        TextField export = find(robot, "checkpoint-export", TextField.class);
        Button ok = find(robot, "checkpoint-ok", Button.class);
        assertThat(str(() -> image.getText())).matches("localhost/counter-checkpoint:\\d{8}-\\d{6}");
        assertThat(str(() -> export.getText())).endsWith("counter-checkpoint.tar");
        @SuppressWarnings("unchecked")
        ComboBox<String> compression = find(robot, "checkpoint-compression", ComboBox.class);
        assertThat(str(() -> compression.getValue())).isEqualTo("none");
        assertThat(fx(compression::isDisabled)).isTrue();
        for (String off : List.of("tcp-established", "file-locks", "keep", "ignore-rootfs", "ignore-volumes",
                "pre-checkpoint", "with-previous")) {
            CheckBox box = find(robot, "checkpoint-" + off, CheckBox.class);
            assertThat(fx(box::isDisabled)).as(off).isTrue();
            assertThat(fx(box::isSelected)).as(off).isFalse();
            assertThat(cellTip(box)).as(off).isEqualTo(CheckpointForm.PODMAN_ONLY);
        }
        CheckBox stats = find(robot, "checkpoint-print-stats", CheckBox.class);
        assertThat(fx(stats::isSelected)).isTrue();
        assertThat(cellTip(stats)).isEqualTo(CheckpointForm.CTR_STATS);
        CheckBox leaveRunning = find(robot, "checkpoint-leave-running", CheckBox.class);
        assertThat(fx(leaveRunning::isDisabled)).isFalse();
        assertThat(fx(() -> find(robot, "checkpoint-runtime-note", Label.class).getText()))
                .startsWith("containerd: ctr makes the checkpoint image");

        // an image name ctr would not take keeps Checkpoint disabled, with the reason
        fxRun(() -> image.setText("Localhost/Counter"));
        assertThat(fx(ok::isDisabled)).isTrue();
        assertThat(fx(() -> find(robot, "checkpoint-reason", Label.class).getText()))
                .startsWith("The image name Localhost/Counter is not valid");
        fxRun(() -> image.setText("localhost/counter-checkpoint:case-7"));
        Path target = dir.resolve("counter.tar");
        fxRun(() -> export.setText(target.toString()));
        robot.clickOn("#checkpoint-leave-running");
        assertThat(fx(ok::isDisabled)).isFalse();
        // hovering an option that is off shows why
        robot.moveTo("#checkpoint-keep");
        waitFor("the tooltip on an option that is off", 10, () -> fx(() -> Window.getWindows().stream()
                .anyMatch(w -> w instanceof Tooltip t && t.isShowing()
                        && CheckpointForm.PODMAN_ONLY.equals(t.getText()))));
        screenshotOf(export, "29-containerd-checkpoint-dialog");
        robot.clickOn("#checkpoint-ok");

        waitFor("the checkpoint request", 10, () -> fake.checkpointed.size() == 1);
        assertThat(fake.checkpointed).containsExactly(CheckpointOptions.containerd("counter",
                "localhost/counter-checkpoint:case-7", target, true));
        Button open = await(robot, "checkpoint-open", Button.class);
        DialogPane done = find(robot, "checkpoint-done", DialogPane.class);
        assertThat(str(() -> done.getContentText())).isEqualTo("Checkpointed counter into image "
                + "localhost/counter-checkpoint:case-7 and to " + target + " (50.0\u00a0KiB, none).\n"
                + "ctr's checkpoint took 618.4\u00a0ms; 33 memory pages written. ctr reports no freeze or dump times.");
        waitFor("the refresh after the checkpoint", 10, () -> fake.lists >= 2);
        waitFor("the status", 10, () -> fx(() -> ((Label) view.lookup("#containers-status")).getText())
                .equals("checkpointed counter into image localhost/counter-checkpoint:case-7 to " + target
                        + " · 2 containers"));
        screenshotOf(open, "29b-containerd-checkpoint-done");
        robot.clickOn("#checkpoint-open");
        waitFor("the export to be opened", 10, () -> target.equals(opened.get()));
    }

    @Test
    void aContainerdCheckpointWithoutExportSaysWhichImageItMade(FxRobot robot) {
        FakeClient fake = show();
        fxRun(() -> table().getSelectionModel().select(COUNTER));
        robot.clickOn("#containers-checkpoint");
        TextField export = await(robot, "checkpoint-export", TextField.class);
        String image = fx(() -> find(robot, "checkpoint-create-image", TextField.class).getText());
        fxRun(export::clear);
        robot.clickOn("#checkpoint-ok");
        DialogPane done = await(robot, "checkpoint-done-image", DialogPane.class);
        assertThat(str(() -> done.getContentText())).startsWith("Checkpointed counter into image " + image + ".\n");
        assertThat(fake.checkpointed).containsExactly(CheckpointOptions.containerd("counter", image, null, false));
        assertThat(opened.get()).isNull();
    }

    @Test
    void restoreWithContainerdFromAnImageOrAFile(FxRobot robot) throws IOException {
        FakeClient fake = show();
        fxRun(() -> table().getSelectionModel().select(COUNTER));
        robot.clickOn("#containers-restore");
        RadioButton ctr = await(robot, "restore-runtime-containerd", RadioButton.class);
        // the selected container's runtime comes first
        assertThat(fx(ctr::isSelected)).isTrue();
        Button ok = find(robot, "restore-ok", Button.class);
        for (String off : List.of("keep", "tcp-established", "ignore-static-ip", "ignore-static-mac",
                "ignore-rootfs")) {
            CheckBox box = find(robot, "restore-" + off, CheckBox.class);
            assertThat(fx(box::isDisabled)).as(off).isTrue();
            assertThat(cellTip(box)).as(off).isEqualTo(CheckpointForm.PODMAN_ONLY);
        }
        assertThat(fx(() -> find(robot, "restore-publish", TextField.class).isDisabled())).isTrue();
        TextField image = find(robot, "restore-image", TextField.class);
        assertThat(fx(image::isDisabled)).as("until the image is chosen as the source").isTrue();
        robot.clickOn("#restore-from-image");
        assertThat(fx(image::isDisabled)).isFalse();
        assertThat(fx(() -> find(robot, "restore-archive", TextField.class).isDisabled())).isTrue();
        fxRun(() -> image.setText("localhost/counter-checkpoint:case-7"));
        assertThat(fx(ok::isDisabled)).isTrue();
        assertThat(fx(() -> find(robot, "restore-reason", Label.class).getText()))
                .isEqualTo("Name the new container: containerd restores a checkpoint as a new container.");
        fxRun(() -> find(robot, "restore-name", TextField.class).setText("counter-again"));
        assertThat(fx(ok::isDisabled)).isFalse();
        screenshotOf(image, "30-containerd-restore-dialog");
        robot.clickOn("#restore-ok");
        waitFor("the restore request", 10, () -> fake.restored.size() == 1);
        assertThat(fake.restored).containsExactly(RestoreOptions.containerd(null,
                "localhost/counter-checkpoint:case-7", "counter-again"));
        waitFor("the restored container selected", 10, () -> fx(() -> table().getSelectionModel()
                .getSelectedItem() != null && table().getSelectionModel().getSelectedItem().name()
                        .equals("counter-again")));
        assertThat(fx(() -> ((Label) view.lookup("#containers-status")).getText()))
                .isEqualTo("restored counter-again (running) · 3 containers");

        // from an exported file, with the podman row selected: the runtime is picked in the dialog
        Path file = Files.writeString(dir.resolve("counter.tar"), "not read by the fake");
        fxRun(() -> table().getSelectionModel().select(WEB));
        robot.clickOn("#containers-restore");
        RadioButton podman = await(robot, "restore-runtime-podman", RadioButton.class);
        assertThat(fx(podman::isSelected)).isTrue();
        assertThat(fx(() -> find(robot, "restore-from-image", RadioButton.class).isDisabled())).isTrue();
        assertThat(fx(() -> find(robot, "restore-keep", CheckBox.class).isDisabled())).isFalse();
        robot.clickOn("#restore-runtime-containerd");
        fxRun(() -> find(robot, "restore-archive", TextField.class).setText(file.toString()));
        fxRun(() -> find(robot, "restore-name", TextField.class).setText("counter-file"));
        screenshotOf(podman, "30b-containerd-restore-from-file");
        robot.clickOn("#restore-ok");
        waitFor("the second restore request", 10, () -> fake.restored.size() == 2);
        assertThat(fake.restored.get(1)).isEqualTo(RestoreOptions.containerd(file, null, "counter-file"));
    }

    /** The helper's test double: both runtimes answer; records the requests. */
    private static final class FakeClient implements HelperClient {
        final List<ContainerInfo> containers = new CopyOnWriteArrayList<>(List.of(WEB, COUNTER));
        final List<CheckpointOptions> checkpointed = new CopyOnWriteArrayList<>();
        final List<RestoreOptions> restored = new CopyOnWriteArrayList<>();
        volatile int lists;

        @Override
        public HelperInfo hello() {
            return BOTH;
        }

        @Override
        public List<ContainerInfo> list() {
            return listing().containers();
        }

        @Override
        public ContainerListing listing() {
            lists++;
            return new ContainerListing(List.copyOf(containers), List.of(NOTE));
        }

        @Override
        public CheckpointResult checkpoint(CheckpointOptions o, ProgressListener progress) {
            checkpointed.add(o);
            progress.progress("running /usr/bin/ctr --namespace default containers checkpoint --task --rw -- "
                    + o.container() + " " + o.createImage());
            containers.set(1, new ContainerInfo(COUNTER.id(), COUNTER.name(), COUNTER.image(),
                    o.leaveRunning() ? "running" : "stopped", COUNTER.created(), null, CheckpointOptions.CONTAINERD));
            return new CheckpointResult(o.container(), o.container(), o.export(), o.export() == null ? null : 51200L,
                    o.export() == null ? null : "none", o.createImage(),
                    new CheckpointStats(null, 618404L, null, null, null, null, null, 33L));
        }

        @Override
        public RestoreResult restore(RestoreOptions o, ProgressListener progress) {
            restored.add(o);
            containers.add(new ContainerInfo(o.name(), o.name(), COUNTER.image(), "running", "2026-12-04T10:20:00Z",
                    null, CheckpointOptions.CONTAINERD));
            return new RestoreResult(o.name(), o.name(), "running", Map.of());
        }

        @Override
        public void close() {
        }
    }
}
