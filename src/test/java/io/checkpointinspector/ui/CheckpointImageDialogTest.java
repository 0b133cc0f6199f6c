package io.checkpointinspector.ui;

import static io.checkpointinspector.ui.UiTestSupport.fx;
import static io.checkpointinspector.ui.UiTestSupport.fxRun;
import static io.checkpointinspector.ui.UiTestSupport.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.checkpointinspector.inspect.CheckpointInspector;
import io.checkpointinspector.inspect.InspectListener;
import io.checkpointinspector.inspect.LayoutFixtures;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.ui.common.FailureLog;
import io.checkpointinspector.ui.image.CheckpointImageDialog;
import io.checkpointinspector.ui.image.CheckpointImageViewModel;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Save as checkpoint image… for a containerd checkpoint (the CRI plugin's archive made from the real Podman fixture,
 * inspect.LayoutFixtures): the For Podman fields shown, a wrong image id and a relative CRIU configuration refused
 * with the reason, and the image built with the CRIU configuration embedded; for a Podman checkpoint the fields are
 * not offered.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CheckpointImageDialogTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private Stage stage;

    @TempDir
    Path dir;

    @Start
    void start(Stage s) {
        stage = s;
    }

    @AfterEach
    void stop() {
        fxRun(() -> new ArrayList<>(Window.getWindows()).stream().filter(w -> w != stage).forEach(Window::hide));
        executor.shutdownNow();
    }

    private CheckpointImageDialog open(Path source) throws Exception {
        Checkpoint c = new CheckpointInspector().inspect(source, InspectListener.NONE);
        var needs = CheckpointImageViewModel.Needs.of(c.container(), false);
        FailureLog failures = new FailureLog(dir.resolve("window.log"));
        return fx(() -> {
            CheckpointImageDialog d = new CheckpointImageDialog(stage, new CheckpointImageViewModel(source, needs,
                    executor, failures), source.getFileName().toString(), c.container().name());
            d.getScene().getStylesheets().add(MainWindow.class.getResource(MainWindow.APP_CSS).toExternalForm());
            d.setX(0);
            d.setY(0);
            d.show();
            return d;
        });
    }

    private static <T extends Node> T find(FxRobot robot, String id, Class<T> type) {
        return fx(() -> robot.lookup("#" + id).tryQueryAs(type).orElse(null));
    }

    @Test
    void aContainerdCheckpointOffersTheRootfsImageAndCriuConfigurationAndEmbedsIt(FxRobot robot) throws Exception {
        Path source = new LayoutFixtures().containerdArchive(Files.createDirectories(dir.resolve("src")));
        CheckpointImageDialog d = open(source);
        Node forPodman = find(robot, "image-for-podman", Node.class);
        assertThat(fx(forPodman::isVisible)).isTrue();
        TextField id = find(robot, "image-rootfs-id", TextField.class);
        TextField name = find(robot, "image-rootfs-name", TextField.class);
        TextField criu = find(robot, "image-criu-config", TextField.class);
        TextField target = find(robot, "image-target", TextField.class);
        Button build = find(robot, "image-build", Button.class);
        Label reason = find(robot, "image-reason", Label.class);
        assertThat(fx(() -> name.getText())).isEqualTo(new LayoutFixtures().imageName());
        assertThat(fx(() -> id.getPromptText())).startsWith("recorded: sha256:");
        Path out = dir.resolve("counter.oci.tar");
        fxRun(() -> target.setText(out.toString()));

        robot.clickOn(id).write("1e97e14");
        waitFor("the id refused", 5, () -> reason.getText().startsWith("Rootfs image id: 64 hexadecimal digits"));
        assertThat(fx(build::isDisabled)).isTrue();
        fxRun(id::clear);
        robot.clickOn(criu).write("criu.conf");
        waitFor("the relative path refused", 5, () -> reason.getText().contains("give an absolute path"));
        assertThat(fx(build::isDisabled)).isTrue();
        Path conf = Files.writeString(dir.resolve("criu.conf"), "skip-file-rwx-check\n");
        fxRun(() -> criu.setText(conf.toString()));
        waitFor("no reason", 5, () -> reason.getText().isEmpty() && !build.isDisabled());
        UiTestSupport.screenshot(fx(d::getScene), "28-checkpoint-image-containerd");

        robot.clickOn(build);
        Label status = find(robot, "image-status", Label.class);
        waitFor("the image written", 30, () -> status.getText().startsWith("Wrote "));
        assertThat(fx(() -> status.getText())).contains("Note: runtime: io.containerd.runc.v2 is containerd's shim for runc")
                .contains("CRIU configuration embedded as checkpoint/criu.conf");
        UiTestSupport.screenshot(fx(d::getScene), "28b-checkpoint-image-written");
        Map<String, String> layer = layerTexts(out);
        assertThat(layer.get("checkpoint/criu.conf")).isEqualTo("skip-file-rwx-check\n");
        assertThat(layer.get("config.dump")).contains("\"runtime\" : \"runc\"");
        assertThat(layer).containsKey("config.dump.containerd");
    }

    @Test
    void aPodmanCheckpointIsNotAskedForThem(FxRobot robot) throws Exception {
        open(io.checkpointinspector.inspect.Fixtures.path("podman-none.tar"));
        Node forPodman = find(robot, "image-for-podman", Node.class);
        assertThat(fx(forPodman::isVisible)).isFalse();
        assertThat(fx(forPodman::isManaged)).isFalse();
    }

    /** The small text entries of the image's one layer. */
    private static Map<String, String> layerTexts(Path image) throws Exception {
        Map<String, byte[]> files = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(image))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                if (e.isFile()) {
                    files.put(e.getName(), tar.readAllBytes());
                }
            }
        }
        Map<String, String> out = new HashMap<>();
        for (byte[] blob : files.values()) {
            if (blob.length > 2 && (blob[0] & 0xff) == 0x1f && (blob[1] & 0xff) == 0x8b) {
                try (TarArchiveInputStream layer = new TarArchiveInputStream(new GZIPInputStream(
                        new ByteArrayInputStream(blob)))) {
                    for (TarArchiveEntry e; (e = layer.getNextEntry()) != null; ) {
                        if (e.isFile() && e.getSize() < 1 << 20) {
                            out.put(e.getName(), new String(layer.readAllBytes(), StandardCharsets.UTF_8));
                        }
                    }
                }
            }
        }
        return out;
    }
}
