package io.checkpointinspector.ui;

import static io.checkpointinspector.ui.UiTestSupport.fx;
import static io.checkpointinspector.ui.UiTestSupport.fxRun;
import static io.checkpointinspector.ui.UiTestSupport.screenshot;
import static io.checkpointinspector.ui.UiTestSupport.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdOutputStream;
import io.checkpointinspector.inspect.Fixtures;
import io.checkpointinspector.inspect.MemoryHit;
import io.checkpointinspector.inspect.PreDumpFixtures;
import io.checkpointinspector.model.ProcessInfo;
import io.checkpointinspector.model.Vma;
import io.checkpointinspector.text.HexDump;
import io.checkpointinspector.ui.session.CheckpointSession;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The window and a pre-dump chain: the synthetic pair of {@link PreDumpFixtures} (the real Podman fixture split into
 * a pre-dump and its child). Opening both together gives one tab read through the chain; the child alone says where
 * its bytes are.
 */
@ExtendWith(ApplicationExtension.class)
class PreDumpChainWindowTest {

    private static PreDumpFixtures chain;

    private final UiTestSupport ui = new UiTestSupport();
    private Stage stage;

    @TempDir
    Path tmp;

    @BeforeAll
    static void fixtures() throws Exception {
        chain = new PreDumpFixtures();
    }

    @Start
    void start(Stage s) {
        stage = s;
        ui.start(s);
    }

    @AfterEach
    void tearDown() {
        ui.stop();
    }

    private CheckpointSession onlySession() {
        return fx(() -> ui.window.sessions().get(0));
    }

    private void waitForChained(int tabs) {
        waitFor("one tab read through the chain", 30, () -> ui.window.sessions().size() == tabs
                && ui.window.sessions().get(0).state() == CheckpointSession.State.LOADED
                && ui.window.sessions().get(0).loaded().chained());
    }

    private void showView(FxRobot robot, int index, String id) {
        fxRun(() -> ui.window.selectedView().orElseThrow().views().select(index));
        waitFor("view " + id, 10, () -> robot.lookup("#" + id).tryQuery().map(Node::isVisible).orElse(false));
    }

    /** Selects pid in the Memory view and goes to address; returns the bytes pane's text once it shows it. */
    private String bytesAt(FxRobot robot, int pid, long address) {
        TableView<?> processes = robot.lookup("#memory-processes").queryAs(TableView.class);
        fxRun(() -> {
            for (int i = 0; i < processes.getItems().size(); i++) {
                if (((ProcessInfo) processes.getItems().get(i)).pid() == pid) {
                    processes.getSelectionModel().clearAndSelect(i);
                }
            }
        });
        TextField go = robot.lookup("#memory-area-bytes-goto").queryAs(TextField.class);
        fxRun(() -> {
            go.setText("0x" + Long.toHexString(address));
            go.fireEvent(new javafx.event.ActionEvent());
        });
        String row = String.format(java.util.Locale.ROOT, "%016x", address & ~15L);
        waitFor("the bytes at 0x" + Long.toHexString(address), 20, () -> robot.lookup("#memory-area-bytes")
                .tryQueryAs(TextArea.class).map(t -> t.getText().contains(row)).orElse(false));
        return fx(() -> robot.lookup("#memory-area-bytes").queryAs(TextArea.class).getText());
    }

    /** The hex dump row of address's 16 bytes as the fixture planted them in the chain. */
    private static String expectedRow(int pid, long address) {
        long page = address & ~(PreDumpFixtures.PAGE - 1L);
        byte[] bytes = chain.chained(pid).get(page);
        int off = (int) ((address & ~15L) - page);
        return HexDump.of(address & ~15L, Arrays.copyOfRange(bytes, off, off + 16), List.of()).strip();
    }

    @Test
    void droppingChildAndParentOpensOneTabReadThroughTheChain(FxRobot robot) throws Exception {
        Path child = chain.child(tmp);
        Path parent = chain.parent(tmp);
        // What the window's drop handler and Open… (multi-select) call with the files, here parent first.
        fxRun(() -> ui.window.openAll(List.of(parent, child)));
        waitForChained(1);
        CheckpointSession s = onlySession();
        assertThat(s.path()).isEqualTo(child.toAbsolutePath().normalize());
        assertThat(fx(() -> s.parents())).containsExactly(parent.toAbsolutePath().normalize());
        assertThat(fx(() -> s.loaded().checkpoint().parents())).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo(parent.toString());
            assertThat(p.pagesSupplied()).isEqualTo(chain.cleanPages());
            assertThat(p.pagesMissing()).isZero();
        });

        // Overview: the chain, and the child's and the pre-dump's statistics side by side.
        waitFor("the chain card", 10, () -> robot.lookup("#chain-card").tryQuery().isPresent());
        assertThat(gridText(robot, "#chain-facts")).contains("incremental child", "parent → ../pre-checkpoint",
                "Parent 1", parent.toString(), Long.toString(chain.cleanPages()) + " read from it");
        String stats = gridText(robot, "#stats-side-by-side");
        assertThat(stats).contains("This checkpoint", "Parent 1 (pre-dump)", "7.8 ms", "12.3 ms", "3.3 ms");
        scrollTo(robot, "#chain-card");
        screenshot(stage.getScene(), "30-chain-overview-with-parent");
        scrollTo(robot, "#stats-card");
        screenshot(stage.getScene(), "30b-chain-stats-with-parent");

        // Memory: a page that lives only in the parent shows the parent's bytes, exactly as planted.
        showView(robot, 2, "memory");
        long marker = chain.parentOnlyMarker(1);
        String text = bytesAt(robot, 1, marker);
        assertThat(text).contains(expectedRow(1, marker)).doesNotContain("in the parent checkpoint (open it");
        assertThat(fx(() -> robot.lookup("#memory-chain-note").queryAs(Label.class).getText()))
                .contains("read through the parent " + parent.getFileName());
        screenshot(stage.getScene(), "31-chain-memory-with-parent");

        // A search finds the marker that only the parent holds, and the one spanning a child and a parent page.
        fxRun(() -> robot.lookup("#memory-lower").queryAs(TabPane.class).getSelectionModel().select(1));
        TableView<?> hits = robot.lookup("#memory-hits").queryAs(TableView.class);
        robot.clickOn("#memory-search-field").write(PreDumpFixtures.PARENT_ONLY).type(KeyCode.ENTER);
        waitFor("the search", 30, () -> robot.lookup("#memory-search-cancel").queryButton().isDisabled()
                && !hits.getItems().isEmpty());
        List<MemoryHit> found = fx(() -> hits.getItems().stream().map(MemoryHit.class::cast).toList());
        assertThat(found).extracting(MemoryHit::pid).containsExactlyInAnyOrderElementsOf(chain.pids());
        assertThat(found).anySatisfy(h -> {
            assertThat(h.pid()).isEqualTo(1);
            assertThat(h.address()).isEqualTo(marker);
        });
        fxRun(() -> robot.lookup("#memory-search-field").queryAs(TextField.class).setText(PreDumpFixtures.SPAN));
        robot.clickOn("#memory-search-field").type(KeyCode.ENTER);
        waitFor("the span search", 30, () -> robot.lookup("#memory-search-cancel").queryButton().isDisabled()
                && hits.getItems().size() == 1
                && ((MemoryHit) hits.getItems().get(0)).address() == chain.spanMarker());
        // The stale copy the parent keeps of a page the child dumped again is never read.
        fxRun(() -> robot.lookup("#memory-search-field").queryAs(TextField.class).setText(PreDumpFixtures.STALE));
        robot.clickOn("#memory-search-field").type(KeyCode.ENTER);
        waitFor("the stale search", 30, () -> robot.lookup("#memory-search-cancel").queryButton().isDisabled()
                && fx(() -> robot.lookup("#memory-search-status").queryAs(Label.class).getText())
                        .startsWith("0 hits"));
    }

    @Test
    void theChildAloneSaysWhichBytesAreInTheParent(FxRobot robot) throws Exception {
        Path child = chain.child(tmp);
        fxRun(() -> ui.window.open(child));
        CheckpointSession s = onlySession();
        waitFor("the child", 30, () -> s.state() == CheckpointSession.State.LOADED);
        assertThat(fx(() -> s.loaded().chained())).isFalse();
        waitFor("the chain card", 10, () -> robot.lookup("#chain-card").tryQuery().isPresent());
        long page = 4096;
        assertThat(gridText(robot, "#chain-facts")).contains("incremental child", "checkpoint/parent → "
                + "../pre-checkpoint", String.format(java.util.Locale.ROOT, "%,d", chain.cleanPages()),
                "open the parent with this checkpoint");
        assertThat(robot.lookup("#stats-side-by-side").tryQuery()).isEmpty();
        scrollTo(robot, "#chain-card");
        screenshot(stage.getScene(), "32-chain-overview-child-alone");

        showView(robot, 2, "memory");
        long marker = chain.parentOnlyMarker(1);
        String text = bytesAt(robot, 1, marker);
        assertThat(text).contains("in the parent checkpoint (open it with this one to see the bytes)")
                .doesNotContain(PreDumpFixtures.PARENT_ONLY.substring(0, 12));
        List<String> labels = fx(() -> robot.lookup("#memory-area-bytes").query().getParent().lookupAll(".label")
                .stream().filter(Label.class::isInstance).map(n -> ((Label) n).getText()).toList());
        assertThat(labels).anyMatch(t -> t.contains("in the parent checkpoint"));
        // The area table's In parent column: the sum over pid 1's areas is its clean pages.
        @SuppressWarnings("unchecked")
        TableView<Vma> vmas = robot.lookup("#memory-vma-table").queryAs(TableView.class);
        assertThat(fx(() -> vmas.getColumns().stream().map(TableColumn::getText).toList())).contains("In parent");
        long inParent = fx(() -> vmas.getItems().stream().mapToLong(Vma::inParentBytes).sum());
        assertThat(inParent).isEqualTo(chain.inParent(1).size() * page);
        assertThat(fx(() -> robot.lookup("#memory-chain-note").queryAs(Label.class).getText()))
                .contains("not in this one", "Open with parent");
        screenshot(stage.getScene(), "33-chain-memory-child-alone");
    }

    @Test
    void openWithParentAddsTheParentAndCancelGoesBack(FxRobot robot) throws Exception {
        Path child = chain.child(tmp);
        Path parent = chain.parent(tmp);
        fxRun(() -> ui.window.open(child));
        CheckpointSession s = onlySession();
        waitFor("the child", 30, () -> s.state() == CheckpointSession.State.LOADED);
        // Cancel right away: back to the child alone, as it was.
        var before = fx(s::loaded);
        fxRun(() -> {
            ui.window.openWithParents(s, List.of(parent));
            s.cancel();
        });
        assertThat(fx(s::state)).isEqualTo(CheckpointSession.State.LOADED);
        assertThat(fx(s::loaded)).isSameAs(before);
        assertThat(fx(s::parents)).isEmpty();

        fxRun(() -> ui.window.openWithParents(s, List.of(parent)));
        waitForChained(1);
        assertThat(fx(() -> s.loaded().checkpoint().parents())).hasSize(1);
        showView(robot, 2, "memory");
        long marker = chain.parentOnlyMarker(chain.pids().get(chain.pids().size() - 1));
        int pid = chain.pids().get(chain.pids().size() - 1);
        assertThat(bytesAt(robot, pid, marker)).contains(expectedRow(pid, marker));
    }

    @Test
    void checkpointsThatAreNotAChainOpenAsTabsOfTheirOwn() throws Exception {
        Path a = Fixtures.path("podman-none.tar");
        Path b = Fixtures.path("podman-gzip.tar.gz");
        fxRun(() -> ui.window.openAll(List.of(a, b)));
        waitFor("both", 30, () -> ui.window.sessions().size() == 2 && ui.window.sessions().stream()
                .allMatch(x -> x.state() == CheckpointSession.State.LOADED));
        // Give the window the time it would take to join a chain; nothing changes.
        Thread.sleep(300);
        assertThat(fx(() -> ui.window.sessions().stream().map(CheckpointSession::path).toList()))
                .containsExactly(a.toAbsolutePath().normalize(), b.toAbsolutePath().normalize());
        assertThat(fx(() -> ui.window.sessions().stream().noneMatch(x -> x.loaded().chained()))).isTrue();
    }

    @Test
    void aParentThatDoesNotFitIsSaidInTheWarningsBanner(FxRobot robot) throws Exception {
        Path child = chain.child(tmp);
        Path other = chain.parentOfOtherPids(tmp, 1000);
        fxRun(() -> ui.window.openAll(List.of(child, other)));
        waitFor("one tab", 30, () -> ui.window.sessions().size() == 1
                && ui.window.sessions().get(0).state() == CheckpointSession.State.LOADED
                && !ui.window.sessions().get(0).parents().isEmpty());
        assertThat(fx(() -> onlySession().loaded().chained())).isFalse();
        assertThat(warnings(robot)).anyMatch(w -> w.contains(other.toString())
                && w.contains("is not the parent of this checkpoint"));
        fxRun(() -> ui.window.closeSelected());

        Path zst = tmp.resolve("pre-checkpoint.tar.zst");
        try (OutputStream out = new ZstdOutputStream(Files.newOutputStream(zst))) {
            Files.copy(chain.parent(tmp), out);
        }
        fxRun(() -> ui.window.openAll(List.of(zst, child)));
        waitFor("one tab", 30, () -> ui.window.sessions().size() == 1
                && ui.window.sessions().get(0).state() == CheckpointSession.State.LOADED
                && !ui.window.sessions().get(0).parents().isEmpty());
        assertThat(warnings(robot)).anyMatch(w -> w.contains(zst.toString()) && w.contains("zstd-compressed"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> warnings(FxRobot robot) {
        waitFor("the warnings banner", 10, () -> robot.lookup("#warnings-list").tryQuery().isPresent());
        return fx(() -> List.copyOf(robot.lookup("#warnings-list").queryAs(ListView.class).getItems()));
    }

    /** Scrolls the Overview so that the card id is at its top. */
    private static void scrollTo(FxRobot robot, String id) {
        fxRun(() -> {
            javafx.scene.control.ScrollPane scroll = robot.lookup("#overview").queryAs(
                    javafx.scene.control.ScrollPane.class);
            Node card = robot.lookup(id).query();
            Node content = scroll.getContent();
            double y = content.sceneToLocal(card.localToScene(card.getLayoutBounds())).getMinY() - 8;
            double range = scroll.getContent().getLayoutBounds().getHeight() - scroll.getViewportBounds().getHeight();
            scroll.setVvalue(range <= 0 ? 0 : Math.min(1, y / range));
        });
        UiTestSupport.waitFor("the scroll", 5, () -> true);
    }

    private static String gridText(FxRobot robot, String id) {
        return fx(() -> String.join("\n", robot.lookup(id).queryAs(javafx.scene.Parent.class)
                .getChildrenUnmodifiable().stream().filter(Label.class::isInstance)
                .map(n -> ((Label) n).getText()).toList()));
    }
}
