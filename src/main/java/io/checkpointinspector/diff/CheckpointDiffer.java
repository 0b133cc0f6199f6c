package io.checkpointinspector.diff;

import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.model.CheckpointedContainer;
import io.checkpointinspector.model.FileInfo;
import io.checkpointinspector.model.ProcessInfo;
import io.checkpointinspector.model.RootfsEntry;
import io.checkpointinspector.model.SocketInfo;
import io.checkpointinspector.model.ThreadInfo;
import io.checkpointinspector.model.Vma;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Computes the {@link CheckpointDiff} of two models. Processes are matched by pid when the command (comm) is the
 * same, then the rest by identical command line (pids differ between containers); files and sockets by their
 * whole record; memory areas by start address; root file-system entries by path (type, size, mode, link, owner and
 * content hash compared; the modification time is not: every rewrite moves it).
 */
public final class CheckpointDiffer {

    public CheckpointDiff diff(Checkpoint a, Checkpoint b) {
        List<FieldDiff> source = List.of(
                FieldDiff.of("path", a.source().path(), b.source().path()),
                FieldDiff.of("kind", a.source().kind(), b.source().kind()),
                FieldDiff.of("compression", a.source().compression(), b.source().compression()),
                FieldDiff.of("bytes", a.source().bytes(), b.source().bytes()));
        List<FieldDiff> container = container(a.container(), b.container());
        List<FieldDiff> criu = List.of(
                FieldDiff.of("version", a.criu().version(), b.criu().version()),
                FieldDiff.of("imagesVersion", a.criu().imagesVersion(), b.criu().imagesVersion()),
                FieldDiff.of("arch", a.criu().arch(), b.criu().arch()),
                FieldDiff.of("pageSize", a.criu().pageSize(), b.criu().pageSize()));
        List<FieldDiff> sizes = List.of(
                FieldDiff.of("checkpointBytes", a.sizes().checkpointBytes(), b.sizes().checkpointBytes()),
                FieldDiff.of("memoryPagesBytes", a.sizes().memoryPagesBytes(), b.sizes().memoryPagesBytes()),
                FieldDiff.of("rootfsDiffBytes", a.sizes().rootfsDiffBytes(), b.sizes().rootfsDiffBytes()));
        var sa = a.stats();
        var sb = b.stats();
        List<FieldDiff> stats = List.of(
                FieldDiff.of("freezingTimeUs", sa.freezingTimeUs(), sb.freezingTimeUs()),
                FieldDiff.of("frozenTimeUs", sa.frozenTimeUs(), sb.frozenTimeUs()),
                FieldDiff.of("memdumpTimeUs", sa.memdumpTimeUs(), sb.memdumpTimeUs()),
                FieldDiff.of("memwriteTimeUs", sa.memwriteTimeUs(), sb.memwriteTimeUs()),
                FieldDiff.of("pagesScanned", sa.pagesScanned(), sb.pagesScanned()),
                FieldDiff.of("pagesSkippedParent", sa.pagesSkippedParent(), sb.pagesSkippedParent()),
                FieldDiff.of("pagesWritten", sa.pagesWritten(), sb.pagesWritten()),
                FieldDiff.of("pagesLazy", sa.pagesLazy(), sb.pagesLazy()));

        boolean same = sameContainer(a.container(), b.container());
        String note = same ? "one container: " + describe(a.container())
                : "different containers: A is " + describe(a.container()) + ", B is " + describe(b.container());

        List<ProcessRef> added = new ArrayList<>();
        List<ProcessRef> removed = new ArrayList<>();
        List<ProcessChange> matched = new ArrayList<>();
        matchProcesses(a.processes(), b.processes(), added, removed, matched);
        RootfsChanges rootfs = rootfs(a, b);

        int metadata = 0;
        for (List<FieldDiff> rows : List.of(container, criu, sizes, stats)) {
            metadata += (int) rows.stream().filter(FieldDiff::changed).count();
        }
        int changedProcs = (int) matched.stream().filter(ProcessChange::changed).count();
        var summary = new CheckpointDiff.Summary(added.size(), removed.size(), changedProcs,
                matched.size() - changedProcs, rootfs.added().size(), rootfs.removed().size(),
                rootfs.changed().size(), rootfs.deletedAdded().size(), rootfs.deletedRemoved().size(), metadata);
        boolean identical = metadata == 0 && added.isEmpty() && removed.isEmpty() && changedProcs == 0
                && rootfs.isEmpty();
        return new CheckpointDiff(CheckpointDiff.SCHEMA_VERSION, identical, same, note, source, container, criu,
                sizes, stats, summary, added, removed, matched, rootfs, a.warnings(), b.warnings());
    }

    private static List<FieldDiff> container(CheckpointedContainer a, CheckpointedContainer b) {
        List<FieldDiff> rows = new ArrayList<>(List.of(
                FieldDiff.of("engine", a.engine(), b.engine()),
                FieldDiff.of("name", a.name(), b.name()),
                FieldDiff.of("id", a.id(), b.id()),
                FieldDiff.of("image", a.image(), b.image()),
                FieldDiff.of("imageId", a.imageId(), b.imageId()),
                FieldDiff.of("runtime", a.runtime(), b.runtime()),
                FieldDiff.of("created", a.created(), b.created()),
                FieldDiff.of("checkpointed", a.checkpointed(), b.checkpointed()),
                FieldDiff.of("pod", a.pod(), b.pod()),
                FieldDiff.of("namespace", a.namespace(), b.namespace()),
                FieldDiff.of("ip", a.ip(), b.ip()),
                FieldDiff.of("mac", a.mac(), b.mac())));
        Set<String> keys = new LinkedHashSet<>(a.annotations().keySet());
        keys.addAll(b.annotations().keySet());
        for (String k : keys) {
            rows.add(FieldDiff.of("annotation " + k, a.annotations().get(k), b.annotations().get(k)));
        }
        return rows;
    }

    /** Same container when both record the same id; without ids, the same engine and name. */
    static boolean sameContainer(CheckpointedContainer a, CheckpointedContainer b) {
        if (a.id() != null || b.id() != null) {
            return Objects.equals(a.id(), b.id());
        }
        return a.name() != null && Objects.equals(a.name(), b.name()) && Objects.equals(a.engine(), b.engine());
    }

    private static String describe(CheckpointedContainer c) {
        String id = c.id() == null ? "no id" : c.id().length() > 12 ? c.id().substring(0, 12) : c.id();
        return (c.name() == null ? "(unnamed)" : c.name()) + " (" + id + ")";
    }

    private static void matchProcesses(List<ProcessInfo> as, List<ProcessInfo> bs, List<ProcessRef> added,
            List<ProcessRef> removed, List<ProcessChange> matched) {
        Map<Integer, ProcessInfo> byPid = new LinkedHashMap<>();
        for (ProcessInfo p : bs) {
            byPid.putIfAbsent(p.pid(), p);   // a crafted pstree may repeat a pid: the first one counts
        }
        Set<ProcessInfo> usedB = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<ProcessInfo> leftA = new ArrayList<>();
        Map<ProcessInfo, ProcessInfo> pairs = new java.util.IdentityHashMap<>();
        for (ProcessInfo p : as) {
            ProcessInfo q = byPid.get(p.pid());
            if (q != null && !usedB.contains(q) && Objects.equals(p.comm(), q.comm())) {
                usedB.add(q);
                pairs.put(p, q);
            } else {
                leftA.add(p);
            }
        }
        Map<List<String>, List<ProcessInfo>> byCmd = new HashMap<>();
        for (ProcessInfo q : bs) {
            if (!usedB.contains(q) && q.cmdline() != null && !q.cmdline().isEmpty()) {
                byCmd.computeIfAbsent(q.cmdline(), k -> new ArrayList<>()).add(q);
            }
        }
        for (ProcessInfo p : leftA) {
            List<ProcessInfo> same = p.cmdline() == null ? null : byCmd.get(p.cmdline());
            if (same != null && !same.isEmpty()) {
                ProcessInfo q = same.remove(0);
                usedB.add(q);
                pairs.put(p, q);
            } else {
                removed.add(ProcessRef.of(p));
            }
        }
        for (ProcessInfo p : as) {
            ProcessInfo q = pairs.get(p);
            if (q != null) {
                matched.add(compare(p, q));
            }
        }
        for (ProcessInfo q : bs) {
            if (!usedB.contains(q)) {
                added.add(ProcessRef.of(q));
            }
        }
    }

    static ProcessChange compare(ProcessInfo a, ProcessInfo b) {
        List<FieldDiff> fields = List.of(
                FieldDiff.of("pid", a.pid(), b.pid()),
                FieldDiff.of("ppid", a.ppid(), b.ppid()),
                FieldDiff.recovered("cmdline", join(a.cmdline()), join(b.cmdline())),
                FieldDiff.of("state", a.state(), b.state()),
                FieldDiff.of("threads", a.threads().size(), b.threads().size()),
                FieldDiff.of("threadIds", tids(a.threads()), tids(b.threads())),
                FieldDiff.of("cwd", a.cwd(), b.cwd()),
                FieldDiff.of("root", a.root(), b.root()));
        List<FieldDiff> env = new ArrayList<>();
        if (a.env() != null && b.env() != null) {
            Set<String> keys = new LinkedHashSet<>(a.env().keySet());
            keys.addAll(b.env().keySet());
            for (String k : keys) {
                FieldDiff d = FieldDiff.of(k, a.env().get(k), b.env().get(k));
                if (d.changed()) {
                    env.add(d);
                }
            }
        } else if (a.env() != b.env()) {
            env.add(FieldDiff.recovered("(environment)", a.env() == null ? null : a.env().size() + " variables",
                    b.env() == null ? null : b.env().size() + " variables"));
        }
        List<FileInfo> opened = minus(b.files(), a.files(), CheckpointDiffer::fileKey);
        List<FileInfo> closed = minus(a.files(), b.files(), CheckpointDiffer::fileKey);
        List<SocketInfo> sOpened = minus(b.sockets(), a.sockets(), s -> s);
        List<SocketInfo> sClosed = minus(a.sockets(), b.sockets(), s -> s);
        MemoryChange memory = memory(a, b);
        boolean changed = fields.stream().anyMatch(FieldDiff::changed) || env.stream().anyMatch(FieldDiff::changed)
                || !opened.isEmpty() || !closed.isEmpty() || !sOpened.isEmpty() || !sClosed.isEmpty()
                || memory.changed();
        return new ProcessChange(ProcessRef.of(a), ProcessRef.of(b), fields, env, opened, closed, sOpened, sClosed,
                memory, changed);
    }

    private static String join(List<String> args) {
        return args == null ? null : String.join(" ", args);
    }

    private static String tids(List<ThreadInfo> threads) {
        StringBuilder s = new StringBuilder();
        for (ThreadInfo t : threads) {
            s.append(s.length() == 0 ? "" : ",").append(t.tid());
        }
        return s.toString();
    }

    /** A file is the same open file when fd, type and path agree (positions move on in a running process). */
    private static List<Object> fileKey(FileInfo f) {
        return java.util.Arrays.asList(f.fd(), f.type(), f.path());
    }

    private static <T> List<T> minus(Collection<T> from, Collection<T> other, java.util.function.Function<T, Object> key) {
        Map<Object, Integer> counts = new HashMap<>();
        for (T t : other) {
            counts.merge(key.apply(t), 1, Integer::sum);
        }
        List<T> out = new ArrayList<>();
        for (T t : from) {
            Object k = key.apply(t);
            Integer n = counts.get(k);
            if (n == null || n == 0) {
                out.add(t);
            } else {
                counts.put(k, n - 1);
            }
        }
        return out;
    }

    private static MemoryChange memory(ProcessInfo a, ProcessInfo b) {
        var ma = a.memory();
        var mb = b.memory();
        Map<String, Vma> byStart = new LinkedHashMap<>();
        for (Vma v : mb.vmas()) {
            byStart.putIfAbsent(v.start(), v);
        }
        Set<String> startsA = new java.util.HashSet<>();
        List<Vma> removed = new ArrayList<>();
        List<VmaChange> resized = new ArrayList<>();
        for (Vma v : ma.vmas()) {
            startsA.add(v.start());
            Vma w = byStart.get(v.start());
            if (w == null) {
                removed.add(v);
            } else if (!Objects.equals(v.end(), w.end()) || !Objects.equals(v.prot(), w.prot())) {
                resized.add(new VmaChange(v.start(), v.end(), w.end(), v.prot(), w.prot(), w.label(), size(v), size(w)));
            }
        }
        List<Vma> added = new ArrayList<>();
        for (Vma w : mb.vmas()) {
            if (!startsA.contains(w.start())) {
                added.add(w);
            }
        }
        return new MemoryChange(FieldDiff.of("vmaCount", ma.vmaCount(), mb.vmaCount()),
                FieldDiff.of("mappedBytes", ma.mappedBytes(), mb.mappedBytes()),
                FieldDiff.of("dumpedBytes", ma.dumpedBytes(), mb.dumpedBytes()), added, removed, resized);
    }

    /** The area's length; 0 when the model's addresses are not hex (a crafted image). */
    static long size(Vma v) {
        try {
            return Long.parseUnsignedLong(strip(v.end()), 16) - Long.parseUnsignedLong(strip(v.start()), 16);
        } catch (NumberFormatException | NullPointerException e) {
            return 0;
        }
    }

    private static String strip(String hex) {
        return hex.startsWith("0x") ? hex.substring(2) : hex;
    }

    private static RootfsChanges rootfs(Checkpoint a, Checkpoint b) {
        Map<String, RootfsEntry> inB = new LinkedHashMap<>();
        for (RootfsEntry e : b.rootfsDiff().entries()) {
            inB.putIfAbsent(e.path(), e);
        }
        Set<String> inA = new java.util.HashSet<>();
        List<RootfsEntry> removed = new ArrayList<>();
        List<RootfsChange> changed = new ArrayList<>();
        int unchanged = 0;
        for (RootfsEntry e : a.rootfsDiff().entries()) {
            if (!inA.add(e.path())) {
                continue;
            }
            RootfsEntry f = inB.get(e.path());
            if (f == null) {
                removed.add(e);
                continue;
            }
            List<FieldDiff> rows = new ArrayList<>();
            for (FieldDiff d : List.of(FieldDiff.of("type", e.type(), f.type()), FieldDiff.of("size", e.size(), f.size()),
                    FieldDiff.of("mode", e.mode(), f.mode()), FieldDiff.of("link", e.link(), f.link()),
                    FieldDiff.of("uid", e.uid(), f.uid()), FieldDiff.of("gid", e.gid(), f.gid()),
                    FieldDiff.of("sha256", e.sha256(), f.sha256()))) {
                if (d.changed()) {
                    rows.add(d);
                }
            }
            if (rows.isEmpty()) {
                unchanged++;
            } else {
                changed.add(new RootfsChange(e.path(), rows));
            }
        }
        List<RootfsEntry> added = new ArrayList<>();
        for (RootfsEntry f : inB.values()) {
            if (!inA.contains(f.path())) {
                added.add(f);
            }
        }
        Set<String> delA = new LinkedHashSet<>(a.rootfsDiff().deleted());
        Set<String> delB = new LinkedHashSet<>(b.rootfsDiff().deleted());
        List<String> deletedAdded = delB.stream().filter(p -> !delA.contains(p)).toList();
        List<String> deletedRemoved = delA.stream().filter(p -> !delB.contains(p)).toList();
        return new RootfsChanges(added, removed, changed, unchanged, deletedAdded, deletedRemoved);
    }
}
