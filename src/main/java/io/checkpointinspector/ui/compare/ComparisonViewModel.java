package io.checkpointinspector.ui.compare;

import io.checkpointinspector.diff.CheckpointDiff;
import io.checkpointinspector.diff.CheckpointDiffer;
import io.checkpointinspector.diff.DiffText;
import io.checkpointinspector.diff.FieldDiff;
import io.checkpointinspector.diff.MemoryChange;
import io.checkpointinspector.diff.ProcessChange;
import io.checkpointinspector.diff.ProcessRef;
import io.checkpointinspector.diff.RootfsChange;
import io.checkpointinspector.diff.VmaChange;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.model.FileInfo;
import io.checkpointinspector.model.RootfsEntry;
import io.checkpointinspector.model.SocketInfo;
import io.checkpointinspector.model.Vma;
import io.checkpointinspector.text.Units;
import io.checkpointinspector.ui.common.ErrorText;
import io.checkpointinspector.ui.common.LatestTask;
import io.checkpointinspector.ui.session.CheckpointLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * A comparison tab's state: reads B when it is not open already, computes the difference in the background, and
 * turns it into the rows of each section, honouring "only differences". Use from the FX thread.
 */
public final class ComparisonViewModel {

    public enum State { WORKING, READY, FAILED }

    private final Checkpoint a;
    private final Checkpoint openB;
    private final Path pathB;
    private final CheckpointLoader loader;
    private final LatestTask runner;
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.WORKING);
    private final ReadOnlyObjectWrapper<CheckpointDiff> diff = new ReadOnlyObjectWrapper<>(this, "diff");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final BooleanProperty onlyDifferences = new SimpleBooleanProperty(this, "onlyDifferences", true);

    /** b: B's model when it is open in another tab, else null and B is read from pathB. */
    public ComparisonViewModel(Checkpoint a, Checkpoint b, Path pathB, CheckpointLoader loader, Executor executor,
            io.checkpointinspector.ui.common.FailureLog failures) {
        this.a = a;
        this.openB = b;
        this.pathB = pathB;
        this.loader = loader;
        this.runner = new LatestTask(executor, failures);
    }

    public void start() {
        state.set(State.WORKING);
        runner.run(progress -> {
            Checkpoint b = openB != null ? openB : loader.load(pathB, progress);
            return new CheckpointDiffer().diff(a, b);
        }, d -> {
            diff.set(d);
            state.set(State.READY);
        }, e -> {
            error.set(e instanceof CancellationException ? "Cancelled: " + pathB + " was not read."
                    : ErrorText.of(e));
            state.set(State.FAILED);
        });
    }

    public void cancel() {
        if (runner.cancel()) {
            error.set("Cancelled: " + (openB != null ? "the comparison was stopped." : pathB + " was not read."));
            state.set(State.FAILED);
        }
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<CheckpointDiff> diffProperty() {
        return diff.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return runner.progressProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return runner.messageProperty();
    }

    public BooleanProperty onlyDifferencesProperty() {
        return onlyDifferences;
    }

    /** The whole difference as text, as the command line prints it (with the filter's choice). */
    public String text() {
        return diff.get() == null ? "" : new DiffText(onlyDifferences.get()).render(diff.get());
    }

    public String headline() {
        return diff.get() == null ? "" : DiffText.headline(diff.get());
    }

    public String summary() {
        CheckpointDiff d = diff.get();
        return d == null ? "" : (d.identical() ? "No differences. " : "") + DiffText.summary(d);
    }

    // ---- rows per section -------------------------------------------------------------------------------------

    /** Source, container, CRIU, sizes and statistics: Section | Field | A | B. */
    List<DiffRow> metadata() {
        CheckpointDiff d = diff.get();
        List<DiffRow> rows = new ArrayList<>();
        if (d == null) {
            return rows;
        }
        add(rows, "Source", d.source(), true);
        add(rows, "Container", d.container(), false);
        add(rows, "CRIU", d.criu(), false);
        add(rows, "Sizes", d.sizes(), false);
        add(rows, "Dump statistics", d.stats(), false);
        return rows;
    }

    private void add(List<DiffRow> rows, String section, List<FieldDiff> fields, boolean neverCounted) {
        for (FieldDiff f : fields) {
            if (onlyDifferences.get() && !f.changed() && !neverCounted) {
                continue;
            }
            String status = neverCounted ? "same" : status(f);
            rows.add(new DiffRow(status, List.of(section, f.name(), Units.orDash(f.a()), Units.orDash(f.b())),
                    null));
        }
    }

    private static String status(FieldDiff f) {
        return switch (f.status()) {
            case SAME -> "same";
            case CHANGED -> "changed";
            case UNKNOWN -> "unknown";
        };
    }

    /** Status | PID (A → B) | Command | What differs. */
    List<DiffRow> processes() {
        CheckpointDiff d = diff.get();
        List<DiffRow> rows = new ArrayList<>();
        if (d == null) {
            return rows;
        }
        for (ProcessRef p : d.processesAdded()) {
            rows.add(new DiffRow("added", List.of("added", String.valueOf(p.pid()), p.command(), "only in B"),
                    refDetail("Only in B", p)));
        }
        for (ProcessRef p : d.processesRemoved()) {
            rows.add(new DiffRow("removed", List.of("removed", String.valueOf(p.pid()), p.command(), "only in A"),
                    refDetail("Only in A", p)));
        }
        for (ProcessChange c : d.processes()) {
            if (onlyDifferences.get() && !c.changed()) {
                continue;
            }
            String pid = c.a().pid() == c.b().pid() ? String.valueOf(c.a().pid()) : c.a().pid() + " → " + c.b().pid();
            rows.add(new DiffRow(c.changed() ? "changed" : "same", List.of(c.changed() ? "changed" : "same", pid,
                    c.b().command(), what(c)), changeDetail(c)));
        }
        return rows;
    }

    private static String what(ProcessChange c) {
        List<String> parts = new ArrayList<>();
        c.fields().stream().filter(FieldDiff::changed).forEach(f -> parts.add(f.name()));
        if (c.env().stream().anyMatch(FieldDiff::changed)) {
            parts.add("environment (" + c.env().stream().filter(FieldDiff::changed).count() + ")");
        }
        int files = c.filesOpened().size() + c.filesClosed().size();
        if (files > 0) {
            parts.add("files +" + c.filesOpened().size() + " −" + c.filesClosed().size());
        }
        int socks = c.socketsOpened().size() + c.socketsClosed().size();
        if (socks > 0) {
            parts.add("sockets +" + c.socketsOpened().size() + " −" + c.socketsClosed().size());
        }
        if (c.memory().changed()) {
            parts.add("memory");
        }
        return parts.isEmpty() ? "—" : String.join(", ", parts);
    }

    private static String refDetail(String where, ProcessRef p) {
        StringBuilder s = new StringBuilder(where).append(": PID ").append(p.pid()).append(", parent ").append(p.ppid())
                .append(", ").append(p.state()).append(", ").append(p.threads()).append(" thread(s)\n")
                .append("Command line: ").append(p.command()).append('\n');
        if (p.env() != null) {
            s.append("Environment:\n");
            p.env().forEach((k, v) -> s.append("  ").append(k).append('=').append(v).append('\n'));
        }
        return s.toString();
    }

    private static String changeDetail(ProcessChange c) {
        StringBuilder s = new StringBuilder("PID ").append(c.a().pid()).append(" in A, ").append(c.b().pid())
                .append(" in B\n");
        for (FieldDiff f : c.fields()) {
            s.append(f.changed() ? "≠ " : f.status() == FieldDiff.Status.UNKNOWN ? "? " : "  ").append(f.name())
                    .append(": ").append(Units.orDash(f.a()));
            if (f.status() != FieldDiff.Status.SAME) {
                s.append("  →  ").append(Units.orDash(f.b()));
            }
            s.append('\n');
        }
        if (!c.env().isEmpty()) {
            s.append("Environment differences:\n");
            c.env().forEach(f -> s.append("≠ ").append(f.name()).append(": ").append(f.a() == null ? "(absent)" : f.a())
                    .append("  →  ").append(f.b() == null ? "(absent)" : f.b()).append('\n'));
        }
        c.filesOpened().forEach(f -> s.append("+ fd ").append(f.fd()).append(' ').append(f.type()).append(' ')
                .append(f.path()).append('\n'));
        c.filesClosed().forEach(f -> s.append("− fd ").append(f.fd()).append(' ').append(f.type()).append(' ')
                .append(f.path()).append('\n'));
        MemoryChange m = c.memory();
        s.append("Memory: ").append(m.vmaCount().a()).append(" → ").append(m.vmaCount().b()).append(" areas, mapped ")
                .append(bytes(m.mappedBytes())).append(", dumped ").append(bytes(m.dumpedBytes())).append('\n');
        return s.toString();
    }

    /** Change | PID | Kind | FD | Type | Path or endpoints. */
    List<DiffRow> files() {
        CheckpointDiff d = diff.get();
        List<DiffRow> rows = new ArrayList<>();
        if (d == null) {
            return rows;
        }
        for (ProcessChange c : d.processes()) {
            String pid = String.valueOf(c.b().pid());
            for (FileInfo f : c.filesOpened()) {
                rows.add(new DiffRow("added", List.of("opened", pid, "file", String.valueOf(f.fd()), f.type(),
                        Units.orDash(f.path())), null));
            }
            for (FileInfo f : c.filesClosed()) {
                rows.add(new DiffRow("removed", List.of("closed", pid, "file", String.valueOf(f.fd()), f.type(),
                        Units.orDash(f.path())), null));
            }
            for (SocketInfo s : c.socketsOpened()) {
                rows.add(new DiffRow("added", List.of("opened", pid, "socket", String.valueOf(s.fd()),
                        s.family() + "/" + s.type(), socket(s)), null));
            }
            for (SocketInfo s : c.socketsClosed()) {
                rows.add(new DiffRow("removed", List.of("closed", pid, "socket", String.valueOf(s.fd()),
                        s.family() + "/" + s.type(), socket(s)), null));
            }
        }
        return rows;
    }

    private static String socket(SocketInfo s) {
        return Units.orDash(s.state()) + "  " + Units.orDash(s.src()) + (s.srcPort() == null ? "" : ":" + s.srcPort())
                + " → " + Units.orDash(s.dst()) + (s.dstPort() == null ? "" : ":" + s.dstPort());
    }

    /** Status | PID | Process | Areas | Mapped | Dumped | Areas +/−/~; detail: every area change. */
    List<DiffRow> memory() {
        CheckpointDiff d = diff.get();
        List<DiffRow> rows = new ArrayList<>();
        if (d == null) {
            return rows;
        }
        for (ProcessChange c : d.processes()) {
            MemoryChange m = c.memory();
            if (onlyDifferences.get() && !m.changed()) {
                continue;
            }
            StringBuilder detail = new StringBuilder();
            m.vmasAdded().forEach(v -> detail.append("+ ").append(vma(v)).append('\n'));
            m.vmasRemoved().forEach(v -> detail.append("− ").append(vma(v)).append('\n'));
            for (VmaChange v : m.vmasResized()) {
                detail.append("≠ ").append(v.start()).append('-').append(v.endA()).append(' ').append(v.protA())
                        .append("  →  ").append(v.start()).append('-').append(v.endB()).append(' ').append(v.protB())
                        .append(' ').append(v.label().isEmpty() ? "[anonymous]" : v.label()).append(" (")
                        .append(Units.bytes(v.sizeA())).append(" → ").append(Units.bytes(v.sizeB())).append(")\n");
            }
            rows.add(new DiffRow(m.changed() ? "changed" : "same", List.of(String.valueOf(c.b().pid()), c.b().comm(),
                    arrow(m.vmaCount().a(), m.vmaCount().b()), bytes(m.mappedBytes()), bytes(m.dumpedBytes()),
                    "+" + m.vmasAdded().size() + " −" + m.vmasRemoved().size() + " ≠" + m.vmasResized().size()),
                    detail.length() == 0 ? "No memory area was added, removed or resized." : detail.toString()));
        }
        for (ProcessRef p : d.processesAdded()) {
            rows.add(new DiffRow("added", List.of(String.valueOf(p.pid()), p.comm(), "new process", "", "", ""), null));
        }
        for (ProcessRef p : d.processesRemoved()) {
            rows.add(new DiffRow("removed", List.of(String.valueOf(p.pid()), p.comm(), "ended", "", "", ""), null));
        }
        return rows;
    }

    private static String vma(Vma v) {
        return v.start() + "-" + v.end() + " " + v.prot() + " " + v.kind() + " "
                + (v.label().isEmpty() ? "[anonymous]" : v.label()) + " (" + Units.bytes(v.dumpedBytes()) + " dumped)";
    }

    private static String arrow(String x, String y) {
        return java.util.Objects.equals(x, y) ? Units.orDash(x) : Units.orDash(x) + " → " + Units.orDash(y);
    }

    private static String bytes(FieldDiff f) {
        try {
            String x = Units.bytes(Long.parseLong(f.a()));
            return f.changed() ? x + " → " + Units.bytes(Long.parseLong(f.b())) : x;
        } catch (NumberFormatException e) {
            return arrow(f.a(), f.b());
        }
    }

    /** Change | Path | Type | Detail. */
    List<DiffRow> rootfs() {
        CheckpointDiff d = diff.get();
        List<DiffRow> rows = new ArrayList<>();
        if (d == null) {
            return rows;
        }
        for (RootfsEntry e : d.rootfs().added()) {
            rows.add(new DiffRow("added", List.of("added", e.path(), e.type(), entry(e)), null));
        }
        for (RootfsEntry e : d.rootfs().removed()) {
            rows.add(new DiffRow("removed", List.of("removed", e.path(), e.type(), entry(e)), null));
        }
        for (RootfsChange c : d.rootfs().changed()) {
            List<String> parts = new ArrayList<>();
            c.fields().forEach(f -> parts.add(f.name() + " " + Units.orDash(f.a()) + " → " + Units.orDash(f.b())));
            rows.add(new DiffRow("changed", List.of("changed", c.path(), "", String.join(", ", parts)), null));
        }
        for (String p : d.rootfs().deletedAdded()) {
            rows.add(new DiffRow("removed", List.of("deleted in B", p, "", "listed in B's deleted.files"), null));
        }
        for (String p : d.rootfs().deletedRemoved()) {
            rows.add(new DiffRow("added", List.of("no longer deleted", p, "", "listed in A's deleted.files only"),
                    null));
        }
        return rows;
    }

    private static String entry(RootfsEntry e) {
        return ("file".equals(e.type()) ? Units.bytes(e.size()) + ", " : "") + "mode " + e.mode()
                + (e.link() == null ? "" : ", → " + e.link());
    }
}
