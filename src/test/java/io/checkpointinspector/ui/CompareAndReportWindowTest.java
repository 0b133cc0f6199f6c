package io.checkpointinspector.ui;

import static io.checkpointinspector.ui.UiTestSupport.fx;
import static io.checkpointinspector.ui.UiTestSupport.fxRun;
import static io.checkpointinspector.ui.UiTestSupport.screenshot;
import static io.checkpointinspector.ui.UiTestSupport.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.checkpointinspector.inspect.Fixtures;
import io.checkpointinspector.inspect.MemoryHit;
import io.checkpointinspector.ui.compare.ComparisonView;
import io.checkpointinspector.ui.compare.ComparisonViewModel;
import io.checkpointinspector.ui.report.ReportExport;
import io.checkpointinspector.ui.session.CheckpointSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
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

/** Compare with… and Export report… in the window, on the real before/after fixtures; pinning memory hits. */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CompareAndReportWindowTest {

    static final Path BEFORE = Fixtures.DIR.resolve("diff/diff-before.tar.zst");
    static final Path AFTER = Fixtures.DIR.resolve("diff/diff-after.tar.zst");

    private final UiTestSupport ui = new UiTestSupport();
    private Stage stage;

    @TempDir
    Path tmp;

    @Start
    void start(Stage s) {
        stage = s;
        ui.start(s);
    }

    @AfterEach
    void tearDown() {
        ui.stop();
    }

    private CheckpointSession open(Path p) {
        CheckpointSession s = fx(() -> ui.window.open(p));
        waitFor(p + " to load", 30, () -> s.state() == CheckpointSession.State.LOADED);
        return s;
    }

    private ComparisonView ready(ComparisonView v) {
        waitFor("the comparison", 30, () -> v.model().stateProperty().get() == ComparisonViewModel.State.READY);
        return v;
    }

    @SuppressWarnings("unchecked")
    private static TableView<Object> table(FxRobot robot, String id) {
        return robot.lookup("#" + id).queryAs(TableView.class);
    }

    private void section(FxRobot robot, int index) {
        fxRun(() -> ((TabPane) robot.lookup("#comparison .view-tabs").query()).getSelectionModel().select(index));
    }

    @Test
    void twoOpenCheckpointsOfOneContainer(FxRobot robot) {
        CheckpointSession a = open(BEFORE);
        CheckpointSession b = open(AFTER);
        ComparisonView view = ready(fx(() -> ui.window.compare(a, b)));
        Label headline = robot.lookup("#compare-headline").queryAs(Label.class);
        assertThat(headline.getText()).startsWith("One container: i10a-diff-fixture");
        assertThat(robot.lookup("#compare-summary").queryAs(Label.class).getText())
                .contains("Processes: 3 added, 1 removed, 2 changed, 3 unchanged");
        // Overview: only the values that differ, highlighted as changed (the source rows are always shown)
        TableView<Object> meta = table(robot, "compare-metadata");
        assertThat(meta.getItems()).anySatisfy(r -> assertThat(r.toString()).contains("checkpointed"));
        WaitForRows.settle();
        assertThat(robot.lookup("#compare-metadata .diff-changed").queryAll()).isNotEmpty();
        screenshot(stage.getScene(), "20-compare-overview");

        section(robot, 1);
        TableView<Object> procs = table(robot, "compare-processes");
        assertThat(procs.getItems()).hasSize(6);
        fxRun(() -> procs.getSelectionModel().clearAndSelect(4));   // the first changed one: pid 1
        TextArea detail = robot.lookup("#compare-processes-detail").queryAs(TextArea.class);
        assertThat((String) fx(() -> detail.getText())).contains("≠ cwd: /  →  /added").contains("+ fd 8 REG /added/stage2.log");
        WaitForRows.settle();
        assertThat(robot.lookup("#compare-processes .diff-added").queryAll()).hasSize(3);
        assertThat(robot.lookup("#compare-processes .diff-removed").queryAll()).hasSize(1);
        screenshot(stage.getScene(), "21-compare-processes");

        CheckBox only = robot.lookup("#compare-only-differences").queryAs(CheckBox.class);
        robot.clickOn(only);
        assertThat(fx(() -> procs.getItems().size())).isEqualTo(9);
        robot.clickOn(only);
        assertThat(fx(() -> procs.getItems().size())).isEqualTo(6);

        section(robot, 4);
        TableView<Object> rootfs = table(robot, "compare-rootfs");
        assertThat(fx(() -> rootfs.getItems().size())).isEqualTo(4 + 1 + 3 + 1);
        screenshot(stage.getScene(), "22-compare-rootfs");

        section(robot, 3);
        assertThat(fx(() -> table(robot, "compare-memory").getItems().size())).isEqualTo(2 + 3 + 1);

        robot.clickOn("#compare-copy");
        String text = fx(() -> Clipboard.getSystemClipboard().getString());
        assertThat(text).startsWith("One container: ").contains("+ deleted /etc/fixture-change-me")
                .contains("~ /added/mode.txt  mode 0644 → 0600");
        // a comparison tab is not a checkpoint: the checkpoint list and the status bar leave it out
        assertThat(fx(() -> ui.window.sessions().size())).isEqualTo(2);
        assertThat(fx(() -> ui.window.selectedView().isPresent())).isFalse();
        assertThat(robot.lookup("#status-path").queryAs(Label.class).getText()).startsWith("Comparison: A: ");
    }

    @Test
    void aFileOfAnotherContainerSaysSoAtTheTop(FxRobot robot) {
        CheckpointSession a = open(BEFORE);
        ComparisonView view = ready(fx(() -> ui.window.compare(a, Fixtures.path("podman-none.tar"))));
        Label headline = robot.lookup("#compare-headline").queryAs(Label.class);
        assertThat(headline.getText()).startsWith("DIFFERENT CONTAINERS: A is i10a-diff-fixture");
        assertThat(headline.getStyleClass()).contains("diff-different");
        screenshot(stage.getScene(), "23-compare-different-containers");
        fxRun(() -> stage.getScene().getStylesheets().add(MainWindow.class.getResource(MainWindow.DARK_CSS)
                .toExternalForm()));
        section(robot, 1);
        screenshot(stage.getScene(), "23b-compare-dark");
        assertThat(view.model().diffProperty().get().sameContainer()).isFalse();
    }

    @Test
    void pinnedHitsGoIntoTheExportedReport(FxRobot robot) throws Exception {
        CheckpointSession s = open(Fixtures.path("podman-none.tar"));
        fxRun(() -> ui.window.selectedView().orElseThrow().views().select("memory"));
        waitFor("the memory view", 10, () -> robot.lookup("#memory").tryQuery().map(Node::isVisible).orElse(false));
        fxRun(() -> robot.lookup("#memory-lower").queryAs(TabPane.class).getSelectionModel().select(1));
        TableView<Object> hits = table(robot, "memory-hits");
        robot.clickOn("#memory-search-field").write("CKPT-INSPECTOR-MARKER-00000007").type(KeyCode.ENTER);
        waitFor("the search", 20, () -> robot.lookup("#memory-search-cancel").queryButton().isDisabled()
                && !hits.getItems().isEmpty());
        assertThat(robot.lookup("#memory-hit-pin").queryButton().isDisabled()).isFalse();
        MemoryHit hit = fx(() -> (MemoryHit) hits.getSelectionModel().getSelectedItem());
        robot.clickOn("#memory-hit-pin");
        robot.clickOn("#memory-hit-pin");   // once only
        assertThat(fx(() -> s.pinnedHits().size())).isEqualTo(1);
        assertThat(robot.lookup("#memory-pinned-count").queryAs(Label.class).getText()).isEqualTo("1 pinned");
        screenshot(stage.getScene(), "24-memory-pin");

        Path out = tmp.resolve("report.html");
        ReportExport export = fx(() -> ui.window.exportReport(s, out));
        waitFor("the report", 30, () -> export.stateProperty().get() == ReportExport.State.DONE);
        Window dialog = fx(() -> Window.getWindows().stream().filter(w -> w != stage && w.isShowing()).findFirst()
                .orElseThrow());
        assertThat(fx(() -> export.statusProperty().get())).startsWith("Wrote " + out).contains("1 pinned hit");
        screenshot(dialog.getScene(), "25-export-report");
        String html = Files.readString(out);
        assertThat(html).contains("<section id=\"pinned\">").contains("0x" + Long.toHexString(hit.address()))
                .contains("search “CKPT-INSPECTOR-MARKER-00000007”");
        try (var files = Files.list(tmp)) {
            assertThat(files).containsExactly(out);
        }
        fxRun(dialog::hide);
    }

    /** Lets the table rows pick up their style classes before they are looked up. */
    static final class WaitForRows {
        static void settle() {
            org.testfx.util.WaitForAsyncUtils.waitForFxEvents(3);
        }
    }
}
