package io.checkpointinspector.ui;

import io.checkpointinspector.ui.containers.ContainersViewModel;
import io.checkpointinspector.ui.containers.ContainersWindow;
import io.checkpointinspector.ui.session.CheckpointSession;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.Observable;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;

/**
 * {@code checkpoint-inspector --smoke-test [containers | open CHECKPOINT] [--screenshot FILE]}: the installed app's
 * own check that the window comes up. Prints when the first frame was on screen (milliseconds since the process
 * started, so the launcher and the JVM's start count) and exits 0. With {@code containers} it then opens the
 * Containers window, waits until the helper answered or was refused, prints what the window says, and exits 0 if it
 * said anything. With {@code open CHECKPOINT} it opens the checkpoint in a tab, waits until it is read, prints its
 * container and processes, and exits 0 (1 when it could not be read). Any stall ends with exit code 1.
 */
final class SmokeTest {

    static final String FLAG = "--smoke-test";
    private static final Duration FRAME_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration HELPER_TIMEOUT = Duration.ofSeconds(90);

    private final MainWindow window;
    private final Stage stage;
    private final boolean containers;
    private final Path toOpen;
    private final Path screenshot;

    private SmokeTest(MainWindow window, Stage stage, List<String> args) {
        this.window = window;
        this.stage = stage;
        this.containers = args.contains("containers");
        int o = args.indexOf("open");
        this.toOpen = o >= 0 && o + 1 < args.size() ? Path.of(args.get(o + 1)) : null;
        int i = args.indexOf("--screenshot");
        this.screenshot = i >= 0 && i + 1 < args.size() ? Path.of(args.get(i + 1)) : null;
    }

    static boolean requested(List<String> args) {
        return !args.isEmpty() && args.get(0).equals(FLAG);
    }

    /** Call right after the main window was shown. */
    static void start(MainWindow window, Stage stage, List<String> args) {
        new SmokeTest(window, stage, args).watchFirstFrame();
    }

    private void watchFirstFrame() {
        Scene scene = stage.getScene();
        boolean[] laidOut = {false};
        Runnable[] listeners = new Runnable[2];
        listeners[0] = () -> {
            if (!laidOut[0] && scene.getRoot().getLayoutBounds().getWidth() > 0) {
                laidOut[0] = true;
                scene.removePostLayoutPulseListener(listeners[0]);
                Platform.requestNextPulse();
            }
        };
        // the pulse after the one that laid the scene out: that frame has been rendered
        listeners[1] = () -> {
            if (laidOut[0]) {
                scene.removePreLayoutPulseListener(listeners[1]);
                System.out.println("first frame: " + sinceProcessStart() + " ms after the process started");
                Platform.runLater(containers ? this::openContainers
                        : toOpen != null ? this::openCheckpoint : () -> finish(0, scene));
            }
        };
        scene.addPostLayoutPulseListener(listeners[0]);
        scene.addPreLayoutPulseListener(listeners[1]);
        failAfter(FRAME_TIMEOUT, "no frame");
    }

    private void openContainers() {
        ContainersWindow w = window.showContainers();
        ContainersViewModel model = w.model();
        boolean[] done = {false};
        Runnable check = () -> {
            if (!done[0] && !model.busyProperty().get() && (model.infoProperty().get() != null
                    || !model.unavailableProperty().get().equals(ContainersViewModel.NOT_CONNECTED))) {
                done[0] = true;
                // one more pulse so that the bound labels show the final state
                PauseTransition settle = new PauseTransition(javafx.util.Duration.millis(300));
                settle.setOnFinished(e -> report(w));
                settle.play();
            }
        };
        Observable[] deps = {model.busyProperty(), model.infoProperty(), model.unavailableProperty()};
        for (Observable o : deps) {
            o.addListener(x -> check.run());
        }
        failAfter(HELPER_TIMEOUT, "the Containers window got no answer from the helper");
    }

    private void openCheckpoint() {
        CheckpointSession session = window.open(toOpen);
        Runnable check = () -> {
            switch (session.state()) {
                case LOADED -> {
                    var c = session.loaded().checkpoint();
                    System.out.println("opened: " + session.path() + ": container " + c.container().name() + ", "
                            + c.processes().size() + " processes, " + c.warnings().size() + " warnings");
                    PauseTransition settle = new PauseTransition(javafx.util.Duration.millis(300));
                    settle.setOnFinished(e -> finish(0, stage.getScene()));
                    settle.play();
                }
                case FAILED, CANCELLED -> {
                    System.out.println("not opened: " + session.path() + ": " + session.errorProperty().get());
                    finish(1, stage.getScene());
                }
                default -> {
                }
            }
        };
        session.stateProperty().addListener((obs, before, now) -> check.run());
        check.run();
        failAfter(HELPER_TIMEOUT, "the checkpoint was not read");
    }

    private void report(ContainersWindow w) {
        List<String> texts = new ArrayList<>();
        collect(w.stage().getScene().getRoot(), texts);
        texts.forEach(t -> System.out.println("containers window: " + t));
        System.out.println("containers window: " + w.model().containers().size() + " containers listed");
        finish(texts.isEmpty() ? 1 : 0, w.stage().getScene());
    }

    private static void collect(Node n, List<String> out) {
        if (!n.isVisible()) {
            return;
        }
        if (n instanceof Labeled l && l.getText() != null && !l.getText().isBlank()) {
            out.add(l.getText().replace('\n', ' '));
        }
        if (n instanceof Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> collect(c, out));
        }
    }

    private void finish(int code, Scene scene) {
        if (screenshot != null) {
            try {
                writePng(scene.snapshot(null), screenshot);
                System.out.println("screenshot: " + screenshot);
            } catch (IOException e) {
                System.err.println("checkpoint-inspector: cannot write " + screenshot + ": " + e.getMessage());
                code = 1;
            }
        }
        System.out.flush();
        int exit = code;
        Platform.exit();
        // Platform.exit() stops the toolkit; the helper (if any) ends when its stdin closes.
        new Thread(() -> System.exit(exit), "smoke-test-exit").start();
    }

    private static void failAfter(Duration d, String why) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("checkpoint-inspector --smoke-test: " + why + " within " + d.toSeconds() + " s");
            Runtime.getRuntime().halt(1);
        }, "smoke-test-timeout");
        t.setDaemon(true);
        t.start();
    }

    private static long sinceProcessStart() {
        return ProcessHandle.current().info().startInstant()
                .map(start -> Duration.between(start, Instant.now()).toMillis()).orElse(-1L);
    }

    /** A minimal PNG (8-bit RGBA, one IDAT): the window has no javafx-swing on its class path for ImageIO. */
    static void writePng(WritableImage image, Path file) throws IOException {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        PixelReader px = image.getPixelReader();
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(raw)) {
            byte[] row = new byte[1 + w * 4];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int argb = px.getArgb(x, y);
                    row[1 + x * 4] = (byte) (argb >> 16);
                    row[2 + x * 4] = (byte) (argb >> 8);
                    row[3 + x * 4] = (byte) argb;
                    row[4 + x * 4] = (byte) (argb >>> 24);
                }
                z.write(row);
            }
        }
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(header);
        d.writeInt(w);
        d.writeInt(h);
        d.write(new byte[] {8, 6, 0, 0, 0});
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            chunk(out, "IHDR", header.toByteArray());
            chunk(out, "IDAT", raw.toByteArray());
            chunk(out, "IEND", new byte[0]);
        }
    }

    private static void chunk(OutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        d.writeInt(data.length);
        d.write(t);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }
}
