package io.checkpointinspector.inspect;

import io.checkpointinspector.criu.PageMapIndex;
import io.checkpointinspector.criu.PageSize;
import io.checkpointinspector.criu.ProcessArgs;
import io.checkpointinspector.criu.RawFields;
import io.checkpointinspector.criu.proto.CoreEntry;
import io.checkpointinspector.criu.proto.FdinfoEntry;
import io.checkpointinspector.criu.proto.FsEntry;
import io.checkpointinspector.criu.proto.MmEntry;
import io.checkpointinspector.criu.proto.PstreeEntry;
import io.checkpointinspector.criu.proto.TaskKobjIdsEntry;
import io.checkpointinspector.criu.proto.VmaEntry;
import io.checkpointinspector.model.FileInfo;
import io.checkpointinspector.model.MemoryInfo;
import io.checkpointinspector.model.ProcessInfo;
import io.checkpointinspector.model.SocketInfo;
import io.checkpointinspector.model.ThreadInfo;
import io.checkpointinspector.model.Vma;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds one {@link ProcessInfo} per pstree entry from the task's core, ids, fs, fdinfo, mm and pagemap images. */
final class ProcessAssembler {

    // CRIU's VMA status bits (criu/include/image.h).
    private static final int VMA_AREA_STACK = 1 << 1;
    private static final int VMA_AREA_VSYSCALL = 1 << 2;
    private static final int VMA_AREA_VDSO = 1 << 3;
    private static final int VMA_AREA_HEAP = 1 << 5;
    private static final int VMA_FILE_PRIVATE = 1 << 6;
    private static final int VMA_FILE_SHARED = 1 << 7;
    private static final int VMA_ANON_SHARED = 1 << 8;
    private static final int VMA_AREA_SYSVIPC = 1 << 10;
    private static final int VMA_AREA_SOCKET = 1 << 11;
    private static final int VMA_AREA_VVAR = 1 << 12;
    private static final int VMA_AREA_AIORING = 1 << 13;
    private static final int VMA_AREA_MEMFD = 1 << 14;

    private final ImageSet images;
    private final FileTable files;
    private final ArgsRecovery args;
    private final List<String> warnings;

    ProcessAssembler(ImageSet images, FileTable files, ArgsRecovery args, List<String> warnings) {
        this.images = images;
        this.files = files;
        this.args = args;
        this.warnings = warnings;
    }

    List<ProcessInfo> processes() {
        List<ProcessInfo> out = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        int index = 0;
        for (PstreeEntry task : images.records("pstree.img", PstreeEntry.class)) {
            index++;
            // A pid appears once in a real process tree; a crafted one may repeat pids or leave them out, and
            // every view keys processes by pid.
            if (!task.hasPid()) {
                warnings.add("checkpoint/pstree.img: record #" + index + " has no pid; skipped");
            } else if (!seen.add(task.getPid())) {
                warnings.add("checkpoint/pstree.img: record #" + index + " repeats pid " + task.getPid()
                        + "; skipped");
            } else {
                out.add(process(task));
            }
        }
        warnCycles(out);
        return out;
    }

    /**
     * A real tree has no parent cycles; a damaged or crafted pstree.img may. The views draw each cycle by cutting
     * the link of its first process in pstree order to its parent (that process becomes a root); say which.
     */
    private void warnCycles(List<ProcessInfo> processes) {
        java.util.Map<Integer, Integer> parent = new java.util.LinkedHashMap<>();
        processes.forEach(p -> parent.put(p.pid(), p.ppid()));
        Set<Integer> settled = new HashSet<>();
        for (ProcessInfo p : processes) {
            if (p.ppid() == p.pid()) {
                warnings.add("checkpoint/pstree.img: pid " + p.pid() + " names itself as its parent: shown as a root");
                settled.add(p.pid());
            }
        }
        for (ProcessInfo p : processes) {
            List<Integer> path = new ArrayList<>();
            Set<Integer> onPath = new HashSet<>();
            int at = p.pid();
            while (parent.containsKey(at) && !settled.contains(at) && onPath.add(at)) {
                path.add(at);
                at = parent.get(at);
            }
            if (onPath.contains(at) && !settled.contains(at)) {
                List<Integer> cycle = path.subList(path.indexOf(at), path.size());
                int cut = cycle.stream().min(java.util.Comparator.comparingInt(pid -> indexOf(processes, pid)))
                        .orElseThrow();
                StringBuilder ring = new StringBuilder();
                int from = cycle.indexOf(cut);
                for (int i = 0; i <= cycle.size(); i++) {
                    ring.append(i == 0 ? "" : " → ").append(cycle.get((from + i) % cycle.size()));
                }
                warnings.add("checkpoint/pstree.img: the parent links form a cycle (" + ring + ", each pid's parent"
                        + " after it): the link of pid " + cut + " to its parent " + parent.get(cut)
                        + " is cut and pid " + cut + " is shown as a root");
            }
            settled.addAll(path);
        }
    }

    private static int indexOf(List<ProcessInfo> processes, int pid) {
        for (int i = 0; i < processes.size(); i++) {
            if (processes.get(i).pid() == pid) {
                return i;
            }
        }
        return -1;
    }

    private ProcessInfo process(PstreeEntry task) {
        int pid = task.getPid();
        Optional<CoreEntry> core = images.first("core-" + pid + ".img", CoreEntry.class);
        if (core.isEmpty()) {
            String name = "core-" + pid + ".img";
            warnings.add("checkpoint/" + name + " " + images.whyEmpty(name) + ": state and name of pid " + pid
                    + " unknown");
        }
        String comm = core.filter(CoreEntry::hasTc).map(c -> c.getTc().getComm()).orElse(null);
        Integer state = core.filter(c -> c.hasTc() && c.getTc().hasTaskState())
                .map(c -> c.getTc().getTaskState()).orElse(null);
        Integer exitCode = core.filter(c -> c.hasTc() && c.getTc().hasExitCode())
                .map(c -> c.getTc().getExitCode()).orElse(null);

        List<ThreadInfo> threads = new ArrayList<>();
        for (int tid : task.getThreadsList()) {
            Optional<CoreEntry> tcore = images.first("core-" + tid + ".img", CoreEntry.class);
            String tcomm = tcore.filter(c -> c.hasThreadCore() && c.getThreadCore().hasComm())
                    .map(c -> c.getThreadCore().getComm())
                    .orElse(tid == pid ? comm : null);
            if (tcore.isEmpty() && tid != pid) {
                String name = "core-" + tid + ".img";
                warnings.add("checkpoint/" + name + " " + images.whyEmpty(name) + ": thread " + tid + " of pid "
                        + pid);
            }
            threads.add(new ThreadInfo(tid, tcomm, null));
        }

        Optional<FsEntry> fs = images.first("fs-" + pid + ".img", FsEntry.class);
        String cwd = fs.filter(FsEntry::hasCwdId).map(f -> files.regPath(Integer.toUnsignedLong(f.getCwdId())))
                .orElse(null);
        String root = fs.filter(FsEntry::hasRootId).map(f -> files.regPath(Integer.toUnsignedLong(f.getRootId())))
                .orElse(null);

        List<FileInfo> fileInfos = new ArrayList<>();
        List<SocketInfo> sockets = new ArrayList<>();
        for (FdinfoEntry fd : fdinfo(pid, core)) {
            fileInfos.add(files.describe(fd));
            files.socket(fd).ifPresent(sockets::add);
        }

        boolean hasMemory = "alive".equals(CriuNames.taskState(state)) || "stopped".equals(CriuNames.taskState(state));
        List<String> cmdline = null;
        Map<String, String> env = null;
        String note = null;
        MemoryInfo memory = MemoryInfo.absent();
        Optional<MmEntry> mm = images.first("mm-" + pid + ".img", MmEntry.class);
        if (mm.isPresent()) {
            memory = memory(pid, mm.get());
            ArgsRecovery.Recovered r = args.result(pid);
            if (r.argv().status() != ProcessArgs.Status.NOT_RECOVERABLE) {
                cmdline = r.argv().args();
            }
            if (r.env().status() != ProcessArgs.Status.NOT_RECOVERABLE) {
                env = new LinkedHashMap<>();
                for (ProcessArgs.EnvVar v : r.env().vars()) {
                    env.putIfAbsent(v.name(), v.value());
                }
            }
            note = r.argv().problem() != null ? r.argv().problem() : r.env().problem();
        } else if (hasMemory) {
            note = "not recoverable: checkpoint/mm-" + pid + ".img " + images.whyEmpty("mm-" + pid + ".img");
        } else {
            note = "no memory: the task is " + CriuNames.taskState(state);
        }
        return new ProcessInfo(pid, task.getPpid(), task.getPgid(), task.getSid(), comm,
                CriuNames.taskState(state), exitCode, threads, cmdline, env, note, cwd, root, fileInfos, sockets,
                memory);
    }

    /** fdinfo-FILES_ID.img, where the files id comes from the core (CRIU >= 3) or the ids image. */
    private List<FdinfoEntry> fdinfo(int pid, Optional<CoreEntry> core) {
        Optional<TaskKobjIdsEntry> ids = core.filter(CoreEntry::hasIds).map(CoreEntry::getIds)
                .or(() -> images.first("ids-" + pid + ".img", TaskKobjIdsEntry.class));
        if (ids.isPresent() && ids.get().hasFilesId()) {
            String name = "fdinfo-" + Integer.toUnsignedLong(ids.get().getFilesId()) + ".img";
            if (images.has(name)) {
                return images.records(name, FdinfoEntry.class);
            }
        }
        // Before fdinfo_per_id, the image was named after the pid.
        return images.records("fdinfo-" + pid + ".img", FdinfoEntry.class);
    }

    private MemoryInfo memory(int pid, MmEntry mm) {
        int pageSize = PageSize.fromSavedAuxv(mm.getMmSavedAuxvList()).orElse(PageSize.DEFAULT);
        PageMapIndex index = images.get("pagemap-" + pid + ".img")
                .map(img -> PageMapIndex.of(img, pageSize)).orElse(null);
        List<Vma> vmas = new ArrayList<>();
        long mapped = 0;
        for (VmaEntry v : mm.getVmasList()) {
            long length = Long.compareUnsigned(v.getEnd(), v.getStart()) > 0 ? v.getEnd() - v.getStart() : 0;
            mapped += length;
            long dumped = index == null ? 0 : index.dumpedBytesWithin(v.getStart(), v.getEnd());
            long inParent = index == null ? 0 : index.inParentBytesWithin(v.getStart(), v.getEnd());
            vmas.add(new Vma(CriuNames.hex(v.getStart()), CriuNames.hex(v.getEnd()),
                    CriuNames.prot(v.getProt(), v.getFlags()), label(v, mm), kind(v, mm), dumped, inParent));
        }
        long dumpedTotal = index == null ? 0 : index.totalDumpedBytes();
        return new MemoryInfo(vmas.size(), mapped, dumpedTotal, vmas);
    }

    /** Like the kernel's /proc/PID/maps: the main stack is the mapping that holds mm->start_stack. */
    private static boolean holdsStack(VmaEntry v, MmEntry mm) {
        return mm.hasMmStartStack() && Long.compareUnsigned(v.getStart(), mm.getMmStartStack()) <= 0
                && Long.compareUnsigned(mm.getMmStartStack(), v.getEnd()) < 0;
    }

    private String label(VmaEntry v, MmEntry mm) {
        int s = v.getStatus();
        if ((s & VMA_AREA_HEAP) != 0) {
            return "[heap]";
        }
        if ((s & VMA_AREA_STACK) != 0 || holdsStack(v, mm)) {
            return "[stack]";
        }
        if ((s & VMA_AREA_VDSO) != 0) {
            return "[vdso]";
        }
        if ((s & VMA_AREA_VVAR) != 0) {
            return "[vvar]";
        }
        if ((s & VMA_AREA_VSYSCALL) != 0) {
            return "[vsyscall]";
        }
        if ((s & (VMA_FILE_PRIVATE | VMA_FILE_SHARED | VMA_AREA_MEMFD)) != 0) {
            String path = files.regPath(v.getShmid());
            return path != null ? path : "file id " + v.getShmid();
        }
        if ((s & VMA_AREA_SYSVIPC) != 0) {
            return "/SYSV" + String.format("%08x", v.getShmid()) + " (deleted)";
        }
        if ((s & VMA_AREA_AIORING) != 0) {
            return "/[aio] (deleted)";
        }
        if ((s & VMA_ANON_SHARED) != 0) {
            return "/dev/zero (deleted)";
        }
        return "";
    }

    private static String kind(VmaEntry v, MmEntry mm) {
        int s = v.getStatus();
        if ((s & VMA_AREA_HEAP) != 0) {
            return "heap";
        }
        if ((s & VMA_AREA_STACK) != 0 || holdsStack(v, mm)) {
            return "stack";
        }
        if ((s & (VMA_AREA_VDSO | VMA_AREA_VVAR | VMA_AREA_VSYSCALL)) != 0) {
            return "vdso";
        }
        if ((s & (VMA_FILE_PRIVATE | VMA_FILE_SHARED | VMA_AREA_MEMFD)) != 0) {
            return "file";
        }
        if ((s & (VMA_ANON_SHARED | VMA_AREA_SYSVIPC | VMA_AREA_AIORING | VMA_AREA_SOCKET)) != 0) {
            return "shared";
        }
        return "anon";
    }

    /** The architecture named by the first core image, or null. */
    static String arch(ImageSet images) {
        for (String name : images.names()) {
            if (name.startsWith("core-")) {
                Optional<CoreEntry> core = images.first(name, CoreEntry.class);
                if (core.isPresent()) {
                    CoreEntry c = core.get();
                    if (c.hasMtype()) {
                        return CriuNames.arch(c.getMtype().getNumber());
                    }
                    var raw = RawFields.enumNumber(c, "mtype");
                    if (raw.isPresent()) {
                        return CriuNames.arch((int) raw.getAsLong());
                    }
                }
            }
        }
        return null;
    }
}
