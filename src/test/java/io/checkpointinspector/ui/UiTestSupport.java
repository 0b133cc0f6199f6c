package io.checkpointinspector.ui;

import io.checkpointinspector.discover.CheckpointSearch;
import io.checkpointinspector.discover.ScanReport;
import io.checkpointinspector.ui.common.FailureLog;
import io.checkpointinspector.ui.session.CheckpointLoader;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.testfx.util.WaitForAsyncUtils;

/** A window with throw-away preferences, its own executor and a loader the test can swap; screenshots. */
final class UiTestSupport {

    static final Path SCREENSHOTS = Path.of("target/screenshots");

    final Preferences prefsNode = Preferences.userRoot().node("io/checkpointinspector-test/" + UUID.randomUUID());
    final ExecutorService executor = Executors.newCachedThreadPool(DesktopApp.workers());
    final DemoCheckpoint demo = new DemoCheckpoint();
    volatile CheckpointLoader loader = CheckpointLoader.engine();
    /** Where the welcome screen looks: nowhere unless a test says so (never the machine's own places). */
    volatile CheckpointSearch search = (recent, cancelled) -> new ScanReport(List.of(), List.of(), List.of(), 0,
            false);
    /** The window's failure log, in a file of its own (never the user's state directory). */
    final FailureLog failures = new FailureLog(tempLogFile());
    MainWindow window;

    /** Builds and shows the window on stage (call from @Start, on the FX thread). */
    MainWindow start(Stage stage) {
        window = new MainWindow(stage, new AppContext(new AppPreferences(prefsNode), executor,
                (path, listener) -> loader.load(path, listener), demo, failures,
                (recent, cancelled) -> search.search(recent, cancelled)));
        stage.setWidth(1280);
        stage.setHeight(800);
        stage.setX(0);
        stage.setY(0);
        window.show();
        return window;
    }

    private static Path tempLogFile() {
        try {
            return Files.createTempDirectory("i12-ui-log").resolve("window.log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void stop() {
        executor.shutdownNow();
        try {
            Files.deleteIfExists(failures.file());
            Files.deleteIfExists(failures.file().getParent());
        } catch (IOException e) {
            // left in the temp folder
        }
        demo.delete();
        try {
            prefsNode.removeNode();
        } catch (BackingStoreException | IllegalStateException e) {
            // already gone
        }
    }

    static void waitFor(String what, long seconds, BooleanSupplier condition) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> fx(condition::getAsBoolean));
        } catch (TimeoutException e) {
            throw new AssertionError("timed out after " + seconds + " s waiting for " + what, e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    static <T> T fx(java.util.concurrent.Callable<T> call) {
        try {
            return WaitForAsyncUtils.asyncFx(call).get(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("FX thread busy for 20 s", e);
        }
    }

    static void fxRun(Runnable r) {
        fx(() -> {
            r.run();
            return null;
        });
    }

    /** Saves a PNG of the scene as target/screenshots/NAME.png. */
    static Path screenshot(Scene scene, String name) {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage image = fx(() -> scene.snapshot(null));
        try {
            Files.createDirectories(SCREENSHOTS);
            File out = SCREENSHOTS.resolve(name + ".png").toFile();
            ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", out);
            return out.toPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
