package io.checkpointinspector.ui;

import static io.checkpointinspector.ui.UiTestSupport.fx;
import static io.checkpointinspector.ui.UiTestSupport.fxRun;
import static io.checkpointinspector.ui.UiTestSupport.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.checkpointinspector.ui.session.CheckpointSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The ≥ 1 GiB checkpoint of src/test/scripts/benchmark.sh, where it exists (skipped otherwise): the window stays
 * responsive while the engine reads it, and the Overview follows the engine's result quickly. Prints the figures.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BenchmarkOverviewTest {

    private static final Path BENCH = Path.of(System.getProperty("bench.file",
            "/var/tmp/ckpt-bench/bench-zstd.tar.zst"));

    private final UiTestSupport ui = new UiTestSupport();

    @Start
    void start(Stage s) {
        ui.start(s);
    }

    @AfterEach
    void tearDown() {
        ui.stop();
    }

    @Test
    void overviewFollowsTheEngineOnTheBenchmarkCheckpoint(FxRobot robot) {
        Assumptions.assumeTrue(Files.isReadable(BENCH), "no benchmark checkpoint at " + BENCH);
        StringBuilder report = new StringBuilder();
        for (int round = 1; round <= 2; round++) {
            CheckpointSession session = fx(() -> ui.window.open(BENCH));
            long worstGapMs = 0;
            long last = System.nanoTime();
            // While it loads, the FX thread answers at once (the window never freezes).
            while (fx(session::state) == CheckpointSession.State.LOADING) {
                long now = System.nanoTime();
                worstGapMs = Math.max(worstGapMs, (now - last) / 1_000_000);
                last = now;
                sleep(20);
            }
            assertThat(session.state()).isEqualTo(CheckpointSession.State.LOADED);
            waitFor("the overview", 10, () -> session.shownAfterNanosProperty().get() >= 0);
            double shownMs = session.shownAfterNanosProperty().get() / 1e6;
            String name = robot.lookup("#overview-container-name").queryAs(Label.class).getText();
            report.append(String.format(Locale.ROOT, "round %d: engine %.0f ms, overview on screen %.0f ms later, "
                    + "longest FX round trip while loading %d ms (container %s)%n", round,
                    session.loaded().engineNanos() / 1e6, shownMs, worstGapMs, name));
            assertThat(shownMs).isLessThan(round == 1 ? 1500 : 500);
            assertThat(worstGapMs).isLessThan(1000);
            fxRun(ui.window::closeSelected);
        }
        System.out.print(report);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
