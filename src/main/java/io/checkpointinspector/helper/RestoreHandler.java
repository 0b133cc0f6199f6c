package io.checkpointinspector.helper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** podman container restore, from an archive the calling user can read or from a checkpointed container. */
final class RestoreHandler {

    private final HelperConfig config;
    private final ResponseWriter writer;

    RestoreHandler(HelperConfig config, ResponseWriter writer) {
        this.config = config;
        this.writer = writer;
    }

    static List<String> arguments(Request.Restore r) {
        List<String> a = new ArrayList<>(List.of("container", "restore", "--print-stats"));
        if (r.archive() != null) {
            a.add("--import=/dev/stdin");
        }
        if (r.name() != null) {
            a.add("--name=" + r.name());
        }
        CheckpointHandler.flag(a, r.keep(), "--keep");
        CheckpointHandler.flag(a, r.tcpEstablished(), "--tcp-established");
        CheckpointHandler.flag(a, r.ignoreStaticIp(), "--ignore-static-ip");
        CheckpointHandler.flag(a, r.ignoreStaticMac(), "--ignore-static-mac");
        CheckpointHandler.flag(a, r.ignoreRootfs(), "--ignore-rootfs");
        for (String p : r.publishPorts()) {
            a.add("--publish=" + p);
        }
        if (r.container() != null) {
            a.add("--");
            a.add(r.container());
        }
        return a;
    }

    JsonNode run(Request.Restore r, Job job, Consumer<String> progress) throws IOException, RefusedException {
        Podman podman = Inventory.requirePodman(config);
        List<String> args = arguments(r);
        Podman.Outcome o;
        if (r.archive() != null) {
            Path scratch = Files.createTempDirectory(config.workDir(), "checkpoint-inspector-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            try {
                Path copy = privateCopy(r, scratch, job, progress);
                RestoreAudit.Report report = audit(r, copy, job, progress);
                requireFreeName(podman, r.name() != null ? r.name() : report.name(), job);
                progress.accept("running " + podman.executable() + " " + String.join(" ", args) + " < " + r.archive());
                o = podman.run(args, copy.toFile(), job, progress);
            } finally {
                CheckpointHandler.deleteTree(scratch);
            }
        } else {
            progress.accept("running " + podman.executable() + " " + String.join(" ", args));
            o = podman.run(args, null, job, progress);
        }
        Handlers.require(o, job, "podman container restore");
        ObjectNode stats = Stats.parse(writer.json(), o.stdout(), true);
        ObjectNode res = writer.object();
        String id = stats == null ? null : stats.path(Protocol.StatsField.CONTAINER_ID).asText(null);
        res.put(Protocol.Reply.CONTAINER_ID, id);
        res.put(Protocol.Reply.NAME, r.name());
        res.put(Protocol.Reply.STATE, (String) null);
        if (id != null) {
            Podman.Outcome inspect = podman.run(List.of("container", "inspect", "--", id), job, line -> { });
            if (inspect.ok()) {
                JsonNode c = writer.json().readTree(inspect.stdout()).path(0);
                res.put(Protocol.Reply.NAME, c.path("Name").asText(r.name()));
                res.put(Protocol.Reply.STATE, c.path("State").path("Status").asText(null));
            }
        }
        res.set(Protocol.Reply.STATS, stats);
        return res;
    }

    /**
     * Copies the archive, opened as the user, into a root-private folder: the user owns the original and could
     * rewrite it after the check, so what is checked and what podman reads must be one private copy.
     */
    private Path privateCopy(Request.Restore r, Path scratch, Job job, Consumer<String> progress)
            throws IOException, RefusedException {
        Path copy = scratch.resolve("restore.tar");
        try (ArchiveSource source = ArchiveSource.open(Path.of(r.archive()), config.caller());
                InputStream in = Files.newInputStream(source.procPath());
                FileChannel out = FileChannel.open(copy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            progress.accept("copying " + r.archive() + " (read as uid " + config.caller().uid()
                    + ") to a private folder for checking");
            if (ExportTarget.copy(in, out, job) < 0) {
                throw new RefusedException(Protocol.CODE_CANCELLED, "cancelled while copying the archive");
            }
        }
        return copy;
    }

    private static RestoreAudit.Report audit(Request.Restore r, Path copy, Job job, Consumer<String> progress)
            throws IOException, RefusedException {
        progress.accept("checking what the archive asks of podman (config.dump, spec.dump, rootfs diff)");
        RestoreAudit.Report report = RestoreAudit.audit(copy, r.archive(), job::cancelled);
        if (!report.escapes().isEmpty()) {
            throw new RefusedException(Protocol.CODE_REFUSED, "refusing to restore " + r.archive()
                    + ": it would reach outside the container\n" + lines(report.escapes()));
        }
        if (!report.privileges().isEmpty()) {
            if (!r.allowPrivileged()) {
                throw new RefusedException(Protocol.CODE_PRIVILEGED, "refusing to restore " + r.archive()
                        + ": its container asks for more than an ordinary container (restored only when "
                        + "privileges are allowed explicitly: restore --allow-privileged)\n"
                        + lines(report.privileges()));
            }
            for (RestoreAudit.Finding f : report.privileges()) {
                progress.accept("restoring with privileges allowed explicitly despite " + f);
            }
        }
        return report;
    }

    static String lines(List<RestoreAudit.Finding> findings) {
        StringBuilder b = new StringBuilder();
        for (RestoreAudit.Finding f : findings) {
            b.append(b.length() == 0 ? "" : "\n").append("- ").append(f);
        }
        return b.toString();
    }

    /** Podman would fail late and half-way; a name already taken is refused before anything runs. */
    private static void requireFreeName(Podman podman, String name, Job job) throws IOException, RefusedException {
        if (name == null || !Checks.NAME.matcher(name).matches()) {
            throw new RefusedException(Protocol.CODE_REFUSED, "config.dump: name '" + RequestParser.printable(
                    String.valueOf(name)) + "' is not a container name; give one");
        }
        Podman.Outcome exists = podman.run(List.of("container", "exists", "--", name), job, line -> { });
        if (exists.exitCode() == 0) {
            throw new RefusedException(Protocol.CODE_REFUSED, "a container named " + name
                    + " already exists; choose another name");
        }
        if (exists.exitCode() != 1) {
            throw new RefusedException(Protocol.CODE_FAILED, "podman container exists failed: " + exists.failure());
        }
    }
}
