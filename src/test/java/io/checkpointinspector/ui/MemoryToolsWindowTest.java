package io.checkpointinspector.ui;

import static io.checkpointinspector.ui.UiTestSupport.fx;
import static io.checkpointinspector.ui.UiTestSupport.fxRun;
import static io.checkpointinspector.ui.UiTestSupport.screenshot;
import static io.checkpointinspector.ui.UiTestSupport.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.checkpointinspector.inspect.MemoryString;
import io.checkpointinspector.model.ProcessInfo;
import io.checkpointinspector.ui.session.CheckpointSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeTableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The memory tools on the demo (the real Podman fixture): the Strings pane and Save as core file…. */
@ExtendWith(ApplicationExtension.class)
class MemoryToolsWindowTest {

    private static final String RECORD7 = "CKPT-INSPECTOR-MARKER-00000007";
    private static final long RECORD7_AT = 0x7f2fa931d0d9L;

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

    private void openDemo(FxRobot robot) {
        robot.clickOn("#open-demo");
        CheckpointSession session = fx(() -> ui.window.sessions().get(0));
        waitFor("the demo to load", 20, () -> session.state() == CheckpointSession.State.LOADED);
    }

    private void showView(FxRobot robot, int index, String id) {
        robot.press(KeyCode.CONTROL, KeyCode.getKeyCode(String.valueOf(index + 1))).release(
                KeyCode.getKeyCode(String.valueOf(index + 1)), KeyCode.CONTROL);
        waitFor("view " + id, 10, () -> robot.lookup("#" + id).tryQuery().map(Node::isVisible).orElse(false));
    }

    @Test
    void stringsPaneListsFiltersAndJumpsToTheBytes(FxRobot robot) {
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
        fxRun(() -> robot.lookup("#memory-lower").queryAs(TabPane.class).getSelectionModel().select(2));
        waitFor("the strings pane", 5, () -> robot.lookup("#memory-strings-list").tryQuery()
                .map(Node::isVisible).orElse(false));
        assertThat(fx(() -> robot.lookup("#memory-strings-status").queryAs(Label.class).getText()))
                .isEqualTo("Press List strings for PID 11.");
        robot.clickOn("#memory-strings-list");
        @SuppressWarnings("unchecked")
        TableView<MemoryString> table = robot.lookup("#memory-strings-table").queryAs(TableView.class);
        waitFor("the strings of pid 11", 30, () -> !robot.lookup("#memory-strings-list").queryButton().isDisabled()
                && !table.getItems().isEmpty());
        String status = fx(() -> robot.lookup("#memory-strings-status").queryAs(Label.class).getText());
        // 1 MiB of 31-byte records, each a string, plus the rest of the worker's memory.
        assertThat(status).matches("[0-9,]+ strings in .* of dumped memory");
        assertThat(fx(() -> table.getItems().size())).isGreaterThan((1 << 20) / 31);
        assertThat(fx(() -> table.getItems().stream().allMatch(s -> s.pid() == 11 && s.length() >= 6))).isTrue();

        robot.clickOn("#memory-strings-filter").write("MARKER-00000007");
        waitFor("the filter", 5, () -> table.getItems().size() == 1);
        MemoryString only = fx(() -> table.getItems().get(0));
        assertThat(only.text()).isEqualTo(RECORD7);
        assertThat(only.address()).isEqualTo(RECORD7_AT);
        assertThat(fx(() -> robot.lookup("#memory-strings-status").queryAs(Label.class).getText()))
                .contains("· 1 contain \"marker-00000007\"");
        screenshot(stage.getScene(), "04d-memory-strings");

        Node row = robot.lookup("#memory-strings-table .table-row-cell").queryAll().stream()
                .filter(n -> n.isVisible() && ((javafx.scene.control.TableRow<?>) n).getItem() != null).findFirst()
                .orElseThrow();
        robot.doubleClickOn(row);
        waitFor("the bytes of the string", 10, () -> fx(() -> robot.lookup("#memory-area-bytes")
                .queryAs(TextArea.class).getText()).contains("7f2fa931d0d0"));
        String bytes = fx(() -> robot.lookup("#memory-area-bytes").queryAs(TextArea.class).getText());
        // The page starts at the string's row of 16: 0x...d0d0, and the record follows at d0d9.
        assertThat(bytes.lines().findFirst().orElseThrow()).startsWith("00007f2fa931d0d0").contains("|00000006.CKPT-IN|");
        assertThat(bytes).contains("CKPT-INS");
    }

    @Test
    void saveAsCoreFileWritesWhereChosenAndRefusesAnExistingFile(FxRobot robot) throws Exception {
        openDemo(robot);
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
        Button save = robot.lookup("#process-save-core").queryButton();
        waitFor("Save as core file… enabled", 5, () -> !save.isDisabled());
        robot.clickOn(save);
        waitFor("the core file dialog", 10, () -> robot.lookup("#core-target").tryQuery().isPresent());
        TextField target = robot.lookup("#core-target").queryAs(TextField.class);
        assertThat(fx(() -> target.getText())).endsWith("fixture-worker-11.core");
        Path existing = Files.writeString(tmp.resolve("existing.core"), "keep me");
        fxRun(() -> target.setText(existing.toString()));
        Button ok = robot.lookup("#core-save").queryButton();
        assertThat(fx(() -> ok.isDisabled())).isTrue();
        assertThat(fx(() -> robot.lookup("#core-reason").queryAs(Label.class).getText()))
                .contains("exists; tick Replace");
        Path core = tmp.resolve("worker.core");
        fxRun(() -> target.setText(core.toString()));
        assertThat(fx(() -> ok.isDisabled())).isFalse();
        screenshot(target.getScene(), "27-core-file-dialog");
        robot.clickOn(ok);
        Label status = robot.lookup("#core-status").queryAs(Label.class);
        waitFor("the core file", 30, () -> status.getText().startsWith("Wrote "));
        String text = fx(() -> status.getText());
        assertThat(text).startsWith("Wrote " + core + ": ").contains("4 threads").contains("Left out 15 ranges")
                .contains("gdb -c " + core);
        byte[] head = Arrays.copyOf(Files.readAllBytes(core), 20);
        assertThat(Arrays.copyOf(head, 4)).isEqualTo(new byte[] {0x7f, 'E', 'L', 'F'});
        assertThat(head[16]).isEqualTo((byte) 4); // ET_CORE
        assertThat(Files.readString(existing)).isEqualTo("keep me");
        // Written once: Save is off for that file (it exists now), without an error shown for it.
        assertThat(fx(() -> ok.isDisabled())).isTrue();
        assertThat(fx(() -> robot.lookup("#core-reason").queryAs(Label.class).getText())).isEmpty();
        screenshot(target.getScene(), "27b-core-file-written");
        assertThat(List.of(fx(() -> robot.lookup("#core-cancel").queryButton().getText()))).containsExactly("Close");
        robot.clickOn("#core-cancel");
        waitFor("the dialog to close", 5, () -> robot.lookup("#core-target").tryQuery().isEmpty());
    }

    @Test
    void searchByRegexAndUtf16InChosenAreas(FxRobot robot) {
        openDemo(robot);
        showView(robot, 2, "memory");
        fxRun(() -> robot.lookup("#memory-lower").queryAs(TabPane.class).getSelectionModel().select(1));
        @SuppressWarnings("unchecked")
        TableView<io.checkpointinspector.inspect.MemoryHit> hits = robot.lookup("#memory-hits")
                .queryAs(TableView.class);
        Label status = robot.lookup("#memory-search-status").queryAs(Label.class);
        TextField query = robot.lookup("#memory-search-field").queryAs(TextField.class);
        Runnable search = () -> {
            robot.clickOn("#memory-search-field").type(KeyCode.ENTER);
            waitFor("the search", 20, () -> robot.lookup("#memory-search-cancel").queryButton().isDisabled()
                    && (status.getText().contains(" in ") || status.getText().contains("not valid")));
        };

        robot.clickOn("#memory-search-regex");
        fxRun(() -> query.setText("CKPT-INSPECTOR-MARKER-0000000[7-8]\\n"));
        search.run();
        assertThat(fx(() -> hits.getItems().stream().map(h -> h.address()).toList()))
                .containsExactly(RECORD7_AT, RECORD7_AT + 31);
        assertThat(fx(() -> hits.getItems().get(0).matchLength())).isEqualTo(RECORD7.length() + 1);
        assertThat(fx(() -> status.getText())).startsWith("2 hits in ").contains("of 5 processes · took ");

        // Only the worker, only anonymous rw areas: the records are there.
        fxRun(() -> {
            @SuppressWarnings("unchecked")
            javafx.scene.control.ComboBox<String> process = robot.lookup("#memory-search-process")
                    .queryAs(javafx.scene.control.ComboBox.class);
            process.setValue(process.getItems().stream().filter(t -> t.startsWith("11 ")).findFirst()
                    .orElseThrow());
            @SuppressWarnings("unchecked")
            javafx.scene.control.ComboBox<String> kind = robot.lookup("#memory-search-kind")
                    .queryAs(javafx.scene.control.ComboBox.class);
            kind.setValue("anon");
            robot.lookup("#memory-search-perms").queryAs(TextField.class).setText("rw");
        });
        search.run();
        assertThat(fx(() -> hits.getItems().size())).isEqualTo(2);
        assertThat(fx(() -> status.getText())).startsWith("2 hits in anon areas with rw: ").contains("of 1 process · took ");
        screenshot(stage.getScene(), "04e-memory-search-regex");

        // The heap holds none of them.
        fxRun(() -> robot.lookup("#memory-search-kind").queryAs(javafx.scene.control.ComboBox.class)
                .setValue("heap"));
        search.run();
        assertThat(fx(() -> hits.getItems().size())).isZero();
        assertThat(fx(() -> status.getText())).startsWith("0 hits in heap areas with rw: ");

        fxRun(() -> query.setText("(unclosed"));
        robot.clickOn("#memory-search-field").type(KeyCode.ENTER);
        waitFor("the regex error", 5, () -> status.getText().contains("not a valid regular expression"));

        // UTF-16LE: the fixture's records are single-byte text, so the same text as UTF-16 is not there.
        robot.clickOn("#memory-search-utf16");
        fxRun(() -> {
            robot.lookup("#memory-search-kind").queryAs(javafx.scene.control.ComboBox.class).setValue("anon");
            query.setText(RECORD7);
        });
        search.run();
        assertThat(fx(() -> hits.getItems().size())).isZero();
        assertThat(fx(() -> status.getText())).startsWith("0 hits in anon areas with rw: ");
    }
}
