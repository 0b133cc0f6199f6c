package io.checkpointinspector.ui;

import static io.checkpointinspector.ui.UiTestSupport.fx;
import static io.checkpointinspector.ui.UiTestSupport.fxRun;
import static io.checkpointinspector.ui.UiTestSupport.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.checkpointinspector.runtime.CheckpointOptions;
import io.checkpointinspector.runtime.CheckpointResult;
import io.checkpointinspector.runtime.ContainerInfo;
import io.checkpointinspector.runtime.HelperClient;
import io.checkpointinspector.runtime.HelperClientFactory;
import io.checkpointinspector.runtime.HelperException;
import io.checkpointinspector.runtime.HelperInfo;
import io.checkpointinspector.runtime.ProgressListener;
import io.checkpointinspector.runtime.RestoreOptions;
import io.checkpointinspector.runtime.RestoreResult;
import io.checkpointinspector.ui.containers.ContainersView;
import io.checkpointinspector.ui.containers.ContainersViewModel;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The Containers panel with a fake helper: the list, and buttons disabled with their reasons. */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ContainersPanelTest {

    private static final HelperInfo GOOD = new HelperInfo(1, "test", 0, 1000, "/usr/bin/podman", "4.3.1",
            "/usr/local/sbin/criu", "4.1.1", true, "Looks good.");
    private static final List<ContainerInfo> CONTAINERS = List.of(
            new ContainerInfo("3f1c0a9e5b7d2c4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e", "counter",
                    "localhost/ci-busybox:latest", "running", "2026-12-02T04:20:00Z", null),
            new ContainerInfo("9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b", "web-old",
                    "localhost/ci-busybox:latest", "exited", "2026-12-01T10:00:00Z", "2026-12-01T11:30:00Z"));

    private final ExecutorService executor = Executors.newCachedThreadPool(DesktopApp.workers());
    private Stage stage;

    @Start
    void start(Stage s) {
        stage = s;
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private ContainersView show(HelperClientFactory factory) {
        return fx(() -> {
            ContainersViewModel model = new ContainersViewModel(factory, executor);
            ContainersView view = new ContainersView(model, p -> { }, () -> null);
            Scene scene = new Scene(view, 1000, 560);
            scene.getStylesheets().add(MainWindow.class.getResource(MainWindow.APP_CSS).toExternalForm());
            stage.setScene(scene);
            stage.show();
            model.refresh();
            return view;
        });
    }

    @SuppressWarnings("unchecked")
    private static TableView<ContainerInfo> table(ContainersView v) {
        return (TableView<ContainerInfo>) v.lookup("#containers-table");
    }

    private static Button button(ContainersView v, String id) {
        return (Button) v.lookup("#" + id);
    }

    private static String reason(ContainersView v) {
        return fx(() -> ((Label) v.lookup("#containers-reason")).getText());
    }

    @Test
    void theWindowClosesOnEscapeAndWithItsCloseButton(FxRobot robot) {
        fxRun(() -> {
            stage.setScene(new Scene(new javafx.scene.layout.Pane(), 200, 100));
            stage.show();
        });
        io.checkpointinspector.ui.containers.ContainersWindow w = fx(() -> {
            var window = new io.checkpointinspector.ui.containers.ContainersWindow(stage, stage.getScene(),
                    log -> new FakeClient(GOOD, CONTAINERS), executor,
                    new io.checkpointinspector.ui.common.FailureLog(java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "i15-failures.log")), p -> { }, () -> null);
            window.show();
            return window;
        });
        waitFor("the list", 10, () -> fx(() -> table(w.view()).getItems().size() == 2));
        fxRun(() -> table(w.view()).requestFocus());
        robot.type(javafx.scene.input.KeyCode.ESCAPE);
        waitFor("Escape to close the window", 5, () -> fx(() -> !w.stage().isShowing()));
        fxRun(w::show);
        Button close = fx(() -> (Button) w.stage().getScene().lookup("#containers-close"));
        assertThat(fx(close::getText)).isEqualTo("Close");
        fxRun(close::fire);
        assertThat(fx(() -> w.stage().isShowing())).isFalse();
    }

    @Test
    void listsContainersAndExplainsDisabledButtons(FxRobot robot) {
        ContainersView v = show(log -> new FakeClient(GOOD, CONTAINERS));
        waitFor("the list", 10, () -> table(v).getItems().size() == 2);
        assertThat(fx(() -> table(v).getItems().get(0).name())).isEqualTo("counter");
        // nothing selected
        assertThat(fx(() -> button(v, "containers-checkpoint").isDisabled())).isTrue();
        assertThat(fx(() -> button(v, "containers-restore").isDisabled())).isFalse();
        assertThat(reason(v)).contains("select a container");
        // a stopped container cannot be checkpointed
        UiTestSupport.fxRun(() -> table(v).getSelectionModel().select(1));
        assertThat(fx(() -> button(v, "containers-checkpoint").isDisabled())).isTrue();
        assertThat(reason(v)).isEqualTo("Checkpoint: container web-old is not running (exited)");
        UiTestSupport.screenshot(stage.getScene(), "13-containers");
        // a running one can
        UiTestSupport.fxRun(() -> table(v).getSelectionModel().select(0));
        assertThat(fx(() -> button(v, "containers-checkpoint").isDisabled())).isFalse();
        assertThat(reason(v)).isEmpty();
    }

    @Test
    void withoutPodmanEverythingIsDisabledWithTheReason(FxRobot robot) {
        HelperInfo noPodman = new HelperInfo(1, "test", 0, 1000, "/usr/bin/podman", null, "/usr/local/sbin/criu",
                null, false, "criu not found at /usr/local/sbin/criu");
        ContainersView v = show(log -> new FakeClient(noPodman, List.of()));
        waitFor("the reason", 10, () -> reason(v).contains("podman is not installed"));
        assertThat(fx(() -> button(v, "containers-checkpoint").isDisabled())).isTrue();
        assertThat(fx(() -> button(v, "containers-restore").isDisabled())).isTrue();
        assertThat(reason(v)).isEqualTo("Checkpoint and restore unavailable: podman is not installed "
                + "(/usr/bin/podman)");
    }

    @Test
    void aFailedCriuCheckDisablesBoth(FxRobot robot) {
        HelperInfo badCriu = new HelperInfo(1, "test", 0, 1000, "/usr/bin/podman", "4.3.1", "/usr/local/sbin/criu",
                "4.1.1", false, "Error: no time namespaces");
        ContainersView v = show(log -> new FakeClient(badCriu, CONTAINERS));
        waitFor("the list", 10, () -> table(v).getItems().size() == 2);
        UiTestSupport.fxRun(() -> table(v).getSelectionModel().select(0));
        assertThat(reason(v)).isEqualTo("Checkpoint and restore unavailable: criu check failed: "
                + "Error: no time namespaces");
        assertThat(fx(() -> button(v, "containers-checkpoint").isDisabled())).isTrue();
    }

    @Test
    void aRefusedHelperSaysSoAndInspectionIsUntouched(FxRobot robot) {
        ContainersView v = show(log -> {
            throw new HelperException(HelperException.Kind.NOT_AUTHORISED, "checkpoint and restore need root, and "
                    + "authorisation was refused or dismissed (pkexec exit 126). Inspecting checkpoints works "
                    + "without it.");
        });
        waitFor("the reason", 10, () -> reason(v).contains("authorisation was refused"));
        assertThat(fx(() -> button(v, "containers-restore").isDisabled())).isTrue();
        assertThat(fx(() -> button(v, "containers-refresh").isDisabled())).isFalse();
        UiTestSupport.screenshot(stage.getScene(), "14-containers-refused");
    }

    /** The test double of the helper. */
    private record FakeClient(HelperInfo info, List<ContainerInfo> containers) implements HelperClient {
        @Override
        public HelperInfo hello() {
            return info;
        }

        @Override
        public List<ContainerInfo> list() {
            return containers;
        }

        @Override
        public CheckpointResult checkpoint(CheckpointOptions options, ProgressListener progress) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RestoreResult restore(RestoreOptions options, ProgressListener progress) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
