package io.checkpointinspector.ui;

import static io.checkpointinspector.ui.UiTestSupport.fx;
import static io.checkpointinspector.ui.UiTestSupport.fxRun;
import static io.checkpointinspector.ui.UiTestSupport.screenshot;
import static io.checkpointinspector.ui.UiTestSupport.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.checkpointinspector.discover.CheckpointFinder;
import io.checkpointinspector.discover.FoundCheckpoint;
import io.checkpointinspector.discover.Place;
import io.checkpointinspector.discover.PlaceKind;
import io.checkpointinspector.discover.Places;
import io.checkpointinspector.discover.ScanLimits;
import io.checkpointinspector.inspect.Fixtures;
import io.checkpointinspector.ui.session.CheckpointSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TitledPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The welcome screen's "Checkpoints on this machine": the real finder over folders of real fixture checkpoints (a
 * kubelet-like folder, a recent folder), a place that is missing, a file that is no checkpoint; opening a row.
 */
@ExtendWith(ApplicationExtension.class)
class WelcomeMachineCheckpointsTest {

    private static final Path KUBELET = tmpPath("kubelet");
    private static final Path RECENT = tmpPath("recent");
    private static final AtomicInteger SEARCHES = new AtomicInteger();

    private final UiTestSupport ui = new UiTestSupport();
    private Stage stage;

    private static Path tmpPath(String name) {
        try {
            return Files.createTempDirectory("welcome-" + name);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Start
    void start(Stage s) throws Exception {
        stage = s;
        Files.copy(Fixtures.path("podman-zstd.tar.zst"), KUBELET.resolve("checkpoint-ci-fixture.tar.zst"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Fixtures.path("podman-none.tar"), RECENT.resolve("plain.tar"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(RECENT.resolve("notes.txt"), "no checkpoint: not listed");
        // gzip's magic, then bytes that are no deflate stream
        byte[] broken = new byte[4096];
        new java.util.Random(7).nextBytes(broken);
        broken[0] = 0x1f;
        broken[1] = (byte) 0x8b;
        broken[2] = 8;
        broken[3] = 0;
        Files.write(RECENT.resolve("broken.tar.gz"), broken);
        // a checkpoint cut short: read in part, listed with its warning
        byte[] whole = Files.readAllBytes(Fixtures.path("podman-none.tar"));
        Files.write(KUBELET.resolve("cut.tar"), java.util.Arrays.copyOf(whole, 64 * 1024));
        // What CheckpointSearch.machine does, with test folders for kubelet's and a missing one for Podman's.
        ui.search = (recent, cancelled) -> {
            SEARCHES.incrementAndGet();
            List<Place> places = new ArrayList<>();
            places.add(new Place(KUBELET, PlaceKind.KUBELET));
            places.add(new Place(KUBELET.resolveSibling("no-such-storage"), PlaceKind.PODMAN_STORAGE));
            places.addAll(Places.recentFolders(recent));
            return new CheckpointFinder(ScanLimits.defaults()).scan(places, cancelled);
        };
        ui.prefsNode.put("recent.0", RECENT.resolve("plain.tar").toString());
        ui.start(s);
    }

    @AfterEach
    void tearDown() {
        ui.stop();
    }

    @AfterAll
    static void deleteFolders() throws java.io.IOException {
        for (Path dir : List.of(KUBELET, RECENT)) {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    @SuppressWarnings("unchecked")
    private static TableView<FoundCheckpoint> table(FxRobot robot) {
        return robot.lookup("#machine-table").queryAs(TableView.class);
    }

    private static String summary(FxRobot robot) {
        return fx(() -> robot.lookup("#machine-summary").queryAs(Label.class).getText());
    }

    @Test
    void listsWhatTheFinderReadsAndOpensARowWithEnter(FxRobot robot) throws Exception {
        try {
            waitFor("the search result", 30, () -> summary(robot).contains(" ms)"));
        } catch (AssertionError e) {
            throw new AssertionError("summary: '" + summary(robot) + "' searches " + SEARCHES.get(), e);
        }
        assertThat(summary(robot)).matches("4 checkpoints in 3 places \\(\\d+ ms\\) · 1 note");
        List<FoundCheckpoint> rows = fx(() -> List.copyOf(table(robot).getItems()));
        assertThat(rows).hasSize(4);
        // the two fixtures, read, newest first, then the file
        // that is no gzip stream
        assertThat(rows.subList(0, 2)).allSatisfy(r -> {
            assertThat(r.container()).isEqualTo(Fixtures.expected().path("containerName").asText());
            assertThat(r.engine()).isEqualTo("Podman");
            assertThat(r.error()).isNull();
            assertThat(r.bytes()).isEqualTo(Files.size(Path.of(r.path())));
        });
        assertThat(rows).extracting(FoundCheckpoint::place).containsExactlyInAnyOrder(PlaceKind.KUBELET,
                PlaceKind.KUBELET, PlaceKind.RECENT, PlaceKind.RECENT);
        // the cut one has no time (the cut came before stats-dump): after those with one, before the unreadable
        FoundCheckpoint cut = rows.get(2);
        assertThat(cut.path()).isEqualTo(KUBELET.resolve("cut.tar").toString());
        assertThat(cut.error()).isNull();
        assertThat(cut.warnings()).singleElement().asString().contains("cut short inside entry checkpoint/");
        assertThat((String) fx(() -> table(robot).getColumns().get(4).getCellData(2))).isEqualTo("cut.tar (1 warning)");
        FoundCheckpoint broken = rows.get(3);
        assertThat(broken.path()).isEqualTo(RECENT.resolve("broken.tar.gz").toString());
        assertThat(broken.error()).isNotBlank();
        assertThat((String) fx(() -> table(robot).getColumns().get(1).getCellData(3))).isEqualTo("(unreadable)");
        assertThat((String) fx(() -> table(robot).getColumns().get(0).getCellData(0)))
                .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        assertThat((String) fx(() -> table(robot).getColumns().get(4).getCellData(0)))
                .isEqualTo(Path.of(rows.get(0).path()).getFileName().toString());
        assertThat((String) fx(() -> table(robot).getColumns().get(5).getCellData(0)))
                .endsWith(" " + Path.of(rows.get(0).path()).getParent());

        // the missing storage folder is a note, not an error
        TitledPane notes = robot.lookup("#machine-notes-pane").queryAs(TitledPane.class);
        assertThat(fx(notes::isVisible)).isTrue();
        assertThat(fx(notes::getText)).isEqualTo("Places skipped or cut short (1)");
        fxRun(() -> notes.setExpanded(true));
        assertThat(fx(() -> robot.lookup("#machine-notes").queryAs(javafx.scene.control.ListView.class)
                .getItems().get(0).toString())).contains("no-such-storage");
        screenshot(stage.getScene(), "01b-welcome-machine-checkpoints");
        fxRun(() -> {
            stage.setWidth(1024);
            stage.setHeight(700);
        });
        waitFor("the layout at 1024x700", 5, () -> fx(() -> stage.getScene().getWidth()) <= 1024);
        screenshot(stage.getScene(), "01c-welcome-1024x700");
        fxRun(() -> notes.setExpanded(false));

        int kubelet = rows.indexOf(rows.stream().filter(r -> r.place() == PlaceKind.KUBELET).findFirst()
                .orElseThrow());
        fxRun(() -> {
            table(robot).requestFocus();
            table(robot).getSelectionModel().clearAndSelect(kubelet);
        });
        robot.type(KeyCode.ENTER);
        waitFor("the kubelet checkpoint open in a tab", 30, () -> ui.window.sessions().size() == 1
                && ui.window.sessions().get(0).state() == CheckpointSession.State.LOADED);
        assertThat(fx(() -> ui.window.sessions().get(0).path()))
                .isEqualTo(KUBELET.resolve("checkpoint-ci-fixture.tar.zst"));
    }

    @Test
    void cancelStopsASearchThatTakesLong(FxRobot robot) throws Exception {
        waitFor("the first search", 30, () -> summary(robot).contains(" ms)"));
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean sawCancel = new java.util.concurrent.atomic.AtomicBoolean();
        ui.search = (recent, cancelled) -> {
            started.countDown();
            while (!cancelled.getAsBoolean()) {
                Thread.onSpinWait();
            }
            sawCancel.set(true);
            return new io.checkpointinspector.discover.ScanReport(List.of(), List.of(), List.of(), 0, true);
        };
        robot.clickOn("#machine-refresh");
        assertThat(started.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        Button cancel = robot.lookup("#machine-cancel").queryAs(Button.class);
        waitFor("the Cancel button", 5, () -> fx(cancel::isVisible));
        assertThat(summary(robot)).isEqualTo("Looking for checkpoints…");
        robot.clickOn(cancel);
        waitFor("the search to stop", 10, sawCancel::get);
        waitFor("the summary", 5, () -> summary(robot).equals("Search cancelled."));
        assertThat(fx(cancel::isVisible)).isFalse();
        assertThat(fx(() -> robot.lookup("#machine-refresh").queryAs(Button.class).isDisabled())).isFalse();
        // what the first search found stays listed
        assertThat(fx(() -> table(robot).getItems().size())).isEqualTo(4);
    }

    @Test
    void refreshFindsANewCheckpointAndTheButtonWaitsForTheSearch(FxRobot robot) throws Exception {
        waitFor("the first search", 30, () -> summary(robot).contains(" ms)"));
        assertThat(summary(robot)).startsWith("4 checkpoints");
        int before = SEARCHES.get();
        Path added = RECENT.resolve("later.tar.gz");
        Files.copy(Fixtures.path("podman-gzip.tar.gz"), added);
        try {
            Button refresh = robot.lookup("#machine-refresh").queryAs(Button.class);
            robot.clickOn(refresh);
            waitFor("the second search", 30, () -> summary(robot).startsWith("5 checkpoints"));
            assertThat(SEARCHES.get()).isEqualTo(before + 1);
            assertThat(fx(() -> table(robot).getItems().stream().map(FoundCheckpoint::path).toList()))
                    .contains(added.toString());
            assertThat(fx(refresh::isDisabled)).isFalse();
        } finally {
            Files.delete(added);
        }
    }
}
