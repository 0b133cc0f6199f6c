package io.checkpointinspector.ui;

import static io.checkpointinspector.ui.UiTestSupport.fx;
import static io.checkpointinspector.ui.UiTestSupport.fxRun;
import static io.checkpointinspector.ui.UiTestSupport.screenshot;
import static io.checkpointinspector.ui.UiTestSupport.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.checkpointinspector.inspect.Fixtures;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.model.ProcessInfo;
import io.checkpointinspector.inspect.RootfsIndex;
import io.checkpointinspector.ui.session.CheckpointSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * 2,000 processes and a rootfs diff of 5,000 files: the views open quickly and scroll without long frames.
 * Figures go to target/ui-performance.txt. Headless Monocle renders in software, so the bounds are loose; the
 * point is to catch a view that builds every row or every tree item up front.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LargeCheckpointSpeedTest {

    private static final Path REPORT = Path.of("target/ui-performance.txt");

    private final UiTestSupport ui = new UiTestSupport();
    private final Checkpoint big = SyntheticCheckpoint.of(2000, 50, 100, 200);
    private Stage stage;

    @Start
    void start(Stage s) {
        stage = s;
        ui.loader = (path, listener) -> big;
        ui.start(s);
    }

    @AfterEach
    void tearDown() {
        ui.stop();
    }

    @Test
    void twoThousandProcessesAndFiveThousandFilesOpenAndScroll(FxRobot robot) throws Exception {
        // First in a cold JVM, then again in a second tab, as when a user opens the next checkpoint.
        Figures cold = pass(robot, Fixtures.path("podman-none.tar"), "cold");
        Figures warm = pass(robot, Fixtures.path("podman-zstd.tar.zst"), "warm");
        String report = "UI speed, synthetic checkpoint (2,000 processes, 5,000 files + 200 deleted), headless Monocle, "
                + "software rendering, 25 rows scrolled a frame\n" + cold + warm;
        System.out.print(report);
        Files.writeString(REPORT, report, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);

        assertThat(warm.overviewMs).isLessThan(500);
        assertThat(warm.processesOpenMs).isLessThan(1000);
        assertThat(warm.rootfsOpenMs).isLessThan(1000);
        // Idle, the 95th percentile frame is 30-50 ms (target/ui-performance.txt). The bound is wider so that a busy
        // 2-core machine does not fail the build, yet a table that is not virtualised (seconds a frame) still does.
        assertThat(percentile(cold.processFrames, 0.95)).isLessThan(250);
        assertThat(percentile(cold.rootfsFrames, 0.95)).isLessThan(250);
        assertThat(percentile(warm.processFrames, 0.95)).isLessThan(200);
        assertThat(percentile(warm.rootfsFrames, 0.95)).isLessThan(200);
    }

    /** The figures of one pass. */
    private record Figures(String name, double overviewMs, double processesOpenMs, double[] processFrames,
            int initialRootfsRows, double rootfsOpenMs, int rootfsRows, double expandMs, double[] rootfsFrames) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, String.join("%n",
                    "%s: overview on screen %.0f ms after the model is ready",
                    "%s: processes view (2,000 processes, 41 rows, details) built and on screen: %.0f ms",
                    "%s: process tree (2,000 rows) scrolled top to bottom: %s",
                    "%s: rootfs view opened (lazy, %d rows made): %.0f ms",
                    "%s: rootfs tree fully expanded (%d rows): %.0f ms",
                    "%s: rootfs tree scrolled top to bottom: %s", ""),
                    name, overviewMs, name, processesOpenMs, name, frames(processFrames), name, initialRootfsRows,
                    rootfsOpenMs, name, rootfsRows, expandMs, name, frames(rootfsFrames));
        }
    }

    private Figures pass(FxRobot robot, Path path, String name) throws Exception {
        CheckpointSession session = fx(() -> ui.window.open(path));
        waitFor("the big checkpoint", 20, () -> session.state() == CheckpointSession.State.LOADED);
        waitFor("the overview on screen", 10, () -> session.shownAfterNanosProperty().get() >= 0);
        double overviewMs = session.shownAfterNanosProperty().get() / 1e6;

        double processesOpenMs = openView(robot, 1, "process-tree");
        @SuppressWarnings("unchecked")
        TreeTableView<ProcessInfo> processes = (TreeTableView<ProcessInfo>) visible(robot, "#process-tree");
        assertThat(fx(processes::getExpandedItemCount)).as("big trees open one level deep").isEqualTo(41);
        fxRun(() -> expandAll(processes.getRoot()));
        assertThat(fx(processes::getExpandedItemCount)).isEqualTo(2000);
        double[] processFrames = scroll(processes, 2000);
        screenshot(stage.getScene(), "20-processes-2000-" + name);

        double rootfsOpenMs = openView(robot, 3, "rootfs-tree");
        @SuppressWarnings("unchecked")
        TreeTableView<RootfsIndex.Node> rootfs = (TreeTableView<RootfsIndex.Node>) visible(robot, "#rootfs-tree");
        int initialRows = fx(rootfs::getExpandedItemCount);
        assertThat(initialRows).as("lazy: only the first level is made").isLessThan(60);
        long expandStart = System.nanoTime();
        fxRun(() -> expandAll(rootfs.getRoot()));
        double expandMs = (System.nanoTime() - expandStart) / 1e6;
        int rows = fx(rootfs::getExpandedItemCount);
        assertThat(rows).isGreaterThan(5200);
        double[] rootfsFrames = scroll(rootfs, rows);
        screenshot(stage.getScene(), "21-rootfs-5000-" + name);
        return new Figures(name, overviewMs, processesOpenMs, processFrames, initialRows, rootfsOpenMs, rows, expandMs,
                rootfsFrames);
    }

    private static javafx.scene.Node visible(FxRobot robot, String query) {
        return robot.lookup(query).queryAll().stream().filter(n -> n.getScene() != null && n.isVisible()
                && n.getLayoutBounds().getHeight() > 0 && isShowing(n)).findFirst().orElseThrow();
    }

    private static boolean isShowing(javafx.scene.Node n) {
        for (javafx.scene.Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return true;
    }

    /** Selects view index with Ctrl+N and returns the ms until the tree is laid out. */
    private double openView(FxRobot robot, int index, String treeId) {
        long start = System.nanoTime();
        fxRun(() -> ui.window.selectedView().orElseThrow().views().select(index));
        // The tab's content is on screen once it has been laid out and one more frame has passed.
        waitFor(treeId, 10, () -> robot.lookup("#" + treeId).queryAll().stream().anyMatch(n -> n.getScene() != null
                && n.getLayoutBounds().getHeight() > 0 && isShowing(n)));
        return (System.nanoTime() - start) / 1e6;
    }

    /** Scrolls through rows, 25 a frame, and returns the frame intervals in ms. */
    private static double[] scroll(TreeTableView<?> tree, int rows) throws Exception {
        List<Double> intervals = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        fxRun(() -> new AnimationTimer() {
            private long last;
            private int row;

            @Override
            public void handle(long now) {
                if (last != 0) {
                    intervals.add((now - last) / 1e6);
                }
                last = now;
                if (row >= rows) {
                    stop();
                    done.countDown();
                    return;
                }
                tree.scrollTo(row);
                row += 25;
            }
        }.start());
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        return intervals.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void expandAll(TreeItem<?> item) {
        item.setExpanded(true);
        for (TreeItem<?> c : item.getChildren()) {
            if (!c.isLeaf()) {
                expandAll(c);
            }
        }
    }

    private static String frames(double[] ms) {
        return String.format(Locale.ROOT, "%d frames, median %.1f ms, p95 %.1f ms, max %.1f ms", ms.length,
                percentile(ms, 0.5), percentile(ms, 0.95), Arrays.stream(ms).max().orElse(0));
    }

    private static double percentile(double[] ms, double p) {
        if (ms.length == 0) {
            return 0;
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }

}
