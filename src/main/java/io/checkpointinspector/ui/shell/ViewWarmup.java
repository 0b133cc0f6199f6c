package io.checkpointinspector.ui.shell;

import io.checkpointinspector.inspect.CheckpointContent;
import io.checkpointinspector.ui.common.FailureLog;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.model.CheckpointedContainer;
import io.checkpointinspector.model.CriuInfo;
import io.checkpointinspector.model.DumpStats;
import io.checkpointinspector.model.MemoryInfo;
import io.checkpointinspector.model.MountInfo;
import io.checkpointinspector.model.ProcessInfo;
import io.checkpointinspector.model.RootfsDiff;
import io.checkpointinspector.model.Sizes;
import io.checkpointinspector.model.SourceInfo;
import io.checkpointinspector.model.ThreadInfo;
import io.checkpointinspector.inspect.ProcessForest;
import io.checkpointinspector.inspect.RootfsIndex;
import io.checkpointinspector.ui.session.LoadedCheckpoint;
import io.checkpointinspector.ui.session.ViewContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import javafx.scene.layout.Pane;

/**
 * Styles and lays out the Overview of a tiny made-up checkpoint once, invisibly in the window, right after the
 * window first appears: a cold JVM spends hundreds of milliseconds on CSS and layout code the first time. Paid at
 * start-up (while the user picks a checkpoint, or while the engine reads the one given on the command line), it
 * lets the real Overview appear right after the engine is done.
 */
public final class ViewWarmup {

    private final Executor executor;
    private boolean done;

    public ViewWarmup(Executor executor) {
        this.executor = executor;
    }

    /** Runs once per window, on the FX thread, inside host; later calls do nothing. */
    public void runOnce(Pane host) {
        if (done) {
            return;
        }
        done = true;
        long start = System.nanoTime();
        Checkpoint sample = sample();
        LoadedCheckpoint loaded = new LoadedCheckpoint(sample, ProcessForest.of(sample.processes()),
                RootfsIndex.of(sample.rootfsDiff()), 0, System.nanoTime());
        CheckpointView view = new CheckpointView(new ViewContext(loaded, new CheckpointContent(Path.of("warmup")),
                executor, new FailureLog(null)));
        view.setManaged(false);
        view.setVisible(false);
        view.resize(1200, 800);
        host.getChildren().add(view);
        view.applyCss();
        view.layout();
        host.getChildren().remove(view);
        if (Boolean.getBoolean("checkpointinspector.timing")) {
            System.err.printf(java.util.Locale.ROOT, "timing: warm-up %.1f ms%n", (System.nanoTime() - start) / 1e6);
        }
    }

    private static Checkpoint sample() {
        ProcessInfo p = new ProcessInfo(1, 0, 1, 1, "sh", "alive", 0, List.of(new ThreadInfo(1, "sh", null)),
                List.of("sh"), Map.of("PATH", "/bin"), null, "/", "/", List.of(), List.of(), MemoryInfo.absent());
        return new Checkpoint(Checkpoint.SCHEMA_VERSION,
                new SourceInfo("warmup", "TAR_ARCHIVE", "NONE", 1, "warm-up"),
                new CheckpointedContainer("Podman", "warmup", "0123456789abcdef", "image", "0123456789abcdef", "runc",
                        "2000-01-01T00:00:00Z", "2000-01-01T00:00:00Z", null, null, null, null, Map.of("a", "b")),
                new CriuInfo("4.1", 2, "x86_64", 4096), new Sizes(3, 1, 1),
                new DumpStats(1L, 2L, 1L, 1L, 1L, 0L, 1L, 0L), List.of(p),
                List.of(new MountInfo("/proc", "proc", "proc", List.of("nosuid"))), RootfsDiff.absent(), List.of(),
                List.of(), List.of());
    }
}
