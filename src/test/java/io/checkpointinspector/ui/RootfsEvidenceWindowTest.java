package io.checkpointinspector.ui;

import static io.checkpointinspector.ui.UiTestSupport.fx;
import static io.checkpointinspector.ui.UiTestSupport.fxRun;
import static io.checkpointinspector.ui.UiTestSupport.screenshot;
import static io.checkpointinspector.ui.UiTestSupport.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.checkpointinspector.archive.EvidenceTars;
import io.checkpointinspector.inspect.RootfsIndex;
import io.checkpointinspector.inspect.RootfsTimeline;
import io.checkpointinspector.ui.session.CheckpointSession;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
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

/**
 * The Root FS view as a reviewer uses it: the real checkpoint with a rootfs diff holding every tar type, special
 * mode bits and hostile names; sortable fact columns, the SHA-256 of a large file in the background, the timeline,
 * and counts that follow the filter.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RootfsEvidenceWindowTest {

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

    private void openEvidence(FxRobot robot) throws Exception {
        Path file = EvidenceTars.podmanCheckpoint(tmp.resolve("i14-evidence.tar"));
        CheckpointSession session = fx(() -> ui.window.open(file));
        waitFor("the checkpoint to load", 30, () -> session.state() == CheckpointSession.State.LOADED);
        showRootfs(robot);
    }

    private void showRootfs(FxRobot robot) {
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT4).release(KeyCode.DIGIT4, KeyCode.CONTROL);
        waitFor("the rootfs view", 10, () -> robot.lookup("#rootfs").tryQuery().map(Node::isVisible).orElse(false));
    }

    @SuppressWarnings("unchecked")
    private static TreeTableView<RootfsIndex.Node> tree(FxRobot robot) {
        return robot.lookup("#rootfs-tree").queryAs(TreeTableView.class);
    }

    private static TreeItem<RootfsIndex.Node> item(TreeTableView<RootfsIndex.Node> tree, String path) {
        return fx(() -> {
            ArrayDeque<TreeItem<RootfsIndex.Node>> todo = new ArrayDeque<>(List.of(tree.getRoot()));
            while (!todo.isEmpty()) {
                TreeItem<RootfsIndex.Node> t = todo.poll();
                if (t.getValue().path().equals(path)) {
                    return t;
                }
                todo.addAll(t.getChildren());
            }
            throw new AssertionError(path + " not in the tree");
        });
    }

    private static void select(TreeTableView<RootfsIndex.Node> tree, TreeItem<RootfsIndex.Node> item) {
        fxRun(() -> {
            for (TreeItem<RootfsIndex.Node> p = item.getParent(); p != null; p = p.getParent()) {
                p.setExpanded(true);
            }
            int row = tree.getRow(item);
            assertThat(row).as("row of %s", item.getValue().path()).isNotNegative();
            tree.getSelectionModel().clearAndSelect(row);
            tree.scrollTo(row);
        });
    }

    private static List<Node> visibleCells(FxRobot robot, String text) {
        return robot.lookup(".tree-table-cell").queryAll().stream().filter(Node::isVisible)
                .filter(c -> text.equals(((Labeled) c).getText())).toList();
    }

    private static String factsText(FxRobot robot) {
        return robot.lookup("#rootfs-facts .label").queryAll().stream().map(n -> ((Labeled) n).getText())
                .reduce("", (a, b) -> a + "\n" + b);
    }

    @Test
    void everyEntryIsShownWithItsFactsAndTheAlarmingOnesHighlighted(FxRobot robot) throws Exception {
        openEvidence(robot);
        TreeTableView<RootfsIndex.Node> tree = tree(robot);
        TreeItem<RootfsIndex.Node> hostile = item(tree, RootfsIndex.HOSTILE_PATH);
        assertThat(fx(() -> hostile.getChildren().stream().map(c -> c.getValue().path()).toList()))
                .containsExactlyInAnyOrder("../../etc/shadow", "/etc/cron.d/evil", "/usr/bin/passwd", "/etc/motd");
        assertThat(fx(() -> tree.getRoot().getChildren().get(0))).as("hostile entries on top").isSameAs(hostile);
        assertThat(fx(() -> tree.getColumns().stream().map(TreeTableColumn::getText).toList())).containsExactly(
                "Name", "Size", "Files", "Type", "Mode", "Owner", "Modified", "Flags", "Change");
        assertThat(fx(() -> tree.getColumns().stream().allMatch(TreeTableColumn::isSortable))).isTrue();

        select(tree, item(tree, "/usr/bin/su"));
        waitFor("su's facts", 5, () -> factsText(robot).contains("-rwsr-xr-x (4755)"));
        assertThat(factsText(robot)).contains("root:root (0:0)", "2020-01-01 00:00:00 UTC", "setuid",
                sha256(EvidenceTars.SU));
        screenshot(stage.getScene(), "05-rootfs");
        Node suMode = visibleCells(robot, "-rwsr-xr-x").get(0);
        assertThat(suMode.getStyleClass()).contains("rootfs-alert");
        select(tree, item(tree, "/run/app.fifo"));
        waitFor("the fifo row", 5, () -> !visibleCells(robot, "fifo").isEmpty());
        assertThat(visibleCells(robot, "alice:alice")).isNotEmpty();
        select(tree, item(tree, "/dev/sda"));
        waitFor("the block device row", 5, () -> !visibleCells(robot, "block 8,0").isEmpty());
        select(tree, item(tree, "/dev/null"));
        waitFor("the char device row", 5, () -> !visibleCells(robot, "char 1,3").isEmpty());
        assertThat(visibleCells(robot, "char 1,3").get(0).getStyleClass()).contains("rootfs-alert");

        select(tree, item(tree, "../../etc/shadow"));
        waitFor("the hostile note", 5, () -> factsText(robot).contains("name escapes the root: never saved"));
        assertThat(robot.lookup("#rootfs-save").queryButton().isDisabled()).isTrue();
        assertThat(robot.lookup("#rootfs-preview .placeholder").queryAll().stream()
                .anyMatch(n -> ((Labeled) n).getText().contains("never previewed or written"))).isTrue();

        // Sorting by time puts the backdated setuid file first among /usr/bin's children.
        fxRun(() -> {
            TreeTableColumn<RootfsIndex.Node, ?> modified = tree.getColumns().get(6);
            modified.setSortType(TreeTableColumn.SortType.ASCENDING);
            tree.getSortOrder().setAll(modified);
        });
        TreeItem<RootfsIndex.Node> bin = item(tree, "/usr/bin");
        waitFor("the sort", 5, () -> bin.getChildren().get(0).getValue().path().equals("/usr/bin/su"));
        fxRun(() -> tree.getColumns().get(6).setSortType(TreeTableColumn.SortType.DESCENDING));
        waitFor("the reverse sort", 5, () -> !bin.getChildren().get(0).getValue().path().equals("/usr/bin/su"));
        fxRun(() -> tree.getSortOrder().clear());

        fxRun(() -> {
            stage.setWidth(1024);
            stage.setHeight(700);
        });
        select(tree, item(tree, "/dev/null"));
        try {
            waitFor("the device's facts", 5, () -> factsText(robot).contains("char 1,3"));
        } catch (AssertionError e) {
            throw new AssertionError("facts: " + factsText(robot) + " selected: "
                    + fx(() -> tree.getSelectionModel().getSelectedItem()), e);
        }
        screenshot(stage.getScene(), "05-rootfs-1024x700");
    }

    @Test
    void largeFileIsHashedOnDemandInTheBackground(FxRobot robot) throws Exception {
        openEvidence(robot);
        TreeTableView<RootfsIndex.Node> tree = tree(robot);
        select(tree, item(tree, "/var/big.bin"));
        waitFor("the hash button", 5, () -> robot.lookup("#rootfs-hash").tryQuery().isPresent());
        assertThat(robot.lookup("#rootfs-sha256").tryQuery()).isEmpty();
        robot.clickOn("#rootfs-hash");
        waitFor("the SHA-256", 20, () -> robot.lookup("#rootfs-sha256").tryQuery()
                .map(n -> ((Label) n).getText()).orElse("").equals(sha256Quietly(EvidenceTars.bigContent())));
        // Kept: selecting elsewhere and back shows it without hashing again.
        select(tree, item(tree, "/usr/bin/su"));
        select(tree, item(tree, "/var/big.bin"));
        waitFor("the kept SHA-256", 5, () -> robot.lookup("#rootfs-sha256").tryQuery().isPresent());
        assertThat(robot.lookup("#rootfs-hash").tryQuery()).isEmpty();
    }

    @Test
    void timelineOrdersChangesBetweenCreationAndCheckpointAndFilters(FxRobot robot) throws Exception {
        openEvidence(robot);
        fxRun(() -> robot.lookup("#rootfs-tabs").queryAs(TabPane.class).getSelectionModel().select(1));
        @SuppressWarnings("unchecked")
        TableView<RootfsTimeline.Row> table = robot.lookup("#rootfs-timeline").queryAs(TableView.class);
        waitFor("the timeline", 5, table::isVisible);
        List<RootfsTimeline.Row> rows = fx(() -> List.copyOf(table.getItems()));
        assertThat(rows).hasSize(16 + 2);
        assertThat(rows.get(0).entry().path()).as("the backdated setuid file first").isEqualTo("/usr/bin/su");
        assertThat(rows.get(1).mark()).isEqualTo(RootfsTimeline.Mark.CREATED);
        assertThat(rows.get(rows.size() - 2).entry().path()).isEqualTo("/home/alice/late.txt");
        assertThat(rows.get(rows.size() - 1).mark()).isEqualTo(RootfsTimeline.Mark.CHECKPOINTED);
        screenshot(stage.getScene(), "05b-rootfs-timeline-all");

        fxRun(() -> robot.lookup("#rootfs-since-creation").queryAs(CheckBox.class).setSelected(true));
        List<RootfsTimeline.Row> since = fx(() -> List.copyOf(table.getItems()));
        assertThat(since).hasSize(15 + 2);
        assertThat(since).noneMatch(r -> r.entry() != null && r.entry().path().equals("/usr/bin/su"));
        assertThat(robot.lookup("#rootfs-timeline-count").queryAs(Label.class).getText()).isEqualTo("15 of 16 entries");
        screenshot(stage.getScene(), "05b-rootfs-timeline");
        fxRun(() -> {
            stage.setWidth(1024);
            stage.setHeight(700);
        });
        screenshot(stage.getScene(), "05b-rootfs-timeline-1024x700");
    }

    /** Issue 15 item 8: the counts beside the filter are those of what the tree shows. */
    @Test
    void filterUpdatesTheCounts(FxRobot robot) {
        robot.clickOn("#open-demo");
        CheckpointSession session = fx(() -> ui.window.sessions().get(0));
        waitFor("the demo to load", 20, () -> session.state() == CheckpointSession.State.LOADED);
        showRootfs(robot);
        Label summary = robot.lookup("#rootfs-summary").queryAs(Label.class);
        assertThat(fx(summary::getText)).isEqualTo("4 files changed (74 B)  ·  1 deleted");
        TextField filter = robot.lookup("#rootfs .filter-field").queryAs(TextField.class);
        robot.clickOn(filter).write("hello");
        waitFor("the filtered counts", 5, () -> summary.getText().startsWith("1 of 4 files"));
        assertThat(fx(summary::getText)).isEqualTo("1 of 4 files (33 B of 74 B)  ·  0 of 1 deleted");
        assertThat(fx(() -> tree(robot).getRoot().getValue().files())).isEqualTo(1);
        fxRun(() -> filter.setText("/etc"));
        waitFor("the filtered counts", 5, () -> summary.getText().startsWith("0 of 4 files"));
        assertThat(fx(summary::getText)).isEqualTo("0 of 4 files (0 B of 74 B)  ·  1 of 1 deleted");
        screenshot(stage.getScene(), "05c-rootfs-filtered");
        fxRun(() -> filter.setText(""));
        waitFor("the whole counts", 5, () -> summary.getText().equals("4 files changed (74 B)  ·  1 deleted"));
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static String sha256Quietly(byte[] data) {
        try {
            return sha256(data);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
