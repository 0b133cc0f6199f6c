package io.checkpointinspector.helper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * ctr containers checkpoint --task --rw: a checkpoint image in containerd's store, optionally exported (ctr images
 * export --skip-manifest-json, without which containerd 1.6 cannot export it) through a root-private scratch
 * folder into the user's file, as for podman.
 *
 * <p>ctr always leaves the task running (containers checkpoint has no --exit); without leaveRunning the helper
 * then kills the task, so the default matches podman's (the container is stopped after its checkpoint). ctr
 * reports no CRIU statistics and runc keeps stats-dump out of the image, so the stats are the checkpoint's wall
 * time and the pages it wrote (the sizes of its pages-N.img), read from the exported image.
 */
final class ContainerdCheckpoint {

    static final String CRIU_TAR = "application/vnd.containerd.container.criu.checkpoint.criu.tar";
    private static final Pattern PAGES = Pattern.compile("^(?:\\./)?pages-[0-9]+\\.img$");
    private static final long PAGE_SIZE = 4096;

    private final HelperConfig config;
    private final ResponseWriter writer;

    ContainerdCheckpoint(HelperConfig config, ResponseWriter writer) {
        this.config = config;
        this.writer = writer;
    }

    static List<String> arguments(Request.Checkpoint r) {
        return List.of("containers", "checkpoint", "--task", "--rw", "--", r.container(), r.createImage());
    }

    static List<String> exportArguments(Path file, String ref) {
        return List.of("images", "export", "--skip-manifest-json", "--", file.toString(), ref);
    }

    JsonNode run(Request.Checkpoint r, Job job, Consumer<String> progress) throws IOException, RefusedException {
        Ctr ctr = Ctr.require(config);
        Ctr.Task task = ctr.tasks(job).get(r.container());
        if (task == null || !task.status().equals("running")) {
            throw new RefusedException(Protocol.CODE_REFUSED, "containerd container " + r.container()
                    + (task == null ? " has no task (it is not running or does not exist)" : " is " + task.status()
                    + ", not running"));
        }
        if (ctr.images(job).containsKey(r.createImage())) {
            throw new RefusedException(Protocol.CODE_REFUSED, "an image named " + r.createImage()
                    + " exists already in containerd; choose another checkpoint image name");
        }
        Path target = r.export() == null ? null : Path.of(r.export());
        FileChannel out = null;
        if (target != null) {
            ExportTarget.check(target, config.caller());
            out = ExportTarget.reserve(target, config.caller());
        }
        boolean done = false;
        Path scratch = null;
        try {
            List<String> args = arguments(r);
            progress.accept("running " + ctr.describe(args));
            long t0 = System.nanoTime();
            ctr.require(args, job, progress);
            long durationUs = (System.nanoTime() - t0) / 1000;
            progress.accept("checkpoint image " + r.createImage() + " made in " + durationUs / 1000 + " ms");
            if (!r.leaveRunning()) {
                stop(ctr, r.container(), job, progress);
            }
            Long bytes = null;
            Long pages = null;
            if (target != null || r.printStats()) {
                scratch = Files.createTempDirectory(config.workDir(), "checkpoint-inspector-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                Path archive = scratch.resolve("export.tar");
                List<String> export = exportArguments(archive, r.createImage());
                progress.accept("running " + ctr.describe(export));
                ctr.require(export, job, progress);
                pages = r.printStats() ? pagesWritten(ctr, r.createImage(), archive, job) : null;
                if (target != null) {
                    progress.accept("copying the archive (" + Files.size(archive) + " bytes) to " + target);
                    try (InputStream in = Files.newInputStream(archive)) {
                        bytes = ExportTarget.copy(in, out, job);
                    }
                    if (bytes < 0) {
                        throw new RefusedException(Protocol.CODE_CANCELLED, "cancelled while copying the archive");
                    }
                }
            }
            done = true;
            return result(r, target, bytes, durationUs, pages);
        } finally {
            if (out != null) {
                out.close();
            }
            if (scratch != null) {
                CheckpointHandler.deleteTree(scratch);
            }
            if (!done && target != null) {
                ExportTarget.discard(target, config.caller());
            }
        }
    }

    /** Kills the task and waits until containerd says it stopped; the container and its stopped task stay. */
    private static void stop(Ctr ctr, String container, Job job, Consumer<String> progress)
            throws IOException, RefusedException {
        List<String> kill = List.of("tasks", "kill", "--signal", "SIGKILL", "--", container);
        progress.accept("stopping the task (the checkpoint leaves it running): " + ctr.describe(kill));
        ctr.require(kill, job, progress);
        for (int i = 0; i < 100; i++) {
            Ctr.Task t = ctr.tasks(job).get(container);
            if (t == null || t.status().equals("stopped")) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        throw new RefusedException(Protocol.CODE_FAILED, "the task of " + container + " did not stop within 10 s of "
                + "SIGKILL");
    }

    /** Pages in the CRIU images of the checkpoint image (pages-N.img sizes / 4096), read from its export. */
    private Long pagesWritten(Ctr ctr, String ref, Path archive, Job job) throws IOException, RefusedException {
        String digest = ctr.images(job).get(ref);
        if (digest == null) {
            return null;
        }
        JsonNode index = writer.json().readTree(ctr.content(digest, job));
        String criu = null;
        for (JsonNode m : index.path("manifests")) {
            if (CRIU_TAR.equals(m.path("mediaType").asText())) {
                criu = m.path("digest").asText();
            }
        }
        if (criu == null || !criu.startsWith("sha256:")) {
            return null;
        }
        String blob = "blobs/sha256/" + criu.substring("sha256:".length());
        try (TarArchiveInputStream outer = new TarArchiveInputStream(
                new BufferedInputStream(Files.newInputStream(archive)))) {
            TarArchiveEntry e;
            while ((e = outer.getNextTarEntry()) != null) {
                if (e.getName().equals(blob)) {
                    return pages(new TarArchiveInputStream(outer));
                }
            }
        }
        return null;
    }

    private static long pages(TarArchiveInputStream criu) throws IOException {
        long bytes = 0;
        TarArchiveEntry e;
        while ((e = criu.getNextTarEntry()) != null) {
            if (e.isFile() && PAGES.matcher(e.getName()).matches()) {
                bytes += e.getSize();
            }
        }
        return bytes / PAGE_SIZE;
    }

    private JsonNode result(Request.Checkpoint r, Path target, Long bytes, long durationUs, Long pages) {
        ObjectNode res = writer.object();
        res.put(Protocol.Reply.CONTAINER, r.container());
        res.put(Protocol.Reply.CONTAINER_ID, r.container());
        res.put(Protocol.Reply.EXPORT, target == null ? null : target.toString());
        if (bytes == null) {
            res.putNull(Protocol.Reply.BYTES);
        } else {
            res.put(Protocol.Reply.BYTES, bytes);
        }
        // ctr writes the export as a plain tar
        res.put(Protocol.Reply.COMPRESSION, target == null ? null : "none");
        res.put(Protocol.Reply.IMAGE, r.createImage());
        res.put(Protocol.Reply.RUNTIME, Protocol.RUNTIME_CONTAINERD);
        if (r.printStats()) {
            ObjectNode stats = writer.object();
            stats.put(Protocol.StatsField.CONTAINER_ID, r.container());
            stats.putNull(Protocol.StatsField.PODMAN_DURATION_US);
            stats.put(Protocol.StatsField.RUNTIME_DURATION_US, durationUs);
            for (String none : List.of(Protocol.StatsField.FREEZING_TIME_US, Protocol.StatsField.FROZEN_TIME_US,
                    Protocol.StatsField.MEMDUMP_TIME_US, Protocol.StatsField.MEMWRITE_TIME_US,
                    Protocol.StatsField.PAGES_SCANNED)) {
                stats.putNull(none);
            }
            if (pages == null) {
                stats.putNull(Protocol.StatsField.PAGES_WRITTEN);
            } else {
                stats.put(Protocol.StatsField.PAGES_WRITTEN, pages);
            }
            res.set(Protocol.Reply.STATS, stats);
        } else {
            res.putNull(Protocol.Reply.STATS);
        }
        return res;
    }
}
