package io.checkpointinspector.ui;

import static io.checkpointinspector.ui.UiTestSupport.fx;
import static io.checkpointinspector.ui.UiTestSupport.fxRun;
import static io.checkpointinspector.ui.UiTestSupport.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.checkpointinspector.runtime.CheckpointOptions;
import io.checkpointinspector.runtime.CheckpointResult;
import io.checkpointinspector.runtime.CheckpointStats;
import io.checkpointinspector.runtime.ContainerInfo;
import io.checkpointinspector.runtime.HelperClient;
import io.checkpointinspector.runtime.HelperException;
import io.checkpointinspector.runtime.HelperInfo;
import io.checkpointinspector.runtime.ProgressListener;
import io.checkpointinspector.runtime.RestoreOptions;
import io.checkpointinspector.runtime.RestoreResult;
import io.checkpointinspector.ui.containers.ContainersView;
import io.checkpointinspector.ui.containers.ContainersViewModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TableColumn;
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
 * Checkpoint… and Restore… driven like a user (buttons and check boxes clicked) against a fake helper: the options
 * that reach the helper, progress and podman's output in the log, the offer to open the new checkpoint, a failure
 * shown plainly, and the restored container in the refreshed list.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ContainersDialogsTest {

    private static final HelperInfo GOOD = new HelperInfo(1, "test", 0, 1000, "/usr/bin/podman", "4.3.1",
            "/usr/local/sbin/criu", "4.1.1", true, "Looks good.");
    private static final ContainerInfo COUNTER = new ContainerInfo(
            "3f1c0a9e5b7d2c4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e", "counter",
            "localhost/ci-busybox:latest", "running", "2026-12-02T04:20:00.123456789Z", null);
    private static final ContainerInfo OLD = new ContainerInfo(
            "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b", "web-old",
            "localhost/ci-busybox:latest", "exited", "2026-12-01T10:00:00Z", "2026-12-01T11:30:00.5Z");
    private static final String RESTORED_ID = "77aa5c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b";
    private static final List<String> PROGRESS = List.of(
            "running /usr/bin/podman container checkpoint --export=/var/tmp/x/export.tar --compress=gzip "
                    + "--leave-running --tcp-established --print-stats counter",
            "podman: {\"podman_checkpoint_duration\": 412345, \"runtime_checkpoint_duration\": 380000}",
            "copying the archive (30131 bytes) to the export file");

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
        // dialogs and alerts still up from a failed test would stay over the next test's window
        fxRun(() -> new ArrayList<>(Window.getWindows()).stream().filter(w -> w != stage).forEach(Window::hide));
        executor.shutdownNow();
    }

    private FakeClient show(Supplier<Path> current) {
        FakeClient fake = new FakeClient();
        view = fx(() -> {
            ContainersViewModel model = new ContainersViewModel(log -> fake, executor);
            ContainersView v = new ContainersView(model, opened::set, current);
            Scene scene = new Scene(v, 1000, 560);
            scene.getStylesheets().add(MainWindow.class.getResource(MainWindow.APP_CSS).toExternalForm());
            stage.setScene(scene);
            stage.setX(0);
            stage.setY(0);
            stage.show();
            model.refresh();
            return v;
        });
        waitFor("the list", 10, () -> table().getItems().size() == fake.containers.size());
        return fake;
    }

    @SuppressWarnings("unchecked")
    private TableView<ContainerInfo> table() {
        return (TableView<ContainerInfo>) view.lookup("#containers-table");
    }

    @SuppressWarnings("unchecked")
    private List<String> log() {
        return fx(() -> List.copyOf(((ListView<String>) view.lookup("#containers-log")).getItems()));
    }

    private String status() {
        return fx(() -> ((Label) view.lookup("#containers-status")).getText());
    }

    /** A node in any window (the dialogs are windows of their own), or null. */
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

    private void selectCounter() {
        fxRun(() -> table().getSelectionModel().select(COUNTER));
    }

    @Test
    void checkpointSendsTheChosenOptionsShowsProgressAndOffersToOpen(FxRobot robot) throws IOException {
        FakeClient fake = show(() -> null);
        fake.hold = new CountDownLatch(1);
        selectCounter();
        robot.clickOn("#containers-checkpoint");
        TextField export = await(robot, "checkpoint-export", TextField.class);
        Button ok = find(robot, "checkpoint-ok", Button.class);
        Label reason = find(robot, "checkpoint-reason", Label.class);

        // a file that exists already is refused before the helper is asked, and the dialog says why
        Path existing = Files.writeString(dir.resolve("taken.tar.gz"), "x");
        fxRun(() -> export.setText(existing.toString()));
        assertThat(fx(ok::isDisabled)).isTrue();
        assertThat(fx(reason::getText)).isEqualTo(existing + " exists already; choose a new file.");
        assertThat(fx(reason::isVisible)).isTrue();
        screenshotOf(export, "15-checkpoint-dialog-exists");
        // a reason long enough to wrap grows the dialog: its buttons stay whole
        Path deep = Files.createDirectories(dir.resolve("a-folder-with-a-rather-long-name-for-the-evidence-of-case-"
                + "2026-12-02-from-the-night-shift"));
        Path longExisting = Files.writeString(deep.resolve("counter-checkpoint-taken-earlier.tar.zst"), "x");
        fxRun(() -> export.setText(longExisting.toString()));
        waitFor("the dialog to fit the reason", 10, () -> ok.localToScene(ok.getBoundsInLocal()).getMaxY()
                <= ok.getScene().getHeight() && reason.getHeight() > 1.5 * reason.getFont().getSize() * 1.2);
        screenshotOf(export, "15-checkpoint-dialog-long-reason");
        fxRun(() -> export.setText("relative/ckpt.tar"));
        assertThat(fx(reason::getText)).isEqualTo("Give an absolute path to export to.");
        assertThat(fx(ok::isDisabled)).isTrue();

        Path target = dir.resolve("counter.tar.gz");
        fxRun(() -> export.setText(target.toString()));
        assertThat(fx(ok::isDisabled)).isFalse();
        assertThat(fx(reason::isVisible)).isFalse();
        @SuppressWarnings("unchecked")
        ComboBox<String> compression = find(robot, "checkpoint-compression", ComboBox.class);
        fxRun(() -> compression.setValue("gzip"));
        robot.clickOn("#checkpoint-leave-running");
        robot.clickOn("#checkpoint-tcp-established");
        assertThat(fx(() -> find(robot, "checkpoint-print-stats", CheckBox.class).isSelected())).isTrue();
        screenshotOf(export, "15-checkpoint-dialog");
        // the whole path is visible in the field: it is not squeezed by the option labels
        assertThat(fx(() -> export.getWidth())).isGreaterThan(fx(() -> textWidth(export, target.toString())));
        robot.clickOn("#checkpoint-ok");

        waitFor("the checkpoint request", 10, () -> fake.checkpointed.size() == 1);
        assertThat(fake.checkpointed).containsExactly(new CheckpointOptions("counter", target, "gzip", true, true,
                false, false, false, false, false, false, null, true));
        // progress and podman's output appear while podman still runs, and the panel shows it is busy
        waitFor("the progress lines", 10, () -> log().containsAll(PROGRESS));
        assertThat(fx(() -> view.lookup("#containers-checkpoint").isDisabled())).isTrue();
        assertThat(fx(() -> view.lookup("#containers-refresh").isDisabled())).isTrue();
        assertThat(status()).isEqualTo("checkpointing counter…");
        screenshotOf(view, "16-checkpoint-progress");
        fake.hold.countDown();

        Button open = await(robot, "checkpoint-open", Button.class);
        DialogPane done = find(robot, "checkpoint-done", DialogPane.class);
        assertThat(fx(done::getContentText)).isEqualTo("Checkpointed counter to " + target
                + " (29.4\u00a0KiB, gzip).\nThe container was frozen for 283.6\u00a0ms; 1,234 memory pages written.");
        // while the question is open the panel is no longer busy and the list is the refreshed one
        waitFor("the refresh after the checkpoint", 10, () -> fake.lists >= 2
                && !view.lookup("#containers-refresh").isDisabled());
        assertThat(status()).isEqualTo("checkpointed counter to " + target + " · 2 containers");
        // the refreshed list keeps the checkpointed container selected, with its new state
        assertThat(fx(() -> table().getSelectionModel().getSelectedItem())).isEqualTo(new ContainerInfo(COUNTER.id(),
                "counter", COUNTER.image(), "running", COUNTER.created(), "2026-12-02T04:30:00Z"));
        screenshotOf(open, "17-checkpoint-done");
        assertThat(opened.get()).isNull();
        robot.clickOn("#checkpoint-open");
        waitFor("the checkpoint to be opened", 10, () -> opened.get() != null);
        assertThat(opened.get()).isEqualTo(target);
    }

    @Test
    void aFailedCheckpointSaysWhyAndOffersNothingToOpen(FxRobot robot) {
        FakeClient fake = show(() -> null);
        String why = "podman container checkpoint failed (exit 125): Error: criu failed: type NOTIFY errno 0 — "
                + "see /var/lib/containers/storage/overlay-containers/3f1c0a9e5b7d/userdata/dump.log";
        fake.checkpointFailure = new HelperException(HelperException.Kind.FAILED, why);
        selectCounter();
        robot.clickOn("#containers-checkpoint");
        TextField export = await(robot, "checkpoint-export", TextField.class);
        Path target = dir.resolve("never.tar.zst");
        fxRun(() -> export.setText(target.toString()));
        robot.clickOn("#checkpoint-ok");

        DialogPane error = await(robot, "containers-error", DialogPane.class);
        assertThat(fx(error::getContentText)).isEqualTo(why);
        assertThat(fx(error::getHeaderText)).isEqualTo("Checkpoint failed");
        screenshotOf(error, "17-checkpoint-failed");
        assertThat(log()).contains("copying the archive (30131 bytes) to the export file", "error: " + why);
        assertThat(status()).isEqualTo("checkpointing counter failed: " + why);
        // podman failed, the helper did not: the panel stays usable, and nothing is offered to open
        assertThat(fx(() -> view.lookup("#containers-checkpoint").isDisabled())).isFalse();
        assertThat(find(robot, "checkpoint-open", Button.class)).isNull();
        assertThat(opened.get()).isNull();
        assertThat(target).doesNotExist();
    }

    @Test
    void restoreFromAChosenFileWithOptionsShowsTheNewContainer(FxRobot robot) throws IOException {
        FakeClient fake = show(() -> null);
        Path archive = Files.writeString(dir.resolve("counter.tar.zst"), "not read by the fake");
        robot.clickOn("#containers-restore");
        TextField field = await(robot, "restore-archive", TextField.class);
        Button ok = find(robot, "restore-ok", Button.class);
        Label reason = find(robot, "restore-reason", Label.class);
        // nothing open in the window: nothing pre-filled, Restore waits for a file
        assertThat(text(field)).isEmpty();
        assertThat(fx(ok::isDisabled)).isTrue();
        assertThat(fx(reason::isVisible)).isFalse();
        fxRun(() -> field.setText(dir.resolve("missing.tar").toString()));
        assertThat(fx(reason::getText)).isEqualTo("There is no file " + dir.resolve("missing.tar") + ".");
        assertThat(fx(ok::isDisabled)).isTrue();

        fxRun(() -> field.setText(archive.toString())); // what Choose… puts there
        fxRun(() -> find(robot, "restore-name", TextField.class).setText("counter-again"));
        fxRun(() -> find(robot, "restore-publish", TextField.class).setText("8080:80, 9000:90/udp"));
        robot.clickOn("#restore-keep");
        robot.clickOn("#restore-ignore-static-ip");
        robot.clickOn("#restore-ignore-static-mac");
        assertThat(fx(ok::isDisabled)).isFalse();
        screenshotOf(field, "18-restore-dialog");
        robot.clickOn("#restore-ok");

        waitFor("the restore request", 10, () -> fake.restored.size() == 1);
        assertThat(fake.restored).containsExactly(new RestoreOptions(archive, null, "counter-again", true, false,
                true, true, false, List.of("8080:80", "9000:90/udp")));
        waitFor("the restored container in the list", 10,
                () -> table().getItems().stream().anyMatch(c -> c.name().equals("counter-again")));
        assertThat(fx(() -> table().getSelectionModel().getSelectedItem().id())).isEqualTo(RESTORED_ID);
        assertThat(fx(() -> table().getItems().size())).isEqualTo(3);
        waitFor("the status", 10, () -> status().startsWith("restored"));
        assertThat(status()).isEqualTo("restored counter-again (running) · 3 containers");
        assertThat(log()).contains("restoring counter-again from " + archive);
        // podman's RFC 3339 times are shown whole, as local date and time
        TableColumn<ContainerInfo, ?> created = fx(() -> table().getColumns().stream()
                .filter(c -> c.getText().equals("Created")).findFirst().orElseThrow());
        assertThat((String) fx(() -> created.getCellData(0)))
                .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        screenshotOf(view, "19-containers-restored");
    }

    @Test
    void aPrivilegedCheckpointIsRestoredOnlyAfterItsFindingsWereShown(FxRobot robot) throws IOException {
        FakeClient fake = show(() -> null);
        String findings = "refusing to restore /tmp/priv.tar: its container asks for more than an ordinary container "
                + "(restored only when privileges are allowed explicitly: restore --allow-privileged)\n- config.dump: privileged: true (all capabilities, all host "
                + "devices, no confinement)\n- spec.dump: process.capabilities.bounding: adds CAP_SYS_ADMIN beyond "
                + "Podman's default set\n- spec.dump: mounts[/host]: bind mount of the host's /";
        fake.privileged = new HelperException(HelperException.Kind.PRIVILEGED, findings);
        Path archive = Files.writeString(dir.resolve("priv.tar"), "not read by the fake");
        robot.clickOn("#containers-restore");
        TextField field = await(robot, "restore-archive", TextField.class);
        fxRun(() -> field.setText(archive.toString()));
        robot.clickOn("#restore-ok");
        DialogPane offer = await(robot, "restore-privileged", DialogPane.class);
        // exactly what the helper found, and the first restore did not ask for privileges
        assertThat(fx(offer::getContentText)).isEqualTo(findings);
        assertThat(fake.restored).singleElement().satisfies(o -> assertThat(o.allowPrivileged()).isFalse());
        Button cancel = (Button) fx(() -> offer.lookupButton(javafx.scene.control.ButtonType.CANCEL));
        assertThat(fx(cancel::isDefaultButton)).as("Enter does not grant privileges").isTrue();
        screenshotOf(offer, "18b-restore-privileged");
        robot.clickOn("#restore-allow-privileged");
        waitFor("the second restore request", 10, () -> fake.restored.size() == 2);
        assertThat(fake.restored.get(1)).isEqualTo(fake.restored.get(0).withAllowPrivileged());
        waitFor("the restored container in the list", 10, () -> table().getItems().size() == 3);
    }

    @Test
    void aPrivilegedCheckpointIsNotRestoredWhenTheOfferIsDeclined(FxRobot robot) throws IOException {
        FakeClient fake = show(() -> null);
        fake.privileged = new HelperException(HelperException.Kind.PRIVILEGED, "refusing\n- config.dump: privileged: true");
        Path archive = Files.writeString(dir.resolve("priv.tar"), "x");
        robot.clickOn("#containers-restore");
        TextField field = await(robot, "restore-archive", TextField.class);
        fxRun(() -> field.setText(archive.toString()));
        robot.clickOn("#restore-ok");
        await(robot, "restore-privileged", DialogPane.class);
        robot.type(javafx.scene.input.KeyCode.ENTER);
        waitFor("the offer closed", 10, () -> find(robot, "restore-privileged", DialogPane.class) == null
                || !fx(() -> find(robot, "restore-privileged", DialogPane.class).getScene().getWindow().isShowing()));
        assertThat(fake.restored).hasSize(1);
        assertThat(fx(() -> table().getItems().size())).isEqualTo(2);
    }

    @Test
    void restoreOffersTheCheckpointOpenInTheWindow(FxRobot robot) throws IOException {
        Path current = Files.writeString(dir.resolve("open-in-window.tar.zst"), "x");
        FakeClient fake = show(() -> current);
        robot.clickOn("#containers-restore");
        TextField field = await(robot, "restore-archive", TextField.class);
        assertThat(text(field)).isEqualTo(current.toString());
        assertThat(fx(() -> ((DialogPane) field.getScene().lookup(".dialog-pane")).getHeaderText()))
                .contains("the checkpoint open in the window");
        screenshotOf(field, "18-restore-current");
        robot.clickOn("#restore-ok");
        waitFor("the restore request", 10, () -> fake.restored.size() == 1);
        assertThat(fake.restored).containsExactly(RestoreOptions.fromArchive(current, null));
        waitFor("the restored container in the list", 10, () -> table().getItems().size() == 3);
    }

    @Test
    void aCheckpointOpenAsAFolderIsNotOffered(FxRobot robot) {
        show(() -> dir);
        robot.clickOn("#containers-restore");
        TextField field = await(robot, "restore-archive", TextField.class);
        assertThat(text(field)).isEmpty();
        assertThat(fx(field::getPromptText)).contains("the open checkpoint is a folder");
        assertThat(fx(() -> find(robot, "restore-ok", Button.class).isDisabled())).isTrue();
    }

    @Test
    void cancelStopsARunningCheckpoint(FxRobot robot) {
        FakeClient fake = show(() -> null);
        fake.hold = new CountDownLatch(1); // the fake checkpoint runs until interrupted
        selectCounter();
        Button cancel = find(robot, "containers-cancel", Button.class);
        assertThat(fx(cancel::isVisible)).as("Cancel only while the helper works").isFalse();
        robot.clickOn("#containers-checkpoint");
        TextField export = await(robot, "checkpoint-export", TextField.class);
        Path target = dir.resolve("cancelled.tar.zst");
        fxRun(() -> export.setText(target.toString()));
        robot.clickOn("#checkpoint-ok");
        waitFor("Cancel and the progress lines", 10, () -> fx(cancel::isVisible) && log().containsAll(PROGRESS));
        screenshotOf(view, "16b-checkpoint-cancel");
        robot.clickOn("#containers-cancel");
        waitFor("the cancelled status", 10, () -> status().equals("checkpointing counter cancelled"));
        assertThat(fx(cancel::isVisible)).isFalse();
        assertThat(fx(() -> view.lookup("#containers-checkpoint").isDisabled())).isFalse();
        assertThat(find(robot, "checkpoint-open", Button.class)).isNull();
        assertThat(opened.get()).isNull();
        assertThat(target).doesNotExist();
    }

    private static String text(TextField f) {
        return fx(f::getText);
    }

    private static double textWidth(TextField f, String s) {
        javafx.scene.text.Text t = new javafx.scene.text.Text(s);
        t.setFont(f.getFont());
        return t.getLayoutBounds().getWidth();
    }

    /** The helper's test double: records the requests, streams progress, holds a checkpoint until released. */
    private static final class FakeClient implements HelperClient {
        final List<ContainerInfo> containers = new CopyOnWriteArrayList<>(List.of(COUNTER, OLD));
        final List<CheckpointOptions> checkpointed = new CopyOnWriteArrayList<>();
        final List<RestoreOptions> restored = new CopyOnWriteArrayList<>();
        volatile CountDownLatch hold;
        volatile HelperException checkpointFailure;
        /** Thrown by a restore without allowPrivileged, as the helper refuses a privileged archive. */
        volatile HelperException privileged;
        volatile int lists;

        @Override
        public HelperInfo hello() {
            return GOOD;
        }

        @Override
        public List<ContainerInfo> list() {
            lists++;
            return List.copyOf(containers);
        }

        @Override
        public CheckpointResult checkpoint(CheckpointOptions options, ProgressListener progress) throws IOException {
            checkpointed.add(options);
            PROGRESS.forEach(progress::progress);
            if (hold != null) {
                try {
                    hold.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new HelperException(HelperException.Kind.CANCELLED, "cancelled");
                }
            }
            if (checkpointFailure != null) {
                throw checkpointFailure;
            }
            containers.set(0, new ContainerInfo(COUNTER.id(), COUNTER.name(), COUNTER.image(),
                    options.leaveRunning() ? "running" : "exited", COUNTER.created(), "2026-12-02T04:30:00Z"));
            return new CheckpointResult(options.container(), COUNTER.id(), options.export(), 30131L,
                    options.compression(), null,
                    new CheckpointStats(412345L, 380000L, 103800L, 283600L, 1000L, 204L, 5000L, 1234L));
        }

        @Override
        public RestoreResult restore(RestoreOptions options, ProgressListener progress) throws HelperException {
            restored.add(options);
            if (privileged != null && !options.allowPrivileged()) {
                throw privileged;
            }
            String name = options.name() == null ? "counter-restored" : options.name();
            progress.progress("restoring " + name + " from " + options.archive());
            containers.add(new ContainerInfo(RESTORED_ID, name, COUNTER.image(), "running",
                    "2026-12-02T04:31:00Z", null));
            return new RestoreResult(RESTORED_ID, name, "running", Map.of("runtime_restore_duration", 250000L));
        }

        @Override
        public void close() {
        }
    }
}
