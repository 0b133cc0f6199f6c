package io.checkpointinspector.ui;

import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.model.CheckpointedContainer;
import io.checkpointinspector.model.CriuInfo;
import io.checkpointinspector.model.DumpStats;
import io.checkpointinspector.model.FileInfo;
import io.checkpointinspector.model.ImageEntry;
import io.checkpointinspector.model.MemoryInfo;
import io.checkpointinspector.model.ProcessInfo;
import io.checkpointinspector.model.RootfsDiff;
import io.checkpointinspector.model.RootfsEntry;
import io.checkpointinspector.model.Sizes;
import io.checkpointinspector.model.SourceInfo;
import io.checkpointinspector.model.ThreadInfo;
import io.checkpointinspector.model.Vma;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A made-up, large checkpoint model for the speed test: many processes, a big rootfs diff. */
final class SyntheticCheckpoint {

    private SyntheticCheckpoint() {
    }

    static Checkpoint of(int processCount, int folders, int filesPerFolder, int deleted) {
        List<ProcessInfo> processes = new ArrayList<>();
        for (int pid = 1; pid <= processCount; pid++) {
            int ppid = pid == 1 ? 0 : pid <= 41 ? 1 : 2 + (pid % 40);
            processes.add(process(pid, ppid));
        }
        List<RootfsEntry> entries = new ArrayList<>();
        long bytes = 0;
        for (int d = 0; d < folders; d++) {
            entries.add(new RootfsEntry("/data/dir-" + d, "dir", 0, "0755", null));
            for (int f = 0; f < filesPerFolder; f++) {
                long size = 100L * (f + 1) + d;
                entries.add(new RootfsEntry("/data/dir-" + d + "/file-" + f + ".txt", "file", size, "0644", null));
                bytes += size;
            }
        }
        List<String> gone = new ArrayList<>();
        for (int i = 0; i < deleted; i++) {
            gone.add("/etc/old-" + i + ".conf");
        }
        List<ImageEntry> images = new ArrayList<>();
        for (int pid = 1; pid <= processCount; pid++) {
            images.add(new ImageEntry("checkpoint/core-" + pid + ".img", 2048, "CORE"));
        }
        return new Checkpoint(Checkpoint.SCHEMA_VERSION,
                new SourceInfo("/synthetic.tar", "TAR_ARCHIVE", "NONE", 1L << 30, "synthetic"),
                new CheckpointedContainer("Podman", "synthetic-big", "ffffeeeeddddccccbbbbaaaa", "localhost/big:latest", "ab",
                        "runc", "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z", null, null, "10.88.0.2",
                        "aa:bb:cc:dd:ee:ff", Map.of("io.podman.annotations.autoremove", "FALSE")),
                new CriuInfo("4.1.1", 2, "x86_64", 4096), new Sizes(1L << 30, 1L << 29, bytes),
                new DumpStats(1000L, 200_000L, 90_000L, 80_000L, 262_144L, 0L, 262_000L, 0L), processes, List.of(),
                new RootfsDiff(folders * filesPerFolder, bytes, entries, gone), images, List.of(), List.of());
    }

    private static ProcessInfo process(int pid, int ppid) {
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            env.put("VAR_" + i, "value-" + pid + "-" + i);
        }
        List<FileInfo> files = List.of(new FileInfo(0, "REG", "/dev/null", 0L, 0L),
                new FileInfo(1, "PIPE", "pipe[" + (1000 + pid) + "]", 1L, null),
                new FileInfo(3, "REG", "/var/log/app-" + pid + ".log", 1025L, 4096L));
        List<Vma> vmas = new ArrayList<>();
        long base = 0x400000L;
        for (int i = 0; i < 20; i++) {
            long start = base + i * 0x100000L;
            vmas.add(new Vma("0x" + Long.toHexString(start), "0x" + Long.toHexString(start + 0x80000L), "rw-p", "",
                    i % 4 == 0 ? "heap" : i % 4 == 1 ? "file" : "anon", 0x10000L));
        }
        return new ProcessInfo(pid, ppid, 1, 1, "worker", "alive", 0, List.of(new ThreadInfo(pid, "worker", null)),
                List.of("/usr/bin/worker", "--id", String.valueOf(pid), "--mode", "serve"), env, null, "/", "/", files,
                List.of(), new MemoryInfo(vmas.size(), 20L * 0x80000L, 20L * 0x10000L, vmas));
    }
}
