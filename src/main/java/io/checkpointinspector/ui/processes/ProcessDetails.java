package io.checkpointinspector.ui.processes;

import io.checkpointinspector.model.FileInfo;
import io.checkpointinspector.model.ProcessInfo;
import io.checkpointinspector.model.SocketInfo;
import io.checkpointinspector.model.ThreadInfo;
import io.checkpointinspector.model.Vma;
import io.checkpointinspector.ui.common.Cells;
import io.checkpointinspector.ui.common.Columns;
import io.checkpointinspector.ui.common.Controls;
import io.checkpointinspector.ui.common.KeyValueGrid;
import io.checkpointinspector.ui.common.TableCopy;
import io.checkpointinspector.ui.memory.VmaTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** Everything about one process: details, environment, open files, sockets, threads and memory map. */
final class ProcessDetails {

    private final StackPane root = new StackPane();
    private final TabPane tabs = new TabPane();
    private final Tab summaryTab = new Tab("Details");
    private final Tab envTab = new Tab();
    private final Tab filesTab = new Tab();
    private final Tab socketsTab = new Tab();
    private final Tab threadsTab = new Tab();
    private final Tab memoryTab = new Tab();
    private final TableView<Map.Entry<String, String>> env = new TableView<>();
    private final TextField envFilter = Controls.filterField("Filter variables…");
    private final ObservableList<Map.Entry<String, String>> envSource = FXCollections.observableArrayList();
    private final FilteredList<Map.Entry<String, String>> envItems = new FilteredList<>(envSource);
    private final TableView<FileInfo> files = filesTable();
    private final TableView<SocketInfo> sockets = socketsTable();
    private final TableView<ThreadInfo> threads = threadsTable();
    private final TableView<Vma> vmas = VmaTable.create();
    private final Label envNote = Controls.styled("", "muted");

    ProcessDetails() {
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("process-details");
        tabs.getStyleClass().add("detail-tabs");
        env.setId("env-table");
        files.setId("files-table");
        sockets.setId("sockets-table");
        threads.setId("threads-table");
        vmas.setId("process-vma-table");
        setUpEnv();
        envTab.setContent(new BorderPane(env, Controls.toolbar(envFilter, Controls.spring(), envNote), null, null,
                null));
        filesTab.setContent(files);
        socketsTab.setContent(sockets);
        threadsTab.setContent(threads);
        memoryTab.setContent(vmas);
        tabs.getTabs().addAll(summaryTab, envTab, filesTab, socketsTab, threadsTab, memoryTab);
        tabs.getSelectionModel().select(envTab);
        root.getChildren().setAll(tabs);
    }

    Node node() {
        return root;
    }

    void show(ProcessInfo p) {
        if (p == null) {
            root.getChildren().setAll(Controls.placeholder(
                    "Select a process to see its environment, open files, sockets and memory map."));
            return;
        }
        root.getChildren().setAll(tabs);
        summaryTab.setContent(summary(p));
        List<Map.Entry<String, String>> vars = p.env() == null ? List.of() : new ArrayList<>(p.env().entrySet());
        envSource.setAll(vars);
        envNote.setText(p.env() == null ? "Not recoverable" : vars.size() + " variables");
        env.setPlaceholder(Controls.placeholder(p.env() == null
                ? "The environment could not be recovered from the dumped memory" + (ProcessText.why(p) == null
                ? "." : ": " + ProcessText.why(p)) : "No variable matches."));
        files.setItems(FXCollections.observableArrayList(p.files()));
        sockets.setItems(FXCollections.observableArrayList(p.sockets()));
        threads.setItems(FXCollections.observableArrayList(p.threads()));
        VmaTable.show(vmas, p.memory() == null ? List.of() : p.memory().vmas());
        envTab.setText("Environment · " + (p.env() == null ? "?" : vars.size()));
        filesTab.setText("Open files · " + p.files().size());
        socketsTab.setText("Sockets · " + p.sockets().size());
        threadsTab.setText("Threads · " + p.threads().size());
        memoryTab.setText("Memory map · " + (p.memory() == null ? 0 : p.memory().vmas().size()));
    }

    private void setUpEnv() {
        SortedList<Map.Entry<String, String>> sorted = new SortedList<>(envItems);
        sorted.comparatorProperty().bind(env.comparatorProperty());
        env.setItems(sorted);
        env.getColumns().add(Columns.text("Variable", Map.Entry::getKey, 220));
        env.getColumns().add(Columns.text("Value", Map.Entry::getValue, 560));
        env.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        env.setFixedCellSize(Cells.ROW_HEIGHT);
        TableCopy.install(env);
        envFilter.textProperty().addListener((o, a, text) -> {
            String needle = text.toLowerCase(Locale.ROOT);
            envItems.setPredicate(e -> needle.isEmpty() || e.getKey().toLowerCase(Locale.ROOT).contains(needle)
                    || String.valueOf(e.getValue()).toLowerCase(Locale.ROOT).contains(needle));
        });
    }

    private static Node summary(ProcessInfo p) {
        KeyValueGrid g = new KeyValueGrid();
        g.add("PID", p.pid());
        g.add("Parent PID", p.ppid());
        g.add("Process group", p.pgid());
        g.add("Session", p.sid());
        g.add("Name (comm)", p.comm());
        g.add("State", p.state() + (p.exitCode() != null && p.exitCode() != 0 ? ", exit code " + p.exitCode() : ""));
        g.add("Working directory", p.cwd());
        g.add("Root", p.root());
        if (p.memory() != null) {
            g.addSize("Mapped memory", p.memory().mappedBytes());
            g.addSize("Dumped memory", p.memory().dumpedBytes());
        }
        if (p.argsNote() != null) {
            g.add("Arguments", p.argsNote());
        }
        TextArea args = new TextArea(arguments(p));
        args.setEditable(false);
        args.getStyleClass().add("mono");
        args.setPrefRowCount(Math.min(8, Math.max(2, p.cmdline() == null ? 1 : p.cmdline().size() + 1)));
        args.setId("process-args");
        Label argsTitle = Controls.styled("Command line, one argument per line", "card-title");
        VBox box = new VBox(10, g, argsTitle, args);
        box.setPadding(new Insets(12));
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        return scroll;
    }

    private static String arguments(ProcessInfo p) {
        return ProcessText.arguments(p);
    }

    private static TableView<FileInfo> filesTable() {
        TableView<FileInfo> t = new TableView<>();
        t.getColumns().add(Columns.number("FD", FileInfo::fd, 60));
        t.getColumns().add(Columns.text("Type", FileInfo::type, 90));
        t.getColumns().add(Columns.text("Path", FileInfo::path, 340));
        t.getColumns().add(Columns.text("Flags", f -> OpenFlags.describe(f.flags()), 240));
        t.getColumns().add(Columns.number("Position", FileInfo::position, 90));
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        t.setFixedCellSize(Cells.ROW_HEIGHT);
        t.setPlaceholder(Controls.placeholder("No open files."));
        TableCopy.install(t);
        return t;
    }

    private static TableView<SocketInfo> socketsTable() {
        TableView<SocketInfo> t = new TableView<>();
        t.getColumns().add(Columns.number("FD", SocketInfo::fd, 60));
        t.getColumns().add(Columns.text("Family", SocketInfo::family, 80));
        t.getColumns().add(Columns.text("Type", SocketInfo::type, 90));
        t.getColumns().add(Columns.text("Protocol", SocketInfo::protocol, 80));
        t.getColumns().add(Columns.text("State", SocketInfo::state, 110));
        t.getColumns().add(Columns.text("Local", s -> endpoint(s.src(), s.srcPort()), 220));
        t.getColumns().add(Columns.text("Remote", s -> endpoint(s.dst(), s.dstPort()), 220));
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        t.setFixedCellSize(Cells.ROW_HEIGHT);
        t.setPlaceholder(Controls.placeholder("No sockets."));
        TableCopy.install(t);
        return t;
    }

    private static TableView<ThreadInfo> threadsTable() {
        TableView<ThreadInfo> t = new TableView<>();
        t.getColumns().add(Columns.number("TID", ThreadInfo::tid, 80));
        t.getColumns().add(Columns.text("Name", ThreadInfo::comm, 200));
        t.getColumns().add(Columns.text("State", ThreadInfo::state, 120));
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        t.setFixedCellSize(Cells.ROW_HEIGHT);
        t.setPlaceholder(Controls.placeholder("No threads recorded."));
        TableCopy.install(t);
        return t;
    }

    private static String endpoint(String address, Integer port) {
        if (address == null && port == null) {
            return "";
        }
        String a = address == null ? "*" : address.contains(":") && port != null ? "[" + address + "]" : address;
        return port == null ? a : a + ":" + port;
    }
}
