package io.checkpointinspector.ui;

import static io.checkpointinspector.ui.UiTestSupport.fx;
import static io.checkpointinspector.ui.UiTestSupport.fxRun;
import static io.checkpointinspector.ui.UiTestSupport.screenshot;
import static io.checkpointinspector.ui.UiTestSupport.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.checkpointinspector.inspect.BrokenFixture;
import io.checkpointinspector.inspect.Fixtures;
import io.checkpointinspector.inspect.InspectListener;
import io.checkpointinspector.model.ProcessInfo;
import io.checkpointinspector.ui.common.FailureLog;
import io.checkpointinspector.ui.common.PreviewPane;
import io.checkpointinspector.inspect.RootfsIndex;
import io.checkpointinspector.ui.session.CheckpointLoader;
import io.checkpointinspector.ui.session.CheckpointSession;
import io.checkpointinspector.ui.shell.SessionView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The window end to end, headless: the demo, every view, a broken and an unreadable checkpoint, Cancel. */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InspectorWindowTest {

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

    private CheckpointSession openDemo(FxRobot robot) {
        robot.clickOn("#open-demo");
        CheckpointSession session = fx(() -> ui.window.sessions().get(0));
        waitFor("the demo to load", 20, () -> session.state() == CheckpointSession.State.LOADED);
        return session;
    }

    private SessionView selectedView() {
        return fx(() -> ui.window.selectedView().orElseThrow());
    }

    private void showView(FxRobot robot, int index, String id) {
        robot.press(KeyCode.CONTROL, KeyCode.getKeyCode(String.valueOf(index + 1))).release(
                KeyCode.getKeyCode(String.valueOf(index + 1)), KeyCode.CONTROL);
        waitFor("view " + id, 10, () -> robot.lookup("#" + id).tryQuery().map(Node::isVisible).orElse(false));
    }

    private static List<String> visibleTexts(FxRobot robot, String selector) {
        return robot.lookup(selector).queryAll().stream().filter(Node::isVisible).map(n -> ((Labeled) n).getText())
                .filter(t -> t != null && !t.isEmpty()).collect(Collectors.toList());
    }

    @Test
    void welcomeScreenOffersOpenDemoAndRecent(FxRobot robot) {
        assertThat(robot.lookup("#welcome").query().isVisible()).isTrue();
        assertThat(robot.lookup("#open-demo").queryButton().getText()).isEqualTo("Open demo checkpoint");
        assertThat(robot.lookup("#open-file").queryButton().isDisabled()).isFalse();
        assertThat(stage.getIcons()).hasSize(7);
        screenshot(stage.getScene(), "01-welcome");
    }

    @Test
    void openDemoShowsContainerNameInOverview(FxRobot robot) {
        CheckpointSession session = openDemo(robot);
        Label name = robot.lookup("#overview-container-name").queryAs(Label.class);
        assertThat(name.getText()).isEqualTo(Fixtures.expected().get("containerName").asText());
        waitFor("the overview timing", 5, () -> session.shownAfterNanosProperty().get() >= 0);
        assertThat(robot.lookup("#status-path").queryAs(Label.class).getText()).contains("checkpoint-inspector-demo-");
        assertThat(robot.lookup("#status-compression").queryAs(Label.class).getText()).contains("zstd");
        assertThat(robot.lookup("#stats-timeline").tryQuery()).isPresent();
        assertThat(robot.lookup("#sizes-bar").tryQuery()).isPresent();
        waitFor("the annotations", 5, () -> robot.lookup("#annotations-table").tryQuery().isPresent());
        TableView<?> annotations = robot.lookup("#annotations-table").queryAs(TableView.class);
        assertThat(annotations.getItems()).isNotEmpty();
        screenshot(stage.getScene(), "02-overview");
        // Annotations are searchable.
        fxRun(() -> robot.lookup("#annotation-filter").queryTextInputControl().setText("stopSignal"));
        waitFor("the annotation filter", 5, () -> annotations.getItems().size() == 1);
    }

    @Test
    void processesTreeShowsFixturePidsAndCommandLines(FxRobot robot) {
        openDemo(robot);
        showView(robot, 1, "processes");
        @SuppressWarnings("unchecked")
        TreeTableView<ProcessInfo> tree = robot.lookup("#process-tree").queryAs(TreeTableView.class);
        Map<Integer, List<String>> shown = fx(() -> {
            Map<Integer, List<String>> m = new LinkedHashMap<>();
            for (int i = 0; i < tree.getExpandedItemCount(); i++) {
                ProcessInfo p = tree.getTreeItem(i).getValue();
                m.put(p.pid(), p.cmdline());
            }
            return m;
        });
        Map<Integer, List<String>> expected = new LinkedHashMap<>();
        for (JsonNode p : Fixtures.expected().get("processes")) {
            List<String> args = new ArrayList<>();
            p.get("cmdline").forEach(a -> args.add(a.asText()));
            expected.put(p.get("pid").asInt(), args);
        }
        assertThat(shown).containsExactlyInAnyOrderEntriesOf(expected);
        // The command lines are on screen, not only in the model.
        List<String> cells = visibleTexts(robot, ".tree-table-cell");
        assertThat(cells).contains("sleep 10001", "sleep 10002", "1", "9", "10", "11", "12");
        assertThat(cells).anyMatch(t -> t.startsWith("fixture-worker --threads 3 --mib 1"));
        // Selecting the worker shows its environment, files and memory map.
        fxRun(() -> {
            for (int i = 0; i < tree.getExpandedItemCount(); i++) {
                if (tree.getTreeItem(i).getValue().pid() == 11) {
                    tree.getSelectionModel().clearAndSelect(i);
                }
            }
        });
        TableView<?> env = robot.lookup("#env-table").queryAs(TableView.class);
        waitFor("the environment of pid 11", 5, () -> env.getItems().size() == 9 || env.getItems().size() > 0);
        assertThat(env.getItems().toString()).contains("FIXTURE_GREETING=hello-from-fixture");
        assertThat(robot.lookup("#files-table").queryAs(TableView.class).getItems()).hasSize(7);
        assertThat(robot.lookup("#process-vma-table").queryAs(TableView.class).getItems()).hasSize(18);
        screenshot(stage.getScene(), "03-processes");
        // Filter, then copy as text.
        robot.clickOn(robot.lookup(".filter-field").queryAll().stream().filter(Node::isVisible).findFirst()
                .orElseThrow()).write("10002");
        waitFor("the process filter", 5, () -> fx(() -> tree.getExpandedItemCount()) == 3);
        fxRun(() -> tree.getSelectionModel().selectAll());
        robot.clickOn(tree).press(KeyCode.CONTROL, KeyCode.C).release(KeyCode.C, KeyCode.CONTROL);
        String copied = fx(() -> Clipboard.getSystemClipboard().getString());
        assertThat(copied).startsWith("PID\tCommand line\tState").contains("sleep 10002");
    }

    @Test
    void rootfsTreeShowsAddedAndDeletedFilesAndPreview(FxRobot robot) {
        openDemo(robot);
        showView(robot, 3, "rootfs");
        List<Node> cells = robot.lookup(".tree-table-cell").queryAll().stream().filter(Node::isVisible).toList();
        Node added = cells.stream().filter(c -> "hello.txt".equals(((Labeled) c).getText())).findFirst().orElseThrow(
                () -> new AssertionError("hello.txt not shown in " + cells.stream().map(c -> ((Labeled) c).getText())
                        .toList()));
        Node deleted = cells.stream().filter(c -> "fixture-delete-me".equals(((Labeled) c).getText())).findFirst()
                .orElseThrow();
        assertThat(added.getStyleClass()).contains("rootfs-file");
        assertThat(deleted.getStyleClass()).contains("rootfs-deleted");
        assertThat(cells.stream().map(c -> ((Labeled) c).getText()).toList()).contains("link  →  /etc/hostname");
        robot.clickOn(added);
        PreviewPane preview = robot.lookup("#rootfs-preview").queryAs(PreviewPane.class);
        waitFor("the preview of hello.txt", 10, () -> preview.shownText().contains("hello from the fixture container"));
        screenshot(stage.getScene(), "05a-rootfs-demo");
        robot.clickOn(deleted);
        waitFor("the deleted note", 5, () -> robot.lookup("#rootfs-preview .placeholder").queryAll().stream()
                .anyMatch(n -> ((Labeled) n).getText().contains("Deleted in the container")));
        // The folder sizes add up.
        @SuppressWarnings("unchecked")
        TreeTableView<RootfsIndex.Node> tree = robot.lookup("#rootfs-tree").queryAs(TreeTableView.class);
        TreeItem<RootfsIndex.Node> rootItem = tree.getRoot();
        assertThat(rootItem.getValue().files()).isEqualTo(4);
        assertThat(rootItem.getValue().size()).isEqualTo(33 + 10 + 25 + 6);
    }

    @Test
    void memoryViewDrawsMapsAndChart(FxRobot robot) {
        openDemo(robot);
        showView(robot, 2, "memory");
        TableView<?> processes = robot.lookup("#memory-processes").queryAs(TableView.class);
        assertThat(processes.getItems()).hasSize(5);
        fxRun(() -> processes.getSelectionModel().clearAndSelect(4));
        assertThat(robot.lookup("#memory-vma-table").queryAs(TableView.class).getItems()).isNotEmpty();
        assertThat(robot.lookup("#dumped-chart").tryQuery()).isPresent();
        assertThat(robot.lookup("#memory-by-kind .bar-part").queryAll()).isNotEmpty();
        screenshot(stage.getScene(), "04-memory");
    }

    @Test
    void memorySearchFindsTheMarkerInTheWorker(FxRobot robot) {
        openDemo(robot);
        showView(robot, 2, "memory");
        fxRun(() -> robot.lookup("#memory-lower").queryAs(javafx.scene.control.TabPane.class)
                .getSelectionModel().select(1));
        TableView<?> hits = robot.lookup("#memory-hits").queryAs(TableView.class);
        robot.clickOn("#memory-search-field").write("CKPT-INSPECTOR-MARKER-0000000").type(KeyCode.ENTER);
        waitFor("the search to finish", 20, () -> fx(() -> robot.lookup("#memory-search-cancel").queryButton()
                .isDisabled() && !hits.getItems().isEmpty()));
        List<io.checkpointinspector.inspect.MemoryHit> found = fx(() -> hits.getItems().stream()
                .map(io.checkpointinspector.inspect.MemoryHit.class::cast).toList());
        assertThat(found).hasSize(10).allSatisfy(h -> {
            assertThat(h.pid()).isEqualTo(11);
            assertThat(h.process()).isEqualTo("fixture-worker");
            assertThat(h.preview()).contains("CKPT-INSPECTOR-MARKER-0000000");
        });
        assertThat(fx(() -> robot.lookup("#memory-search-status").queryAs(Label.class).getText()))
                .startsWith("10 hits in ").contains("of 5 processes");
        waitFor("the bytes around the first hit", 10, () -> fx(() -> robot.lookup("#memory-hit-bytes")
                .queryAs(javafx.scene.control.TextArea.class).getText()).contains("|CKPT-INSPECTOR-M|"));
        screenshot(stage.getScene(), "04b-memory-search");

        // The same record as hex bytes: one hit where checkpointctl memparse --search found it.
        robot.clickOn("#memory-search-hex");
        String hex = java.util.HexFormat.ofDelimiter(" ").formatHex("CKPT-INSPECTOR-MARKER-00000007".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII));
        fxRun(() -> robot.lookup("#memory-search-field").queryAs(javafx.scene.control.TextField.class).setText(hex));
        robot.clickOn("#memory-search-field").type(KeyCode.ENTER);
        waitFor("the hex search", 20, () -> fx(() -> hits.getItems().size() == 1
                && robot.lookup("#memory-search-cancel").queryButton().isDisabled()));
        assertThat(fx(() -> ((io.checkpointinspector.inspect.MemoryHit) hits.getItems().get(0)).address()))
                .isEqualTo(0x7f2fa931d0d9L);
    }

    @Test
    void memoryNavigationAtTheSmallestWindowSize(FxRobot robot) {
        fxRun(() -> {
            stage.setWidth(1024);
            stage.setHeight(700);
        });
        openDemo(robot);
        // The Memory view follows the process selected in Processes.
        showView(robot, 1, "processes");
        @SuppressWarnings("unchecked")
        TreeTableView<ProcessInfo> tree = robot.lookup("#process-tree").queryAs(TreeTableView.class);
        fxRun(() -> {
            for (int i = 0; i < tree.getExpandedItemCount(); i++) {
                if (tree.getTreeItem(i).getValue().pid() == 11) {
                    tree.getSelectionModel().clearAndSelect(i);
                }
            }
        });
        showView(robot, 2, "memory");
        TableView<?> processes = robot.lookup("#memory-processes").queryAs(TableView.class);
        assertThat(fx(() -> ((ProcessInfo) processes.getSelectionModel().getSelectedItem()).pid())).isEqualTo(11);

        fxRun(() -> robot.lookup("#memory-lower").queryAs(javafx.scene.control.TabPane.class)
                .getSelectionModel().select(1));
        TableView<?> hits = robot.lookup("#memory-hits").queryAs(TableView.class);
        Label placeholder = fx(() -> (Label) hits.getPlaceholder());
        // a search with no hit says so; the next search clears that at once
        robot.clickOn("#memory-search-field").write("no-such-text-anywhere").type(KeyCode.ENTER);
        waitFor("the empty search", 20, () -> fx(() -> placeholder.getText().startsWith("Not found")));
        fxRun(() -> robot.lookup("#memory-search-field").queryAs(javafx.scene.control.TextField.class)
                .setText("ckpt-inspector-marker-0000000"));
        fxRun(() -> robot.lookup("#memory-search-ignore-case").queryAs(javafx.scene.control.CheckBox.class)
                .setSelected(true));
        fxRun(() -> robot.lookup("#memory-search-process").queryAs(javafx.scene.control.ComboBox.class)
                .getSelectionModel().select(5));
        // the stale "Not found" goes the moment the new search starts (same FX turn as the click)
        assertThat(fx(() -> {
            robot.lookup("#memory-search-button").queryButton().fire();
            return placeholder.getText();
        })).isEqualTo("Searching…");
        waitFor("the search to finish", 20, () -> fx(() -> robot.lookup("#memory-search-cancel").queryButton()
                .isDisabled() && !hits.getItems().isEmpty()));
        assertThat(fx(() -> hits.getItems().size())).isEqualTo(10);
        assertThat(fx(() -> robot.lookup("#memory-search-status").queryAs(Label.class).getText()))
                .startsWith("10 hits in ").contains("of 1 process").contains(" · took ");
        screenshot(stage.getScene(), "04d-memory-search-1024x700");

        // Enter on a hit shows it in its area, the match selected.
        fxRun(() -> hits.getSelectionModel().clearAndSelect(0));
        fxRun(hits::requestFocus);
        robot.type(KeyCode.ENTER);
        javafx.scene.control.TextArea bytes = robot.lookup("#memory-area-bytes")
                .queryAs(javafx.scene.control.TextArea.class);
        String marker = java.util.HexFormat.ofDelimiter(" ").formatHex("CKPT-INS".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII));
        waitFor("the hit highlighted in its area", 10, () -> fx(bytes::getSelectedText).startsWith(marker));
        screenshot(stage.getScene(), "04e-memory-hit-in-area-1024x700");

        // Go to an offset in the area, then to an address.
        long areaStart = fx(() -> Long.parseUnsignedLong(((io.checkpointinspector.model.Vma) robot
                .lookup("#memory-vma-table").queryAs(TableView.class).getSelectionModel().getSelectedItem())
                .start().substring(2), 16));
        fxRun(() -> robot.lookup("#memory-area-bytes-goto").queryAs(javafx.scene.control.TextField.class)
                .setText("+0x10"));
        robot.clickOn("#memory-area-bytes-goto").type(KeyCode.ENTER);
        waitFor("the offset shown", 10, () -> fx(bytes::getText).startsWith(String.format("%016x",
                areaStart + 0x10)));
        fxRun(() -> robot.lookup("#memory-area-bytes-goto").queryAs(javafx.scene.control.TextField.class)
                .setText("0x7f2fa931d0d9"));
        robot.clickOn("#memory-area-bytes-goto").type(KeyCode.ENTER);
        waitFor("the address shown", 10, () -> fx(bytes::getText).startsWith("00007f2fa931d0d0")
                && fx(bytes::getSelectedText).equals("43"));

        // The per-process chart reads in the app's units and shows every process.
        fxRun(() -> robot.lookup("#memory-lower").queryAs(javafx.scene.control.TabPane.class)
                .getSelectionModel().select(2));
        @SuppressWarnings("unchecked")
        javafx.scene.chart.BarChart<Number, String> chart = robot.lookup("#dumped-chart")
                .queryAs(javafx.scene.chart.BarChart.class);
        assertThat(fx(() -> ((javafx.scene.chart.NumberAxis) chart.getXAxis()).getTickLabelFormatter().toString(68)))
                .isEqualTo("68.0 KiB");
        assertThat(fx(() -> chart.getData().get(0).getData().size())).isEqualTo(5);
        screenshot(stage.getScene(), "04f-memory-chart-1024x700");
        showView(robot, 4, "raw");
        assertThat(robot.lookup("#raw-count").queryAs(Label.class).getText()).isEqualTo("62 entries");
        fxRun(() -> robot.lookup("#raw .filter-field").queryAs(javafx.scene.control.TextField.class)
                .setText("pagemap"));
        waitFor("the filtered count", 5, () -> fx(() -> robot.lookup("#raw-count").queryAs(Label.class).getText())
                .equals("5 of 62 entries"));
        screenshot(stage.getScene(), "06b-raw-images-1024x700");
    }

    @Test
    void memoryAreaShowsItsBytesPageByPage(FxRobot robot) {
        openDemo(robot);
        showView(robot, 2, "memory");
        TableView<?> processes = robot.lookup("#memory-processes").queryAs(TableView.class);
        fxRun(() -> {
            for (int i = 0; i < processes.getItems().size(); i++) {
                if (((ProcessInfo) processes.getItems().get(i)).pid() == 11) {
                    processes.getSelectionModel().clearAndSelect(i);
                }
            }
        });
        @SuppressWarnings("unchecked")
        TableView<io.checkpointinspector.model.Vma> vmas = robot.lookup("#memory-vma-table").queryAs(TableView.class);
        fxRun(() -> {
            for (int i = 0; i < vmas.getItems().size(); i++) {
                var v = vmas.getItems().get(i);
                long start = Long.parseUnsignedLong(v.start().substring(2), 16);
                long end = Long.parseUnsignedLong(v.end().substring(2), 16);
                if (start <= 0x7f2fa931d000L && 0x7f2fa931d000L < end) {
                    vmas.getSelectionModel().clearAndSelect(i);
                    vmas.scrollTo(i);
                }
            }
        });
        waitFor("the area's first page", 10, () -> robot.lookup("#memory-area-bytes").tryQuery()
                .map(n -> fx(((javafx.scene.control.TextArea) n)::getText).contains("CKPT-INSPECTOR")).orElse(false));
        javafx.scene.control.TextArea bytes = robot.lookup("#memory-area-bytes")
                .queryAs(javafx.scene.control.TextArea.class);
        String first = fx(bytes::getText);
        assertThat(first.lines().filter(l -> l.contains("|CKPT-INSPECTOR-M|")).findFirst()).isPresent();
        screenshot(stage.getScene(), "04c-memory-area-bytes");
        // More than 64 KiB: Next shows the following page.
        assertThat(fx(() -> robot.lookup("#memory-area-bytes-next").queryButton().isDisabled())).isFalse();
        robot.clickOn("#memory-area-bytes-next");
        waitFor("the second page", 10, () -> !fx(bytes::getText).equals(first));
        long firstAddress = Long.parseUnsignedLong(first.substring(0, 16), 16);
        assertThat(Long.parseUnsignedLong(fx(bytes::getText).substring(0, 16), 16)).isEqualTo(firstAddress + 0x10000);

        // A file-backed area is not dumped: said so, not shown as zeros.
        fxRun(() -> {
            for (int i = 0; i < vmas.getItems().size(); i++) {
                if ("file".equals(vmas.getItems().get(i).kind()) && vmas.getItems().get(i).dumpedBytes() == 0) {
                    vmas.getSelectionModel().clearAndSelect(i);
                    vmas.scrollTo(i);
                    return;
                }
            }
        });
        waitFor("a not-dumped area", 10, () -> fx(bytes::getText).contains("not dumped"));
        screenshot(stage.getScene(), "04d-memory-not-dumped");
    }

    @Test
    void rawImagesShowDecodedRecords(FxRobot robot) {
        openDemo(robot);
        showView(robot, 4, "raw");
        TableView<?> entries = robot.lookup("#raw-entries").queryAs(TableView.class);
        assertThat(entries.getItems()).hasSize(62);
        fxRun(() -> {
            for (int i = 0; i < entries.getItems().size(); i++) {
                if (entries.getItems().get(i).toString().contains("checkpoint/pstree.img")) {
                    entries.getSelectionModel().clearAndSelect(i);
                    entries.scrollTo(i);
                }
            }
        });
        waitFor("the pstree records", 10, () -> robot.lookup("#raw-records").tryQuery().map(Node::isVisible)
                .orElse(false));
        @SuppressWarnings("unchecked")
        TreeTableView<io.checkpointinspector.criu.RecordTree.Node> records =
                robot.lookup("#raw-records").queryAs(TreeTableView.class);
        assertThat(records.getRoot().getChildren()).hasSize(5);
        assertThat(records.getRoot().getChildren().get(0).getValue().value()).startsWith("PstreeEntry  { pid: 1,");
        assertThat(visibleTexts(robot, ".tree-table-cell")).contains("pid", "ppid", "threads");
        screenshot(stage.getScene(), "06-raw-images");
    }

    @Test
    void rawBytesPageToTheLastByte(FxRobot robot) {
        openDemo(robot);
        showView(robot, 4, "raw");
        TableView<?> entries = robot.lookup("#raw-entries").queryAs(TableView.class);
        fxRun(() -> {
            for (int i = 0; i < entries.getItems().size(); i++) {
                if (entries.getItems().get(i).toString().contains("checkpoint/pages-5.img")) {
                    entries.getSelectionModel().clearAndSelect(i);
                }
            }
        });
        waitFor("the bytes of pages-5.img", 10, () -> robot.lookup("#raw-preview").tryQuery().isPresent());
        PreviewPane preview = robot.lookup("#raw-preview").queryAs(PreviewPane.class);
        waitFor("the first page of pages-5.img", 10, () -> preview.shownText().startsWith("00000000  "));
        robot.clickOn("#preview-next");
        waitFor("the second page", 10, () -> preview.shownText().startsWith("00010000  "));
        // 1,126,400 (0x113000) bytes: an offset past the end shows the last row, 0x112ff0 to 0x112fff.
        robot.clickOn("#preview-offset").write("0x200000").type(KeyCode.ENTER);
        waitFor("the last row", 10, () -> preview.shownText().startsWith("00112ff0  "));
        assertThat(fx(preview::shownText).split("\n")).hasSize(1);
        screenshot(stage.getScene(), "06b-raw-bytes");
    }

    @Test
    void logViewShowsContainerLogAndSearches(FxRobot robot) {
        openDemo(robot);
        showView(robot, 5, "log");
        @SuppressWarnings("unchecked")
        ListView<String> lines = robot.lookup("#log-lines").queryAs(ListView.class);
        waitFor("the log lines", 10, () -> lines.isVisible() && !lines.getItems().isEmpty());
        String first = lines.getItems().get(0);
        robot.clickOn("#log-search").write(first.substring(0, Math.min(6, first.length())));
        waitFor("a search hit", 5, () -> lines.getSelectionModel().getSelectedIndex() == 0);
        screenshot(stage.getScene(), "07-log");
    }

    /** A bug (not bad input) says so in words, and its stack trace is in the Log view and in the log file. */
    @Test
    void anUnexpectedFailureKeepsItsStackTraceInTheLogViewAndFile(FxRobot robot) throws Exception {
        openDemo(robot);
        Path buggy = Files.copy(Fixtures.path("podman-none.tar"), tmp.resolve("buggy.tar"));
        ui.loader = (path, listener) -> {
            if (path.getFileName().toString().equals("buggy.tar")) {
                throw new IllegalStateException("a bug in the engine");
            }
            return CheckpointLoader.engine().load(path, listener);
        };
        fxRun(() -> ui.window.open(buggy));
        waitFor("the error banner", 10, () -> robot.lookup("#error-banner").tryQuery().isPresent());
        String text = robot.lookup("#error-banner-text").queryAs(Label.class).getText();
        assertThat(text).startsWith("internal error (please report; ").contains("Log view")
                .endsWith(": a bug in the engine").doesNotContain("IllegalStateException");

        fxRun(() -> ui.window.closeSelected());
        showView(robot, 5, "log");
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<String> logs = robot.lookup("#log-choice").queryAs(
                javafx.scene.control.ComboBox.class);
        assertThat(fx(() -> List.copyOf(logs.getItems()))).contains(FailureLog.NAME);
        fxRun(() -> logs.getSelectionModel().select(FailureLog.NAME));
        @SuppressWarnings("unchecked")
        ListView<String> lines = robot.lookup("#log-lines").queryAs(ListView.class);
        waitFor("the window's log", 10, () -> lines.isVisible() && lines.getItems().stream()
                .anyMatch(l -> l.contains("java.lang.IllegalStateException: a bug in the engine")));
        assertThat(fx(() -> List.copyOf(lines.getItems()))).anyMatch(l -> l.startsWith("\tat "));
        String file = Files.readString(ui.failures.file());
        assertThat(file).contains("internal error").contains("java.lang.IllegalStateException: a bug in the engine")
                .contains("\tat ");
        screenshot(stage.getScene(), "07b-log-failures");
    }

    /** Bad input is not a bug: it is not logged as one. */
    @Test
    void unreadableArchiveShowsOneClearErrorMessage(FxRobot robot) throws Exception {
        Path corrupt = tmp.resolve("corrupt.tar.zst");
        byte[] junk = new byte[4096];
        new java.util.Random(7).nextBytes(junk);
        Files.write(corrupt, junk);
        fxRun(() -> ui.window.open(corrupt));
        waitFor("the error banner", 10, () -> robot.lookup("#error-banner").tryQuery().isPresent());
        String text = robot.lookup("#error-banner-text").queryAs(Label.class).getText();
        assertThat(text).contains(corrupt.toString()).contains("not a checkpoint").doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(fx(() -> List.copyOf(ui.failures.lines()))).isEmpty();
        screenshot(stage.getScene(), "09-error");
    }

    @Test
    void brokenCheckpointShowsWhatCouldBeReadAndWarnings(FxRobot robot) throws Exception {
        Path broken = BrokenFixture.write(tmp.resolve("broken.tar"));
        CheckpointSession session = fx(() -> ui.window.open(broken));
        waitFor("the broken checkpoint to load", 20, () -> session.state() == CheckpointSession.State.LOADED);
        assertThat(robot.lookup("#warnings-banner").tryQuery()).isPresent();
        assertThat(robot.lookup("#warnings-summary").queryAs(Label.class).getText()).startsWith("3 warnings");
        robot.clickOn("#warnings-toggle");
        @SuppressWarnings("unchecked")
        ListView<String> list = robot.lookup("#warnings-list").queryAs(ListView.class);
        assertThat(list.isVisible()).isTrue();
        assertThat(list.getItems()).anyMatch(w -> w.contains("core-12.img"));
        assertThat(robot.lookup("#overview-container-name").queryAs(Label.class).getText()).isEqualTo("ci-fixture");
        screenshot(stage.getScene(), "10-warnings");
    }

    @Test
    void truncatedArchiveShowsEverythingBeforeTheCutWithOneWarning(FxRobot robot) throws Exception {
        // The demo archive with the last 4 KiB of pages-5.img and everything after it lost, as evidence arrives.
        byte[] tar = Files.readAllBytes(Fixtures.DIR.resolve("podman-none.tar"));
        int pages5End = indexOf(tar, "checkpoint/pages-5.img") + 512 + 1126400;
        Path cut = Files.write(tmp.resolve("cut.tar.zst"),
                com.github.luben.zstd.Zstd.compress(java.util.Arrays.copyOf(tar, pages5End - 4096)));
        CheckpointSession session = fx(() -> ui.window.open(cut));
        waitFor("the cut checkpoint to load", 20, () -> session.state() == CheckpointSession.State.LOADED);
        assertThat(robot.lookup("#overview-container-name").queryAs(Label.class).getText()).isEqualTo("ci-fixture");
        assertThat(robot.lookup("#warnings-summary").queryAs(Label.class).getText()).startsWith("1 warning");
        robot.clickOn("#warnings-toggle");
        @SuppressWarnings("unchecked")
        ListView<String> list = robot.lookup("#warnings-list").queryAs(ListView.class);
        assertThat(list.getItems()).containsExactly(cut + ": the archive is cut short inside entry "
                + "checkpoint/pages-5.img (1126400 bytes declared, 1122304 present): that entry is left out and"
                + " nothing after it was read");
        screenshot(stage.getScene(), "10b-truncated");
    }

    private static int indexOf(byte[] data, String text) {
        byte[] needle = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + needle.length <= data.length; i += 512) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(text + " not found");
    }

    @Test
    void ctrlPageDownSwitchesCheckpointsWhereverTheFocusIs(FxRobot robot) throws Exception {
        CheckpointSession demo = openDemo(robot);
        Path second = Files.copy(Fixtures.DIR.resolve("podman-none.tar"), tmp.resolve("second.tar"));
        CheckpointSession other = fx(() -> ui.window.open(second));
        waitFor("the second checkpoint", 20, () -> other.state() == CheckpointSession.State.LOADED);
        javafx.scene.control.TabPane tabs = fx(() -> (javafx.scene.control.TabPane) stage.getScene()
                .lookup("#checkpoint-tabs"));
        fxRun(() -> tabs.getSelectionModel().select(0));
        showView(robot, 4, "raw");
        TableView<?> entries = fx(() -> (TableView<?>) tabs.getSelectionModel().getSelectedItem().getContent()
                .lookup("#raw-entries"));
        fxRun(() -> {
            entries.getSelectionModel().select(3);
            entries.requestFocus();
        });
        robot.press(KeyCode.CONTROL, KeyCode.PAGE_DOWN).release(KeyCode.PAGE_DOWN, KeyCode.CONTROL);
        assertThat(fx(() -> tabs.getSelectionModel().getSelectedIndex())).isEqualTo(1);
        robot.press(KeyCode.CONTROL, KeyCode.PAGE_UP).release(KeyCode.PAGE_UP, KeyCode.CONTROL);
        assertThat(fx(() -> tabs.getSelectionModel().getSelectedIndex())).isZero();
        assertThat(demo.state()).isEqualTo(CheckpointSession.State.LOADED);
    }

    @Test
    void aSingleCellCopiesFromTheContextMenu(FxRobot robot) {
        openDemo(robot);
        showView(robot, 4, "raw");
        Node cell = robot.lookup("#raw-entries .table-cell").match(n -> n instanceof javafx.scene.control.TableCell<?, ?> c
                && "spec.dump".equals(c.getItem())).query();
        TableView<?> entries = robot.lookup("#raw-entries").queryAs(TableView.class);
        copyCellVia(entries, cell);
        assertThat(fx(() -> Clipboard.getSystemClipboard().getString())).isEqualTo("spec.dump");
        Node size = fx(() -> {
            var row = cell.getParent();
            return row.lookupAll(".table-cell").stream().filter(n -> ((javafx.scene.control.TableCell<?, ?>) n)
                    .getTableColumn().getText().equals("Size")).findFirst().orElseThrow();
        });
        copyCellVia(entries, size);
        assertThat(fx(() -> Clipboard.getSystemClipboard().getString())).matches("\\d{5}");
    }

    /** Opens the table's context menu on node (as a right-click does) and picks Copy cell. */
    private static void copyCellVia(TableView<?> table, Node node) {
        fxRun(() -> {
            javafx.geometry.Bounds b = node.localToScene(node.getBoundsInLocal());
            node.fireEvent(new javafx.scene.input.ContextMenuEvent(
                    javafx.scene.input.ContextMenuEvent.CONTEXT_MENU_REQUESTED, b.getCenterX(), b.getCenterY(),
                    b.getCenterX(), b.getCenterY(), false, new javafx.scene.input.PickResult(node, b.getCenterX(),
                    b.getCenterY())));
            table.getContextMenu().hide();
            javafx.scene.control.MenuItem item = table.getContextMenu().getItems().stream()
                    .filter(i -> "Copy cell".equals(i.getText())).findFirst().orElseThrow();
            assertThat(item.isDisable()).isFalse();
            item.fire();
        });
    }

    @Test
    void theShortcutListIsAligned() {
        javafx.scene.layout.GridPane grid = fx(MainWindow::shortcutsGrid);
        assertThat(grid.getChildren()).hasSize(2 * MainWindow.SHORTCUTS.size());
        assertThat(grid.getChildren().stream().filter(n -> javafx.scene.layout.GridPane.getColumnIndex(n) == 0)
                .map(n -> ((Label) n).getText())).containsExactlyElementsOf(MainWindow.SHORTCUTS.stream()
                        .map(r -> r[0]).toList());
    }

    @Test
    void cancelStopsALoad(FxRobot robot) throws Exception {
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        CheckpointLoader engine = CheckpointLoader.engine();
        ui.loader = (path, listener) -> {
            try {
                return engine.load(path, new InspectListener() {
                    @Override
                    public void progress(long done, long total, String entry) {
                        listener.progress(done, total, entry);
                        started.countDown();
                        sleep(150); // every entry takes a while: about 10 s for the whole demo
                    }

                    @Override
                    public boolean isCancelled() {
                        return listener.isCancelled();
                    }
                });
            } catch (Throwable t) {
                outcome.set(t);
                throw t;
            } finally {
                ended.countDown();
            }
        };
        fxRun(() -> ui.window.open(Fixtures.path("podman-zstd.tar.zst")));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        waitFor("the entry name", 5, () -> robot.lookup("#load-entry").tryQuery()
                .map(n -> !((Label) n).getText().equals("Opening…")).orElse(false));
        screenshot(stage.getScene(), "08-loading");
        long clicked = System.nanoTime();
        robot.clickOn("#cancel-load");
        assertThat(ended.await(5, TimeUnit.SECONDS)).as("the engine stopped").isTrue();
        assertThat((System.nanoTime() - clicked) / 1_000_000).isLessThan(3000);
        assertThat(outcome.get()).isInstanceOf(CancellationException.class);
        waitFor("the cancelled message", 5, () -> robot.lookup("#cancelled-banner").tryQuery().isPresent());
        CheckpointSession session = fx(() -> ui.window.sessions().get(0));
        assertThat(session.state()).isEqualTo(CheckpointSession.State.CANCELLED);
        assertThat(session.loaded()).isNull();
    }

    @Test
    void severalCheckpointsOpenAndCloseWithCtrlW(FxRobot robot) {
        openDemo(robot);
        CheckpointSession second = fx(() -> ui.window.open(Fixtures.path("podman-none.tar")));
        waitFor("the second checkpoint", 20, () -> second.state() == CheckpointSession.State.LOADED);
        assertThat(fx(() -> ui.window.sessions().size())).isEqualTo(2);
        assertThat(new RecentFiles(new AppPreferences(ui.prefsNode)).items())
                .contains(Fixtures.path("podman-none.tar").toAbsolutePath().normalize());
        robot.press(KeyCode.CONTROL, KeyCode.W).release(KeyCode.W, KeyCode.CONTROL);
        waitFor("one tab left", 5, () -> ui.window.sessions().size() == 1);
        robot.press(KeyCode.CONTROL, KeyCode.W).release(KeyCode.W, KeyCode.CONTROL);
        waitFor("the welcome screen", 5, () -> robot.lookup("#welcome").tryQuery().map(Node::isVisible)
                .orElse(false));
        // The demo is not remembered (its copy is deleted on exit); the real file is.
        assertThat(fx(() -> robot.lookup("#recent-list").queryListView().getItems().size())).isEqualTo(1);
        screenshot(stage.getScene(), "11-welcome-recent");
    }

    @Test
    void darkThemeIsReadable(FxRobot robot) {
        openDemo(robot);
        fxRun(() -> stage.getScene().getStylesheets().add(
                MainWindow.class.getResource(MainWindow.DARK_CSS).toExternalForm()));
        screenshot(stage.getScene(), "12-overview-dark");
        showView(robot, 1, "processes");
        screenshot(stage.getScene(), "13-processes-dark");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
