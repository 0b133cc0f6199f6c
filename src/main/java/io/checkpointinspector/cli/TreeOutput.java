package io.checkpointinspector.cli;

import io.checkpointinspector.text.RootfsFacts;
import io.checkpointinspector.text.Units;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.model.FileInfo;
import io.checkpointinspector.model.MountInfo;
import io.checkpointinspector.model.ProcessInfo;
import io.checkpointinspector.model.RootfsEntry;
import io.checkpointinspector.model.SocketInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.checkpointinspector.model.ContainerdCheckpoint;
import io.checkpointinspector.text.ContainerdFacts;

/** The human-readable form of {@code inspect}: a tree drawn with box characters. */
final class TreeOutput {

    private static final int MAX_DEPTH = 64;

    private final StringBuilder out = new StringBuilder();

    String render(Checkpoint c) {
        var ci = c.container();
        out.append(nz(ci.name(), "(unnamed container)")).append('\n');
        Node root = new Node("");
        Node container = root.add("Container");
        container.kv("Engine", ci.engine());
        container.kv("ID", ci.id());
        container.kv("Image", ci.image());
        container.kv("Image ID", ci.imageId());
        container.kv("Runtime", ci.runtime());
        container.kv("Created", ci.created());
        container.kv("Checkpointed", ci.checkpointed());
        container.kv("Pod", ci.pod());
        container.kv("Namespace", ci.namespace());
        container.kv("IP", ci.ip());
        container.kv("MAC", ci.mac());

        Node source = root.add("Source");
        source.kv("Path", c.source().path());
        source.kv("Format", c.source().description());
        source.kv("Size", Units.bytes(c.source().bytes()) + " (" + c.source().bytes() + " bytes)");

        if (c.containerd() != null) {
            containerd(root.add("containerd checkpoint"), c.containerd());
        }

        Node criu = root.add("CRIU");
        criu.kv("Version", c.criu().version());
        criu.kv("Images version", str(c.criu().imagesVersion()));
        criu.kv("Architecture", c.criu().arch());
        criu.kv("Page size", str(c.criu().pageSize()));

        Node sizes = root.add("Sizes");
        sizes.kv("Checkpoint images", Units.bytes(c.sizes().checkpointBytes()));
        sizes.kv("Memory pages", Units.bytes(c.sizes().memoryPagesBytes()));
        sizes.kv("Root FS diff", Units.bytes(c.sizes().rootfsDiffBytes()));

        var s = c.stats();
        if (s.freezingTimeUs() != null || s.pagesWritten() != null) {
            Node stats = root.add("Dump statistics");
            stats.kv("Freezing time", us(s.freezingTimeUs()));
            stats.kv("Frozen time", us(s.frozenTimeUs()));
            stats.kv("Memdump time", us(s.memdumpTimeUs()));
            stats.kv("Memwrite time", us(s.memwriteTimeUs()));
            stats.kv("Pages scanned", str(s.pagesScanned()));
            stats.kv("Pages skipped (parent)", str(s.pagesSkippedParent()));
            stats.kv("Pages written", str(s.pagesWritten()));
            stats.kv("Pages lazy", str(s.pagesLazy()));
        }

        if (c.chain() != null) {
            chain(root, c);
        }

        Node procs = root.add("Process tree (" + c.processes().size() + ")");
        Map<Integer, List<ProcessInfo>> children = new HashMap<>();
        for (ProcessInfo p : c.processes()) {
            children.computeIfAbsent(p.ppid(), k -> new ArrayList<>()).add(p);
        }
        Set<Integer> pids = new HashSet<>();
        c.processes().forEach(p -> pids.add(p.pid()));
        // A crafted pstree may repeat pids or loop through parents: every record is drawn once, and the ones no
        // root reaches are drawn as roots of their own.
        Set<ProcessInfo> drawn = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ProcessInfo p : c.processes()) {
            if (!pids.contains(p.ppid()) || p.ppid() == p.pid()) {
                addProcess(procs, p, children, drawn, 0);
            }
        }
        for (ProcessInfo p : c.processes()) {
            if (!drawn.contains(p)) {
                addProcess(procs, p, children, drawn, 0);
            }
        }

        if (!c.mounts().isEmpty()) {
            Node mounts = root.add("Mounts (" + c.mounts().size() + ")");
            for (MountInfo m : c.mounts()) {
                mounts.add(m.destination() + "  " + nz(m.type(), "-") + "  " + nz(m.source(), "-")
                        + (m.options().isEmpty() ? "" : "  " + String.join(",", m.options())));
            }
        }

        var diff = c.rootfsDiff();
        Node fs = root.add("Root FS diff (" + diff.files() + (diff.files() == 1 ? " file, " : " files, ")
                + Units.bytes(diff.bytes()) + ", " + diff.entries().size() + " entries, " + diff.deleted().size()
                + " deleted)");
        for (RootfsEntry e : diff.entries()) {
            // "!" marks an entry a reviewer must look at: hostile, setuid/setgid, a device, world-writable.
            String mark = e.hostile() != null ? "! " : e.flags().isEmpty() ? "+ " : "* ";
            Node entry = fs.add(mark + e.path() + ("dir".equals(e.type()) ? "/" : "")
                    + (e.link() != null ? " -> " + e.link() : "")
                    + ("file".equals(e.type()) ? "  " + Units.bytes(e.size()) : ""));
            entry.add(RootfsFacts.type(e) + "  " + RootfsFacts.mode(e) + "  " + RootfsFacts.owner(e) + "  "
                    + nz(e.modified(), "?") + (e.flags().isEmpty() ? "" : "  [" + RootfsFacts.flags(e) + "]"));
            entry.kv("SHA-256", e.sha256());
            entry.kv("Hostile", e.hostile());
        }
        for (String d : diff.deleted()) {
            fs.add("- " + d + " (deleted)");
        }
        if (!c.warnings().isEmpty()) {
            Node w = root.add("Warnings (" + c.warnings().size() + ")");
            c.warnings().forEach(w::add);
        }
        root.print(out, "");
        return out.toString();
    }

    private static void chain(Node root, Checkpoint c) {
        var ch = c.chain();
        int page = c.criu().pageSize() != null ? c.criu().pageSize() : 4096;
        Node n = root.add("Pre-dump chain");
        n.kv("Role", ch.incremental() ? "incremental child (pages kept in a parent checkpoint)"
                : "pre-dump (memory pages only: the parent of a later checkpoint)");
        n.kv("Images", ch.imagesDir());
        if (ch.parentLink() != null) {
            n.kv("Parent link", ch.imagesDir() + "parent -> " + ch.parentLink() + (ch.parentDir() == null
                    ? " (leaves this source: not followed)" : " (" + ch.parentDir() + ")"));
        }
        n.kv("Note", ch.parentNote());
        n.kv("Pages in the parent", Units.count(ch.pagesInParent()) + " (" + Units.bytes(ch.pagesInParent() * page)
                + ")");
        n.kv("Pages in this checkpoint", Units.count(ch.pagesInImage()) + " (" + Units.bytes(ch.pagesInImage() * page)
                + ")");
        for (var p : c.parents()) {
            Node l = n.add("Parent " + p.depth() + ": " + p.source());
            l.kv("Images", p.imagesDir() + " (" + p.role() + ")");
            l.kv("Reached by", p.linkTarget() == null ? "--parent (no parent link)" : "parent -> " + p.linkTarget());
            l.kv("Pids", p.pids().toString());
            l.kv("Pages held", Units.count(p.pagesHeld()));
            l.kv("Pages read from it", Units.count(p.pagesSupplied()));
            l.kv("Pages missing from it", Units.count(p.pagesMissing()));
            var s = p.stats();
            if (s.frozenTimeUs() != null || s.pagesWritten() != null) {
                Node st = l.add(io.checkpointinspector.model.ChainInfo.PRE_DUMP.equals(p.role()) ? "Pre-dump statistics" : "Dump statistics");
                st.kv("Freezing time", us(s.freezingTimeUs()));
                st.kv("Frozen time", us(s.frozenTimeUs()));
                st.kv("Memdump time", us(s.memdumpTimeUs()));
                st.kv("Memwrite time", us(s.memwriteTimeUs()));
                st.kv("Pages scanned", str(s.pagesScanned()));
                st.kv("Pages skipped (parent)", str(s.pagesSkippedParent()));
                st.kv("Pages written", str(s.pagesWritten()));
            }
        }
    }

    private record Pending(Node parent, ProcessInfo process, int depth) {
    }

    /** Draws {@code root} and its descendants; iterative, so no pstree shape can exhaust the stack. */
    private static void containerd(Node node, ContainerdCheckpoint d) {
        ContainerdFacts.index(d).forEach(e -> node.kv(e.getKey(), e.getValue()));
        Node blobs = node.add("Blobs (" + d.blobs().size() + ")");
        ContainerdFacts.blobs(d).forEach(e -> blobs.kv(e.getKey(), e.getValue()));
        if (d.checkpointOptions() != null) {
            Node o = node.add("Checkpoint options (runc)");
            ContainerdFacts.options(d.checkpointOptions()).forEach(e -> o.kv(e.getKey(), e.getValue()));
        }
        if (d.runtimeOptions() != null) {
            Node o = node.add("Runtime options (runc)");
            ContainerdFacts.options(d.runtimeOptions()).forEach(e -> o.kv(e.getKey(), e.getValue()));
        }
    }

    private void addProcess(Node parent, ProcessInfo root, Map<Integer, List<ProcessInfo>> children,
            Set<ProcessInfo> drawn, int rootDepth) {
        Deque<Pending> todo = new ArrayDeque<>();
        todo.push(new Pending(parent, root, rootDepth));
        while (!todo.isEmpty()) {
            Pending next = todo.pop();
            ProcessInfo p = next.process();
            if (!drawn.add(p)) {
                continue;
            }
            Node n = drawProcess(next.parent(), p);
            // Past MAX_DEPTH descendants are drawn flat under the deepest node, so Node.print stays shallow.
            Node under = next.depth() < MAX_DEPTH ? n : next.parent();
            int depth = Math.min(next.depth() + 1, MAX_DEPTH);
            List<ProcessInfo> kids = children.getOrDefault(p.pid(), List.of());
            for (int i = kids.size() - 1; i >= 0; i--) {
                if (kids.get(i).pid() != p.pid()) {
                    todo.push(new Pending(under, kids.get(i), depth));
                }
            }
        }
    }

    private Node drawProcess(Node parent, ProcessInfo p) {
        String cmd = p.cmdline() == null || p.cmdline().isEmpty() ? "[" + p.comm() + "]" : String.join(" ", p.cmdline());
        Node n = parent.add("[" + p.pid() + "] " + cmd + "  (" + p.state()
                + (p.threads().size() > 1 ? ", " + p.threads().size() + " threads" : "") + ")");
        if (p.argsNote() != null) {
            n.kv("Note", p.argsNote());
        }
        n.kv("Cwd", p.cwd());
        if (p.env() != null && !p.env().isEmpty()) {
            Node env = n.add("Environment (" + p.env().size() + ")");
            p.env().forEach((k, v) -> env.add(k + "=" + v));
        }
        if (!p.files().isEmpty()) {
            Node files = n.add("Open files (" + p.files().size() + ")");
            for (FileInfo f : p.files()) {
                files.add(f.fd() + "  " + f.type() + "  " + nz(f.path(), ""));
            }
        }
        if (!p.sockets().isEmpty()) {
            Node socks = n.add("Sockets (" + p.sockets().size() + ")");
            for (SocketInfo s : p.sockets()) {
                socks.add(s.fd() + "  " + s.family() + "/" + s.type() + "  " + nz(s.state(), "")
                        + "  " + endpoint(s.src(), s.srcPort()) + " -> " + endpoint(s.dst(), s.dstPort()));
            }
        }
        var m = p.memory();
        n.kv("Memory", m.vmaCount() + " mappings, " + Units.bytes(m.mappedBytes()) + " mapped, "
                + Units.bytes(m.dumpedBytes()) + " dumped");
        return n;
    }

    private static String endpoint(String addr, Integer port) {
        return nz(addr, "*") + (port == null ? "" : ":" + port);
    }

    private static String us(Long micros) {
        return micros == null ? null : micros + " us";
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static String nz(String s, String fallback) {
        return s == null || s.isEmpty() ? fallback : s;
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

        void kv(String key, String value) {
            if (value != null && !value.isEmpty()) {
                add(key + ": " + value);
            }
        }

        void print(StringBuilder sb, String indent) {
            for (int i = 0; i < children.size(); i++) {
                boolean last = i == children.size() - 1;
                Node child = children.get(i);
                sb.append(indent).append(last ? "└── " : "├── ").append(child.text.replace('\n', ' ')).append('\n');
                child.print(sb, indent + (last ? "    " : "│   "));
            }
        }
    }
}
