package io.checkpointinspector.ui;

import io.checkpointinspector.runtime.HelperLauncher;
import io.checkpointinspector.ui.common.ErrorText;
import io.checkpointinspector.ui.compare.ComparisonView;
import io.checkpointinspector.ui.compare.ComparisonViewModel;
import io.checkpointinspector.ui.containers.ContainersWindow;
import io.checkpointinspector.ui.image.CheckpointImageDialog;
import io.checkpointinspector.ui.image.CheckpointImageViewModel;
import io.checkpointinspector.ui.report.ReportExport;
import io.checkpointinspector.ui.session.CheckpointSession;
import io.checkpointinspector.ui.shell.SessionView;
import io.checkpointinspector.ui.shell.ViewWarmup;
import io.checkpointinspector.ui.shell.ClassPreload;
import io.checkpointinspector.ui.welcome.MachineCheckpointsModel;
import io.checkpointinspector.ui.welcome.WelcomeView;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Screen;
import javafx.stage.Stage;

/** The inspector window: menus, the welcome screen or one tab per open checkpoint, the status bar. */
public final class MainWindow {

    static final String APP_CSS = "/io/checkpointinspector/css/app.css";
    static final String DARK_CSS = "/io/checkpointinspector/css/dark.css";
    private static final String TITLE = "Checkpoint Inspector";

    private final Stage stage;
    private final AppContext context;
    private final RecentFiles recent;
    private final TabPane tabs = new TabPane();
    private final StackPane center = new StackPane();
    private final StatusBar status = new StatusBar();
    private final BorderPane root = new BorderPane();
    private final WelcomeView welcome;
    private final MachineCheckpointsModel machine;
    private final Menu recentMenu = new Menu("Open recent");
    private final CheckMenuItem dark = new CheckMenuItem("Dark theme");
    private final Scene scene;
    private final ViewWarmup warmup;
    private ContainersWindow containers;

    public MainWindow(Stage stage, AppContext context) {
        this.stage = stage;
        this.context = context;
        this.recent = new RecentFiles(context.prefs());
        this.warmup = new ViewWarmup(context.executor());
        machine = new MachineCheckpointsModel(context.search(),
                () -> recent.items().stream().map(Path::toString).toList(), context.executor(), context.failures());
        welcome = new WelcomeView(AppIcons.of(128), recent.items(), machine, new WelcomeView.Actions(this::chooseFiles,
                this::chooseFolder, this::openDemo, this::open, recent::remove, recent::clear));
        tabs.setId("checkpoint-tabs");
        tabs.getStyleClass().add("checkpoint-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.ALL_TABS);
        tabs.setTabDragPolicy(TabPane.TabDragPolicy.REORDER);
        tabs.getTabs().addListener((javafx.collections.ListChangeListener<Tab>) c -> showWelcomeOrTabs());
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, tab) -> selected(tab));
        root.setTop(menuBar());
        root.setCenter(center);
        root.setBottom(status);
        root.getStyleClass().add("main-window");
        showWelcomeOrTabs();
        scene = new Scene(root);
        scene.getStylesheets().add(MainWindow.class.getResource(APP_CSS).toExternalForm());
        applyTheme(context.prefs().darkTheme());
        setUpDragAndDrop();
        stage.setScene(scene);
        stage.setTitle(TITLE);
        stage.getIcons().setAll(AppIcons.all());
        stage.setMinWidth(720);
        stage.setMinHeight(480);
        restoreBounds();
        stage.setOnHiding(e -> saveBounds());
    }

    public void show() {
        stage.show();
        // While the user picks a checkpoint (or the engine reads one), load the classes the views will need,
        // then, once the first frames are on screen, run the views' CSS and layout code once.
        context.executor().execute(new ClassPreload());
        new javafx.animation.AnimationTimer() {
            private int frames;

            @Override
            public void handle(long now) {
                if (++frames == 3) {
                    stop();
                    warmup.runOnce(center);
                    // after the first frames: the search reads files, and must not delay the window
                    if (tabs.getTabs().isEmpty()) {
                        machine.searchOnce();
                    }
                }
            }
        }.start();
    }

    public Stage stage() {
        return stage;
    }

    /** Opens path in a new tab (or selects its tab when it is open already). */
    public CheckpointSession open(Path path) {
        return open(path, path.getFileName() == null ? path.toString() : path.getFileName().toString(), true);
    }

    /**
     * Opens checkpoints chosen or dropped together: each in a tab, then, once all are read, a pre-dump chain's child
     * keeps its tab and is read through the pre-dumps opened with it (nearest first), whose own tabs close.
     * Checkpoints that are not a chain stay in tabs of their own.
     */
    public List<CheckpointSession> openAll(List<Path> paths) {
        List<CheckpointSession> sessions = new ArrayList<>();
        List<CheckpointSession> created = new ArrayList<>();
        for (Path p : paths) {
            boolean existed = sessions().stream().anyMatch(s -> s.path().equals(p.toAbsolutePath().normalize()));
            CheckpointSession s = open(p);
            sessions.add(s);
            if (!existed) {
                created.add(s);
            }
        }
        if (sessions.size() > 1) {
            whenRead(sessions, () -> joinChains(sessions, created));
        }
        return sessions;
    }

    /** Runs done once no session of the list is loading any more. */
    private static void whenRead(List<CheckpointSession> sessions, Runnable done) {
        boolean[] ran = {false};
        Runnable check = () -> {
            if (!ran[0] && sessions.stream().noneMatch(s -> s.state() == CheckpointSession.State.LOADING)) {
                ran[0] = true;
                done.run();
            }
        };
        sessions.forEach(s -> s.stateProperty().addListener(new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends CheckpointSession.State> o,
                    CheckpointSession.State a, CheckpointSession.State b) {
                if (ran[0]) {
                    o.removeListener(this);
                } else {
                    check.run();
                }
            }
        }));
        check.run();
    }

    private void joinChains(List<CheckpointSession> sessions, List<CheckpointSession> created) {
        List<io.checkpointinspector.inspect.ChainGroups.Candidate> read = new ArrayList<>();
        for (CheckpointSession s : sessions) {
            if (s.loaded() != null) {
                read.add(new io.checkpointinspector.inspect.ChainGroups.Candidate(s.path(), s.loaded().alone()));
            }
        }
        for (var g : io.checkpointinspector.inspect.ChainGroups.of(read)) {
            if (g.parents().isEmpty()) {
                continue;
            }
            CheckpointSession child = sessions.stream().filter(s -> s.path().equals(g.child())).findFirst()
                    .orElseThrow();
            for (Path p : g.parents()) {
                sessions.stream().filter(s -> s.path().equals(p) && created.contains(s)).findFirst()
                        .flatMap(this::tabOf).ifPresent(this::close);
            }
            tabOf(child).ifPresent(t -> tabs.getSelectionModel().select(t));
            child.addParents(g.parents());
        }
    }

    private Optional<Tab> tabOf(CheckpointSession s) {
        return tabs.getTabs().stream().filter(t -> t.getContent() instanceof SessionView v && v.session() == s)
                .findFirst();
    }

    /** Reads the open checkpoint s through parents (chosen in any order: put nearest first by what they say). */
    public void openWithParents(CheckpointSession s, List<Path> parents) {
        s.addParents(parents, true);
    }

    /** Open with parent…: the pre-dump(s) the selected child keeps pages in. */
    private void chooseParents() {
        Optional<CheckpointSession> s = loadedSelected();
        if (s.isEmpty()) {
            return;
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open with parent checkpoint (pre-dump)");
        Path dir = s.get().path().getParent();
        if (dir != null && java.nio.file.Files.isDirectory(dir)) {
            chooser.setInitialDirectory(dir.toFile());
        }
        List<File> files = chooser.showOpenMultipleDialog(stage);
        if (files != null && !files.isEmpty()) {
            openWithParents(s.get(), files.stream().map(File::toPath).toList());
        }
    }

    public void openDemo() {
        try {
            open(context.demo().path(), "Demo checkpoint", false);
        } catch (IOException e) {
            Alert a = new Alert(Alert.AlertType.ERROR, ErrorText.of(e));
            a.setHeaderText("The demo checkpoint cannot be opened");
            a.initOwner(stage);
            a.show();
        }
    }

    /** The open checkpoints, in tab order. */
    public List<CheckpointSession> sessions() {
        List<CheckpointSession> out = new ArrayList<>();
        for (Tab t : tabs.getTabs()) {
            if (t.getContent() instanceof SessionView v) {
                out.add(v.session());
            }
        }
        return out;
    }

    /** The selected checkpoint's view, if any. */
    public Optional<SessionView> selectedView() {
        Tab t = tabs.getSelectionModel().getSelectedItem();
        return t != null && t.getContent() instanceof SessionView v ? Optional.of(v) : Optional.empty();
    }

    public void closeSelected() {
        Tab t = tabs.getSelectionModel().getSelectedItem();
        if (t != null) {
            close(t);
        }
    }

    private CheckpointSession open(Path path, String title, boolean remember) {
        Path normal = path.toAbsolutePath().normalize();
        for (Tab t : tabs.getTabs()) {
            if (t.getContent() instanceof SessionView v && v.session().path().equals(normal)) {
                tabs.getSelectionModel().select(t);
                return v.session();
            }
        }
        CheckpointSession session = new CheckpointSession(normal, title, context.loader(), context.executor(),
                context.failures());
        Tab tab = new Tab(title);
        tab.setTooltip(new Tooltip(normal.toString()));
        SessionView view = new SessionView(session, () -> close(tab));
        tab.setContent(view);
        tab.setOnClosed(e -> session.close());
        session.loadedProperty().addListener((o, a, loaded) -> {
            if (loaded != null && remember) {
                // Only checkpoints that could be read are worth offering again.
                recent.add(normal);
                if (loaded.checkpoint().container().name() != null) {
                    tab.setText(title + " · " + loaded.checkpoint().container().name());
                }
            }
        });
        tabs.getTabs().add(tab);
        tabs.getSelectionModel().select(tab);
        session.start();
        return session;
    }

    private void close(Tab tab) {
        if (tab.getContent() instanceof SessionView v) {
            v.session().close();
        } else if (tab.getContent() instanceof ComparisonView c) {
            c.model().cancel();
        }
        tabs.getTabs().remove(tab);
    }

    private void selected(Tab tab) {
        SessionView v = tab != null && tab.getContent() instanceof SessionView s ? s : null;
        if (tab != null && tab.getContent() instanceof ComparisonView) {
            status.showText("Comparison: " + tab.getTooltip().getText().replace('\n', ' '));
        } else {
            status.show(v == null ? null : v.session());
        }
        stage.setTitle(tab == null ? TITLE : tab.getText() + " — " + TITLE);
    }

    private void showWelcomeOrTabs() {
        center.getChildren().setAll(tabs.getTabs().isEmpty() ? welcome : tabs);
        if (tabs.getTabs().isEmpty()) {
            status.show(null);
            stage.setTitle(TITLE);
            if (stage.isShowing()) {
                machine.searchOnce();
            }
        }
    }

    private void chooseFiles() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open checkpoint");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Checkpoints (*.tar, *.tar.zst, *.tar.gz, *.tgz)", "*.tar", "*.tar.zst",
                        "*.zst", "*.tar.gz", "*.tgz", "*.gz"),
                new FileChooser.ExtensionFilter("All files", "*"));
        List<File> files = chooser.showOpenMultipleDialog(stage);
        if (files != null) {
            openAll(files.stream().map(File::toPath).toList());
        }
    }

    private void chooseFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Open checkpoint folder, OCI layout or CRIU image folder");
        File dir = chooser.showDialog(stage);
        if (dir != null) {
            open(dir.toPath());
        }
    }

    private void setUpDragAndDrop() {
        // Tables, tab panes and text areas take Ctrl+PgDn/PgUp for themselves; switching checkpoints comes first.
        scene.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.isShortcutDown() && !e.isShiftDown() && !e.isAltDown()
                    && (e.getCode() == KeyCode.PAGE_DOWN || e.getCode() == KeyCode.PAGE_UP)) {
                if (e.getCode() == KeyCode.PAGE_DOWN) {
                    tabs.getSelectionModel().selectNext();
                } else {
                    tabs.getSelectionModel().selectPrevious();
                }
                e.consume();
            }
        });
        scene.addEventFilter(DragEvent.DRAG_OVER, e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY_OR_MOVE);
            }
        });
        scene.addEventFilter(DragEvent.DRAG_ENTERED, e -> {
            if (e.getDragboard().hasFiles()) {
                root.getStyleClass().add("drop-target");
            }
        });
        scene.addEventFilter(DragEvent.DRAG_EXITED, e -> root.getStyleClass().remove("drop-target"));
        scene.addEventFilter(DragEvent.DRAG_DROPPED, e -> {
            root.getStyleClass().remove("drop-target");
            if (e.getDragboard().hasFiles()) {
                openAll(e.getDragboard().getFiles().stream().map(File::toPath).toList());
                e.setDropCompleted(true);
                e.consume();
            }
        });
    }

    private MenuBar menuBar() {
        MenuItem openFile = item("Open…", this::chooseFiles, new KeyCodeCombination(KeyCode.O,
                KeyCombination.SHORTCUT_DOWN));
        MenuItem openFolder = item("Open folder…", this::chooseFolder, new KeyCodeCombination(KeyCode.O,
                KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        MenuItem demo = item("Open demo checkpoint", this::openDemo, null);
        MenuItem containersItem = item("Containers…", this::showContainers, null);
        MenuItem reload = item("Reload", () -> selectedView().ifPresent(v -> v.session().start()),
                new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN));
        MenuItem close = item("Close", this::closeSelected, new KeyCodeCombination(KeyCode.W,
                KeyCombination.SHORTCUT_DOWN));
        MenuItem quit = item("Quit", stage::close, new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        refreshRecentMenu();
        recent.items().addListener((javafx.collections.ListChangeListener<Path>) c -> refreshRecentMenu());
        MenuItem compare = item("Compare with…", this::chooseComparison, new KeyCodeCombination(KeyCode.D,
                KeyCombination.SHORTCUT_DOWN));
        MenuItem export = item("Export report…", this::chooseReport, new KeyCodeCombination(KeyCode.E,
                KeyCombination.SHORTCUT_DOWN));
        MenuItem image = item("Save as checkpoint image…", () -> loadedSelected().ifPresent(this::saveAsImage),
                null);
        image.setId("menu-save-image");
        MenuItem withParent = item("Open with parent…", this::chooseParents, null);
        withParent.setId("menu-open-with-parent");
        Menu file = new Menu("File", null, openFile, openFolder, demo, recentMenu, new SeparatorMenuItem(),
                withParent, compare, export, image, new SeparatorMenuItem(), containersItem, new SeparatorMenuItem(), reload, close,
                new SeparatorMenuItem(), quit);
        file.setOnShowing(e -> {
            boolean loaded = loadedSelected().isPresent();
            compare.setDisable(!loaded);
            export.setDisable(!loaded);
            image.setDisable(!loaded);
            withParent.setDisable(loadedSelected().map(x -> x.loaded().alone().chain())
                    .filter(io.checkpointinspector.model.ChainInfo::incremental).isEmpty());
        });

        Menu view = new Menu("View");
        String[] names = {"Overview", "Processes", "Memory", "Root FS changes", "Raw images", "Log"};
        KeyCode[] digits = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4, KeyCode.DIGIT5,
            KeyCode.DIGIT6};
        for (int i = 0; i < names.length; i++) {
            int index = i;
            view.getItems().add(item(names[i], () -> selectedView().ifPresent(v -> {
                if (v.views() != null) {
                    v.views().select(index);
                }
            }), new KeyCodeCombination(digits[i], KeyCombination.SHORTCUT_DOWN)));
        }
        view.getItems().add(new SeparatorMenuItem());
        view.getItems().add(item("Find / filter", () -> selectedView().ifPresent(v -> {
            if (v.views() != null) {
                v.views().focusSearch();
            }
        }), new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN)));
        view.getItems().add(item("Next checkpoint", () -> tabs.getSelectionModel().selectNext(),
                new KeyCodeCombination(KeyCode.PAGE_DOWN, KeyCombination.SHORTCUT_DOWN)));
        view.getItems().add(item("Previous checkpoint", () -> tabs.getSelectionModel().selectPrevious(),
                new KeyCodeCombination(KeyCode.PAGE_UP, KeyCombination.SHORTCUT_DOWN)));
        view.getItems().add(new SeparatorMenuItem());
        dark.setSelected(context.prefs().darkTheme());
        dark.setOnAction(e -> {
            applyTheme(dark.isSelected());
            context.prefs().setDarkTheme(dark.isSelected());
        });
        view.getItems().add(dark);

        Menu help = new Menu("Help", null, item("Keyboard shortcuts", this::showShortcuts, new KeyCodeCombination(
                KeyCode.F1)), item("About Checkpoint Inspector", this::showAbout, null));
        MenuBar bar = new MenuBar(file, view, help);
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    /** The selected tab's checkpoint when it has been read. */
    private Optional<CheckpointSession> loadedSelected() {
        return selectedView().map(SessionView::session).filter(x -> x.loaded() != null);
    }

    /** Compare with…: another open checkpoint, or a file. */
    private void chooseComparison() {
        Optional<CheckpointSession> a = loadedSelected();
        if (a.isEmpty()) {
            return;
        }
        List<String> choices = new ArrayList<>();
        List<CheckpointSession> others = new ArrayList<>();
        for (CheckpointSession s : sessions()) {
            if (s != a.get() && s.loaded() != null) {
                others.add(s);
                choices.add(s.title() + " — " + s.path());
            }
        }
        String file = "A checkpoint file or folder…";
        choices.add(file);
        javafx.scene.control.ChoiceDialog<String> dialog = new javafx.scene.control.ChoiceDialog<>(choices.get(0),
                choices);
        dialog.initOwner(stage);
        dialog.setTitle("Compare with");
        dialog.setHeaderText("Compare " + a.get().title() + " (A) with B:");
        dialog.showAndWait().ifPresent(choice -> {
            if (choice.equals(file)) {
                FileChooser chooser = new FileChooser();
                chooser.setTitle("Compare with checkpoint");
                File f = chooser.showOpenDialog(stage);
                if (f != null) {
                    compare(a.get(), f.toPath());
                }
            } else {
                compare(a.get(), others.get(choices.indexOf(choice)));
            }
        });
    }

    /** Opens a comparison tab of two open checkpoints (both read). */
    public ComparisonView compare(CheckpointSession a, CheckpointSession b) {
        return compareTab(a, b.loaded().checkpoint(), b.path(), b.title());
    }

    /** Opens a comparison tab of an open checkpoint and a file, read in the background. */
    public ComparisonView compare(CheckpointSession a, Path b) {
        Path normal = b.toAbsolutePath().normalize();
        return compareTab(a, null, normal, normal.getFileName() == null ? normal.toString()
                : normal.getFileName().toString());
    }

    private ComparisonView compareTab(CheckpointSession a, io.checkpointinspector.model.Checkpoint b, Path pathB,
            String titleB) {
        ComparisonViewModel model = new ComparisonViewModel(a.loaded().checkpoint(), b, pathB, context.loader(),
                context.executor(), context.failures());
        ComparisonView view = new ComparisonView(model);
        Tab tab = new Tab(a.title() + " ⇄ " + titleB, view);
        tab.setTooltip(new Tooltip("A: " + a.path() + "\nB: " + pathB));
        tab.setId("comparison-tab");
        tab.setOnClosed(e -> model.cancel());
        tabs.getTabs().add(tab);
        tabs.getSelectionModel().select(tab);
        model.start();
        return view;
    }

    /** Export report…: asks where, then writes the selected checkpoint's report with its pinned hits. */
    private void chooseReport() {
        Optional<CheckpointSession> s = loadedSelected();
        if (s.isEmpty()) {
            return;
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export report");
        String name = s.get().loaded().checkpoint().container().name();
        chooser.setInitialFileName((name == null ? "checkpoint" : name.replaceAll("[^A-Za-z0-9._-]", "_"))
                + "-report.html");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("HTML report (*.html)", "*.html"),
                new FileChooser.ExtensionFilter("JSON (*.json)", "*.json"));
        File f = chooser.showSaveDialog(stage);
        if (f != null) {
            exportReport(s.get(), f.toPath());
        }
    }

    /** Writes the report of an open checkpoint to target in the background, with a dialog showing how it goes. */
    public ReportExport exportReport(CheckpointSession s, Path target) {
        ReportExport export = new ReportExport(context.executor(), context.failures());
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(stage);
        a.setTitle("Export report");
        a.setHeaderText("Report of " + s.title() + " (" + s.pinnedHits().size() + " pinned memory hit"
                + (s.pinnedHits().size() == 1 ? "" : "s") + ")");
        javafx.scene.control.Label text = new javafx.scene.control.Label();
        text.setId("report-export-status");
        text.setWrapText(true);
        text.textProperty().bind(export.statusProperty());
        text.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        text.setPrefWidth(520);
        javafx.scene.control.ProgressBar bar = new javafx.scene.control.ProgressBar();
        bar.visibleProperty().bind(export.runningProperty());
        bar.setMaxWidth(Double.MAX_VALUE);
        a.getDialogPane().setContent(new javafx.scene.layout.VBox(8, text, bar));
        a.getDialogPane().setPrefWidth(560);
        a.getButtonTypes().setAll(javafx.scene.control.ButtonType.CANCEL);
        a.setOnHidden(e -> export.cancel());
        export.stateProperty().addListener((o, x, st) -> {
            if (st != ReportExport.State.WORKING) {
                a.getButtonTypes().setAll(javafx.scene.control.ButtonType.CLOSE);
            }
        });
        export.start(s.loaded().checkpoint(), s.path(), s.pinnedHits(), target);
        a.show();
        return export;
    }

    /** Save as checkpoint image…: the dialog for the open checkpoint s (it builds in the background). */
    public CheckpointImageDialog saveAsImage(CheckpointSession s) {
        var container = s.loaded().checkpoint().container();
        var needs = CheckpointImageViewModel.Needs.of(container,
                io.checkpointinspector.image.PodmanImages.installed().isPresent());
        CheckpointImageDialog d = new CheckpointImageDialog(stage, new CheckpointImageViewModel(s.path(), needs,
                context.executor(), context.failures()), s.title(), container.name() != null ? container.name()
                : container.id());
        d.show();
        return d;
    }

    /** Opens the Containers window (checkpoint and restore through the privileged helper). */
    public ContainersWindow showContainers() {
        if (containers == null) {
            containers = new ContainersWindow(stage, scene, new HelperLauncher(), context.executor(),
                    context.failures(), this::open,
                    () -> selectedView().map(v -> v.session().path()).orElse(null));
        }
        containers.show();
        return containers;
    }

    private void refreshRecentMenu() {
        recentMenu.getItems().clear();
        for (Path p : recent.items()) {
            recentMenu.getItems().add(item(p.toString(), () -> open(p), null));
        }
        if (!recent.items().isEmpty()) {
            recentMenu.getItems().add(new SeparatorMenuItem());
            recentMenu.getItems().add(item("Clear list", recent::clear, null));
        }
        recentMenu.setDisable(recent.items().isEmpty());
    }

    private static MenuItem item(String text, Runnable action, KeyCombination keys) {
        MenuItem item = new MenuItem(text);
        item.setOnAction(e -> action.run());
        if (keys != null) {
            item.setAccelerator(keys);
        }
        return item;
    }

    private void applyTheme(boolean darkTheme) {
        String css = MainWindow.class.getResource(DARK_CSS).toExternalForm();
        scene.getStylesheets().remove(css);
        if (darkTheme) {
            scene.getStylesheets().add(css);
        }
    }

    /** The F1 list: keys and what they do. */
    static final List<String[]> SHORTCUTS = List.of(
            new String[] {"Ctrl+O", "open a checkpoint file"},
            new String[] {"Ctrl+Shift+O", "open a checkpoint folder"},
            new String[] {"Ctrl+W", "close the checkpoint"},
            new String[] {"Ctrl+D", "compare with another checkpoint"},
            new String[] {"Ctrl+E", "export a report (HTML or JSON)"},
            new String[] {"Ctrl+R", "read the checkpoint again"},
            new String[] {"Ctrl+1 … Ctrl+6", "Overview, Processes, Memory, Root FS, Raw images, Log"},
            new String[] {"Ctrl+F", "filter or search in the view"},
            new String[] {"Ctrl+PgDn / PgUp", "next / previous checkpoint, wherever the focus is"},
            new String[] {"Ctrl+C", "copy the selected table rows as text"},
            new String[] {"Escape", "clear a filter; cancel a load; close the Containers window"},
            new String[] {"Tab / Shift+Tab", "move between controls"});

    /** Keys in one column, actions in the next: aligned whatever the font. */
    static javafx.scene.layout.GridPane shortcutsGrid() {
        javafx.scene.layout.GridPane grid = new javafx.scene.layout.GridPane();
        grid.setId("shortcuts-grid");
        grid.setHgap(24);
        grid.setVgap(4);
        for (int i = 0; i < SHORTCUTS.size(); i++) {
            javafx.scene.control.Label keys = new javafx.scene.control.Label(SHORTCUTS.get(i)[0]);
            keys.setStyle("-fx-font-weight: bold;");
            grid.add(keys, 0, i);
            grid.add(new javafx.scene.control.Label(SHORTCUTS.get(i)[1]), 1, i);
        }
        return grid;
    }

    private void showShortcuts() {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(stage);
        a.setTitle("Keyboard shortcuts");
        a.setHeaderText("Keyboard shortcuts");
        a.getDialogPane().setContent(shortcutsGrid());
        a.getDialogPane().getStyleClass().add("shortcuts");
        a.show();
    }

    private void showAbout() {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(stage);
        a.setTitle("About");
        a.setHeaderText(TITLE);
        a.setContentText("Looks inside container checkpoints without unpacking them.\nNothing is ever written to "
                + "disk unless you choose Save as….");
        a.show();
    }

    private void restoreBounds() {
        AppPreferences.WindowBounds b = context.prefs().window();
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        double w = b == null ? Math.min(1320, screen.getWidth() - 40) : Math.min(b.width(), screen.getWidth());
        double h = b == null ? Math.min(860, screen.getHeight() - 40) : Math.min(b.height(), screen.getHeight());
        stage.setWidth(Math.max(720, w));
        stage.setHeight(Math.max(480, h));
        if (b != null && !Double.isNaN(b.x()) && !Screen.getScreensForRectangle(b.x(), b.y(), 100, 40).isEmpty()) {
            stage.setX(b.x());
            stage.setY(b.y());
        } else {
            stage.centerOnScreen();
        }
        if (b != null && b.maximized()) {
            stage.setMaximized(true);
        }
    }

    private void saveBounds() {
        if (stage.isMaximized()) {
            AppPreferences.WindowBounds old = context.prefs().window();
            if (old != null) {
                context.prefs().setWindow(new AppPreferences.WindowBounds(old.x(), old.y(), old.width(), old.height(),
                        true));
            } else {
                context.prefs().setWindow(new AppPreferences.WindowBounds(Double.NaN, Double.NaN, 1320, 860, true));
            }
            return;
        }
        context.prefs().setWindow(new AppPreferences.WindowBounds(stage.getX(), stage.getY(), stage.getWidth(),
                stage.getHeight(), false));
    }
}
