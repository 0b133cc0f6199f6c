package io.checkpointinspector.helper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** podman container checkpoint, exporting through a root-private scratch folder into the user's file. */
final class CheckpointHandler {

    private final HelperConfig config;
    private final ResponseWriter writer;

    CheckpointHandler(HelperConfig config, ResponseWriter writer) {
        this.config = config;
        this.writer = writer;
    }

    /** podman's arguments for r, exporting to scratch (null without export). */
    static List<String> arguments(Request.Checkpoint r, Path scratch) {
        List<String> a = new ArrayList<>(List.of("container", "checkpoint"));
        if (scratch != null) {
            a.add("--export=" + scratch);
            if (r.compression() != null) {
                a.add("--compress=" + r.compression());
            }
        }
        flag(a, r.leaveRunning(), "--leave-running");
        flag(a, r.tcpEstablished(), "--tcp-established");
        flag(a, r.fileLocks(), "--file-locks");
        flag(a, r.keep(), "--keep");
        flag(a, r.ignoreRootfs(), "--ignore-rootfs");
        flag(a, r.ignoreVolumes(), "--ignore-volumes");
        flag(a, r.preCheckpoint(), "--pre-checkpoint");
        flag(a, r.withPrevious(), "--with-previous");
        if (r.createImage() != null) {
            a.add("--create-image=" + r.createImage());
        }
        flag(a, r.printStats(), "--print-stats");
        a.add("--");
        a.add(r.container());
        return a;
    }

    static void flag(List<String> a, boolean on, String flag) {
        if (on) {
            a.add(flag);
        }
    }

    JsonNode run(Request.Checkpoint r, Job job, Consumer<String> progress) throws IOException, RefusedException {
        Podman podman = Inventory.requirePodman(config);
        Path target = r.export() == null ? null : Path.of(r.export());
        if (target == null) {
            return finish(r, null, null, runPodman(podman, r, null, job, progress));
        }
        ExportTarget.check(target, config.caller());
        FileChannel out = ExportTarget.reserve(target, config.caller());
        Path scratch = Files.createTempDirectory(config.workDir(), "checkpoint-inspector-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        boolean done = false;
        try (out) {
            Path archive = scratch.resolve("export.tar");
            Podman.Outcome o = runPodman(podman, r, archive, job, progress);
            progress.accept("copying the archive (" + Files.size(archive) + " bytes) to " + target);
            long bytes;
            try (InputStream in = Files.newInputStream(archive)) {
                bytes = ExportTarget.copy(in, out, job);
            }
            if (bytes < 0) {
                throw new RefusedException(Protocol.CODE_CANCELLED, "cancelled while copying the archive");
            }
            done = true;
            return finish(r, target, bytes, o);
        } finally {
            deleteTree(scratch);
            if (!done) {
                ExportTarget.discard(target, config.caller());
            }
        }
    }

    private static Podman.Outcome runPodman(Podman podman, Request.Checkpoint r, Path scratch, Job job,
            Consumer<String> progress) throws IOException, RefusedException {
        List<String> args = arguments(r, scratch);
        progress.accept("running " + podman.executable() + " " + String.join(" ", args));
        Podman.Outcome o = podman.run(args, job, progress);
        return Handlers.require(o, job, "podman container checkpoint");
    }

    private JsonNode finish(Request.Checkpoint r, Path target, Long bytes, Podman.Outcome o) {
        ObjectNode res = writer.object();
        res.put(Protocol.Reply.CONTAINER, r.container());
        ObjectNode stats = r.printStats() ? Stats.parse(writer.json(), o.stdout(), false) : null;
        String id = stats != null ? stats.path(Protocol.StatsField.CONTAINER_ID).asText(null) : o.stdout().strip();
        res.put(Protocol.Reply.CONTAINER_ID, id == null || id.isEmpty() ? null : id);
        res.put(Protocol.Reply.EXPORT, target == null ? null : target.toString());
        if (bytes == null) {
            res.putNull(Protocol.Reply.BYTES);
        } else {
            res.put(Protocol.Reply.BYTES, bytes);
        }
        res.put(Protocol.Reply.COMPRESSION, target == null ? null : r.compression() == null ? "zstd" : r.compression());
        res.put(Protocol.Reply.IMAGE, r.createImage());
        res.set(Protocol.Reply.STATS, stats);
        return res;
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
