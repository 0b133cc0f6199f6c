package io.checkpointinspector.helper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * ctr containers restore --rw --live NAME REF, from a checkpoint image in containerd's store or from an exported
 * one (rewritten and imported under a name of the helper's, removed again afterwards).
 *
 * <p>What works on containerd 1.6.20 (Debian 12): ctr containers restore --rw --live makes a new container from
 * the checkpoint and starts its task from the CRIU images, and the processes go on. ctr run has no --checkpoint
 * there (flag provided but not defined), and ctr tasks start has no checkpoint option.
 */
final class ContainerdRestore {

    static final String IMPORT_REPOSITORY = "localhost/checkpoint-inspector-import";

    private final HelperConfig config;
    private final ResponseWriter writer;
    private final SecureRandom random = new SecureRandom();

    ContainerdRestore(HelperConfig config, ResponseWriter writer) {
        this.config = config;
        this.writer = writer;
    }

    private byte[] nonce() {
        byte[] b = new byte[8];
        random.nextBytes(b);
        return b;
    }

    static List<String> arguments(String name, String ref) {
        return List.of("containers", "restore", "--rw", "--live", "--", name, ref);
    }

    JsonNode run(Request.Restore r, Job job, Consumer<String> progress) throws IOException, RefusedException {
        Ctr ctr = Ctr.require(config);
        if (ctr.containers(Protocol.CONTAINERD_NAMESPACE, job).stream().anyMatch(c -> c.id().equals(r.name()))) {
            throw new RefusedException(Protocol.CODE_REFUSED, "a containerd container named " + r.name()
                    + " already exists; choose another name");
        }
        Path scratch = null;
        String imported = null;
        try {
            String ref;
            if (r.archive() != null) {
                scratch = Files.createTempDirectory(config.workDir(), "checkpoint-inspector-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                String tmp = IMPORT_REPOSITORY + ":restore-" + HexFormat.of().formatHex(nonce());
                Path copy = scratch.resolve("import.tar");
                ContainerdImport.Result imp;
                try (ArchiveSource source = ArchiveSource.open(Path.of(r.archive()), config.caller());
                        InputStream in = Files.newInputStream(source.procPath())) {
                    progress.accept("copying " + r.archive() + " (read as uid " + config.caller().uid()
                            + ") to a private folder, checking every blob against its digest");
                    imp = ContainerdImport.rewrite(in, copy, tmp, r.archive(), job, writer.json());
                }
                check(ContainerdAudit.audit(r.archive(), imp.index(), imp::blob), r, ctr, job, progress);
                if (ctr.images(job).containsKey(tmp)) {
                    throw new RefusedException(Protocol.CODE_FAILED, "image " + tmp + " exists already");
                }
                List<String> importArgs = List.of("images", "import", "--no-unpack", "--", copy.toString());
                progress.accept("running " + ctr.describe(importArgs) + " (the checkpoint as " + tmp + ")");
                imported = tmp;
                ctr.require(importArgs, job, progress);
                if (!imp.indexDigest().equals(ctr.images(job).get(tmp))) {
                    throw new RefusedException(Protocol.CODE_FAILED, "ctr images import did not make " + tmp
                            + " point at the checkpoint " + imp.indexDigest());
                }
                ref = tmp;
            } else {
                String digest = ctr.images(job).get(r.image());
                if (digest == null) {
                    throw new RefusedException(Protocol.CODE_REFUSED, "containerd has no image " + r.image());
                }
                progress.accept("checking checkpoint image " + r.image() + " (" + digest + ")");
                byte[] index = ctr.content(digest, job);
                check(ContainerdAudit.audit(r.image(), index, d -> ctr.content(d, job)), r, ctr, job, progress);
                ref = r.image();
            }
            return restore(ctr, r, ref, job, progress);
        } finally {
            if (imported != null) {
                ctr.run(List.of("images", "rm", "--", imported), null, line -> { });
            }
            if (scratch != null) {
                CheckpointHandler.deleteTree(scratch);
            }
        }
    }

    private JsonNode restore(Ctr ctr, Request.Restore r, String ref, Job job, Consumer<String> progress)
            throws IOException, RefusedException {
        List<String> args = arguments(r.name(), ref);
        progress.accept("running " + ctr.describe(args));
        long t0 = System.nanoTime();
        Podman.Outcome o = ctr.run(args, job, progress);
        long durationUs = (System.nanoTime() - t0) / 1000;
        if (!o.ok()) {
            // ctr makes the container before its task: a failed restore leaves the (new, checked-free) name taken
            ctr.run(List.of("tasks", "delete", "--force", "--", r.name()), null, line -> { });
            ctr.run(List.of("containers", "delete", "--", r.name()), null, line -> { });
            Handlers.require(o, job, "ctr containers restore");
        }
        Ctr.Task task = ctr.tasks(job).get(r.name());
        ObjectNode res = writer.object();
        res.put(Protocol.Reply.CONTAINER_ID, r.name());
        res.put(Protocol.Reply.NAME, r.name());
        res.put(Protocol.Reply.STATE, task == null ? null : task.status());
        res.put(Protocol.Reply.RUNTIME, Protocol.RUNTIME_CONTAINERD);
        ObjectNode stats = writer.object();
        stats.put(Protocol.StatsField.CONTAINER_ID, r.name());
        stats.put(Protocol.StatsField.RUNTIME_DURATION_US, durationUs);
        res.set(Protocol.Reply.STATS, stats);
        return res;
    }

    /** Escapes refuse; privileges refuse unless allowed; the base image must be in the store. */
    private static void check(ContainerdAudit.Report report, Request.Restore r, Ctr ctr, Job job,
            Consumer<String> progress) throws IOException, RefusedException {
        String what = r.archive() != null ? r.archive() : r.image();
        if (!report.escapes().isEmpty()) {
            throw new RefusedException(Protocol.CODE_REFUSED, "refusing to restore " + what
                    + ": it would reach outside the container\n" + RestoreHandler.lines(report.escapes()));
        }
        if (!report.privileges().isEmpty()) {
            if (!r.allowPrivileged()) {
                throw new RefusedException(Protocol.CODE_PRIVILEGED, "refusing to restore " + what
                        + ": its container asks for more than an ordinary container (restored only when "
                        + "privileges are allowed explicitly: restore --allow-privileged)\n"
                        + RestoreHandler.lines(report.privileges()));
            }
            for (RestoreAudit.Finding f : report.privileges()) {
                progress.accept("restoring with privileges allowed explicitly despite " + f);
            }
        }
        if (!ctr.images(job).containsKey(report.baseImage())) {
            throw new RefusedException(Protocol.CODE_REFUSED, "the checkpoint's base image " + report.baseImage()
                    + " is not in containerd's store (namespace " + Protocol.CONTAINERD_NAMESPACE + "); import it "
                    + "first");
        }
        progress.accept("checked: runtime " + report.runtime() + ", base image " + report.baseImage()
                + ", no findings" + (report.privileges().isEmpty() ? "" : " beyond the allowed privileges"));
    }
}
