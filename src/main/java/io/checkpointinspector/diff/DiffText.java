package io.checkpointinspector.diff;

import io.checkpointinspector.model.FileInfo;
import io.checkpointinspector.model.RootfsEntry;
import io.checkpointinspector.model.SocketInfo;
import io.checkpointinspector.model.Vma;
import io.checkpointinspector.text.Units;
import java.util.ArrayList;
import java.util.List;

/**
 * The difference as a text tree (the {@code diff} command's default output and the window's "copy as text").
 * "+" is only in B, "-" only in A, "~" in both but changed; values read "A → B".
 */
public final class DiffText {

    private final boolean onlyDifferences;

    /** onlyDifferences: leave out unchanged values and processes. */
    public DiffText(boolean onlyDifferences) {
        this.onlyDifferences = onlyDifferences;
    }

    public String render(CheckpointDiff d) {
        StringBuilder out = new StringBuilder();
        out.append(headline(d)).append('\n');
        out.append("A: ").append(source(d, 0)).append('\n');
        out.append("B: ").append(source(d, 1)).append('\n');
        if (d.identical()) {
            out.append("No differences: the two checkpoints hold the same content.\n");
        }
        out.append(summary(d)).append('\n');
        Node root = new Node("");
        fields(root.add("Container"), d.container());
        fields(root.add("CRIU"), d.criu());
        fields(root.add("Sizes"), d.sizes());
        fields(root.add("Dump statistics"), d.stats());
        Node procs = root.add("Processes (" + d.summary().processesAdded() + " added, "
                + d.summary().processesRemoved() + " removed, " + d.summary().processesChanged() + " changed, "
                + d.summary().processesUnchanged() + " unchanged)");
        for (ProcessRef p : d.processesAdded()) {
            Node n = procs.add("+ " + ref(p));
            if (p.env() != null && !onlyDifferences) {
                p.env().forEach((k, v) -> n.add("env " + show(k) + "=" + show(v)));
            }
        }
        for (ProcessRef p : d.processesRemoved()) {
            procs.add("- " + ref(p));
        }
        for (ProcessChange c : d.processes()) {
            if (!c.changed() && onlyDifferences) {
                continue;
            }
            Node n = procs.add((c.changed() ? "~ " : "  ") + ref(c.b()));
            process(n, c);
        }
        rootfs(root.add("Root FS (" + d.summary().rootfsAdded() + " added, " + d.summary().rootfsRemoved()
                + " removed, " + d.summary().rootfsChanged() + " changed, " + d.rootfs().unchanged()
                + " unchanged; deleted files " + d.summary().deletedAdded() + " added, "
                + d.summary().deletedRemoved() + " removed)"), d.rootfs());
        if (!d.warningsA().isEmpty() || !d.warningsB().isEmpty()) {
            Node w = root.add("Warnings");
            d.warningsA().forEach(s -> w.add("A: " + s));
            d.warningsB().forEach(s -> w.add("B: " + s));
        }
        root.print(out, "");
        return out.toString();
    }

    /** The first line: one container, or (in capitals) two different ones. */
    public static String headline(CheckpointDiff d) {
        return d.sameContainer() ? "One container: " + d.containerNote().substring("one container: ".length())
                : "DIFFERENT CONTAINERS: " + d.containerNote().substring("different containers: ".length());
    }

    /** One line: what differs, in counts. */
    public static String summary(CheckpointDiff d) {
        var s = d.summary();
        return "Processes: " + s.processesAdded() + " added, " + s.processesRemoved() + " removed, "
                + s.processesChanged() + " changed, " + s.processesUnchanged() + " unchanged. Root FS: "
                + s.rootfsAdded() + " added, " + s.rootfsRemoved() + " removed, " + s.rootfsChanged()
                + " changed; deleted files: " + s.deletedAdded() + " added, " + s.deletedRemoved()
                + " removed. Metadata and statistics: " + s.metadataChanged() + " values differ.";
    }

    private static String source(CheckpointDiff d, int side) {
        String path = value(d.source().get(0), side);
        String kind = value(d.source().get(1), side);
        String comp = value(d.source().get(2), side);
        String bytes = value(d.source().get(3), side);
        return path + " (" + kind + ", " + comp + ", " + bytes + " bytes)";
    }

    private static String value(FieldDiff f, int side) {
        return side == 0 ? f.a() : f.b();
    }

    private void fields(Node n, List<FieldDiff> rows) {
        if (onlyDifferences && rows.stream().noneMatch(FieldDiff::changed)) {
            n.add("(no differences)");
            return;
        }
        for (FieldDiff f : rows) {
            if (f.changed()) {
                n.add("~ " + show(f.name()) + ": " + show(f.a()) + " → " + show(f.b()));
            } else if (!onlyDifferences && (f.a() != null || f.b() != null)) {
                n.add("  " + f.name() + ": " + show(f.a()) + (f.status() == FieldDiff.Status.UNKNOWN
                        ? " → " + show(f.b()) + " (not recorded on one side)" : ""));
            }
        }
    }

    private void process(Node n, ProcessChange c) {
        for (FieldDiff f : c.fields()) {
            if (f.changed()) {
                n.add("~ " + show(f.name()) + ": " + show(f.a()) + " → " + show(f.b()));
            } else if (f.status() == FieldDiff.Status.UNKNOWN) {
                n.add("? " + f.name() + ": not recoverable on one side (" + show(f.a()) + " / " + show(f.b()) + ")");
            }
        }
        for (FieldDiff f : c.env()) {
            n.add((f.changed() ? "~ env " : "? env ") + show(f.name()) + ": " + show(f.a()) + " → " + show(f.b()));
        }
        for (FileInfo f : c.filesOpened()) {
            n.add("+ fd " + f.fd() + " " + show(f.type()) + " " + show(f.path()));
        }
        for (FileInfo f : c.filesClosed()) {
            n.add("- fd " + f.fd() + " " + show(f.type()) + " " + show(f.path()));
        }
        for (SocketInfo s : c.socketsOpened()) {
            n.add("+ socket " + socket(s));
        }
        for (SocketInfo s : c.socketsClosed()) {
            n.add("- socket " + socket(s));
        }
        MemoryChange m = c.memory();
        if (m.changed() || !onlyDifferences) {
            Node mem = n.add((m.changed() ? "~ " : "  ") + "memory: " + m.vmaCount().a() + " → " + m.vmaCount().b()
                    + " areas, mapped " + bytes(m.mappedBytes()) + ", dumped " + bytes(m.dumpedBytes()));
            for (Vma v : m.vmasAdded()) {
                mem.add("+ " + vma(v));
            }
            for (Vma v : m.vmasRemoved()) {
                mem.add("- " + vma(v));
            }
            for (VmaChange v : m.vmasResized()) {
                mem.add("~ " + v.start() + "-" + v.endA() + " " + v.protA() + " → " + v.start() + "-" + v.endB() + " "
                        + v.protB() + " " + label(v.label()) + " (" + Units.bytes(v.sizeA()) + " → "
                        + Units.bytes(v.sizeB()) + ")");
            }
        }
    }

    private void rootfs(Node n, RootfsChanges r) {
        for (RootfsEntry e : r.added()) {
            n.add("+ " + entry(e));
        }
        for (RootfsEntry e : r.removed()) {
            n.add("- " + entry(e));
        }
        for (RootfsChange c : r.changed()) {
            List<String> parts = new ArrayList<>();
            for (FieldDiff f : c.fields()) {
                parts.add(f.name() + " " + show(f.a()) + " → " + show(f.b()));
            }
            n.add("~ " + show(c.path()) + "  " + String.join(", ", parts));
        }
        for (String p : r.deletedAdded()) {
            n.add("+ deleted " + show(p));
        }
        for (String p : r.deletedRemoved()) {
            n.add("- deleted " + show(p) + " (no longer listed)");
        }
    }

    private static String entry(RootfsEntry e) {
        return show(e.path()) + ("dir".equals(e.type()) ? "/" : "") + (e.link() != null ? " -> " + show(e.link()) : "")
                + " (" + e.type() + ("file".equals(e.type()) ? ", " + Units.bytes(e.size()) : "") + ", " + e.mode() + ")";
    }

    private static String vma(Vma v) {
        return v.start() + "-" + v.end() + " " + v.prot() + " " + v.kind() + " " + label(v.label()) + " ("
                + Units.bytes(CheckpointDiffer.size(v)) + ", " + Units.bytes(v.dumpedBytes()) + " dumped)";
    }

    private static String label(String l) {
        return l == null || l.isEmpty() ? "[anon]" : show(l);
    }

    private static String socket(SocketInfo s) {
        return "fd " + s.fd() + " " + show(s.family()) + "/" + show(s.type()) + " " + show(s.state()) + " " + show(s.src())
                + (s.srcPort() == null ? "" : ":" + s.srcPort()) + " -> " + show(s.dst())
                + (s.dstPort() == null ? "" : ":" + s.dstPort());
    }

    private static String bytes(FieldDiff f) {
        try {
            String a = Units.bytes(Long.parseLong(f.a()));
            return f.changed() ? a + " → " + Units.bytes(Long.parseLong(f.b())) : a;
        } catch (NumberFormatException e) {
            return show(f.a()) + " → " + show(f.b());
        }
    }

    static String ref(ProcessRef p) {
        String cmd = show(p.command());
        return "[" + p.pid() + "] " + (cmd.length() > 160 ? cmd.substring(0, 159) + "…" : cmd) + "  (ppid " + p.ppid() + ", " + p.state()
                + (p.threads() > 1 ? ", " + p.threads() + " threads" : "") + ")";
    }

    /** Values come from a checkpoint that may be crafted: control characters are shown escaped, one line each. */
    static String show(String s) {
        if (s == null) {
            return "(none)";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                b.append("\\n");
            } else if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static final class Node {
        private final String text;
        private final List<Node> children = new ArrayList<>();

        Node(String text) {
            this.text = text;
        }

        Node add(String childText) {
            Node child = new Node(childText);
            children.add(child);
            return child;
        }

        void print(StringBuilder sb, String indent) {
            for (int i = 0; i < children.size(); i++) {
                boolean last = i == children.size() - 1;
                Node child = children.get(i);
                sb.append(indent).append(last ? "└── " : "├── ").append(child.text).append('\n');
                child.print(sb, indent + (last ? "    " : "│   "));
            }
        }
    }
}
