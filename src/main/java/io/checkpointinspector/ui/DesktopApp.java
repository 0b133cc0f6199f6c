package io.checkpointinspector.ui;

import io.checkpointinspector.discover.CheckpointSearch;
import io.checkpointinspector.discover.ScanLimits;
import io.checkpointinspector.ui.common.FailureLog;
import io.checkpointinspector.ui.session.CheckpointLoader;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Application;
import javafx.stage.Stage;

/** The desktop window: with no argument the welcome screen, with checkpoint paths one tab per checkpoint. */
public final class DesktopApp extends Application {

    private ExecutorService executor;
    private DemoCheckpoint demo;

    public static void launchWindow(String[] args) {
        Application.launch(DesktopApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        executor = Executors.newCachedThreadPool(workers());
        demo = new DemoCheckpoint();
        FailureLog failures = new FailureLog(FailureLog.defaultFile());
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            failures.record("uncaught on thread " + thread.getName(), e);
            if (previous != null) {
                previous.uncaughtException(thread, e);
            } else {
                e.printStackTrace();
            }
        });
        MainWindow window = new MainWindow(stage, new AppContext(AppPreferences.user(), executor,
                CheckpointLoader.engine(), demo, failures,
                CheckpointSearch.machine(Path.of(System.getProperty("user.home")), ScanLimits.defaults())));
        window.show();
        if (SmokeTest.requested(getParameters().getRaw())) {
            SmokeTest.start(window, stage, getParameters().getRaw());
            return;
        }
        for (String arg : getParameters().getRaw()) {
            if (arg.startsWith("-")) {
                // JavaFX and JVM style options are not checkpoints; a file named "-x" opens as ./-x.
                continue;
            }
            try {
                window.open(Path.of(arg));
            } catch (InvalidPathException e) {
                System.err.println("checkpoint-inspector: not a path: " + arg);
            }
        }
    }

    @Override
    public void stop() {
        if (executor != null) {
            executor.shutdownNow();
        }
        if (demo != null) {
            demo.delete();
        }
    }

    /** Daemon threads, so a load still running never keeps the JVM alive after the window closes. */
    static ThreadFactory workers() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "checkpoint-inspector-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
