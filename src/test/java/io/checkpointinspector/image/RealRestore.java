package io.checkpointinspector.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkpointinspector.archive.CheckpointSource;
import io.checkpointinspector.archive.CheckpointSources;
import io.checkpointinspector.archive.EntryInfo;
import io.checkpointinspector.archive.EntryVisitor;
import io.checkpointinspector.inspect.InspectListener;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The steps the real build-and-restore tests share: run podman or ctr, read the counter a checkpoint holds, build,
 * load, restore under a new name and read the counter again.
 */
final class RealRestore {

    static final Path PODMAN = Path.of("/usr/bin/podman");
    static final Path CTR = Path.of("/usr/bin/ctr");
    static final String BASE = "localhost/ci-busybox";
    /** Counts in /tmp/count, five times a second. */
    static final String SCRIPT =
            "i=0; while true; do i=$((i+1)); echo $i > /tmp/count.new; mv /tmp/count.new /tmp/count; sleep 0.2; done";

    record Result(int code, String out, String err) {
    }

    /** What one build-load-restore measured. */
    record Measured(long sourceBytes, CheckpointImageBuilder.Result built, long buildMs, long restoreMs, int before,
            int after) {
        String line(String form) {
            return String.format("%s: source %d bytes, image %d bytes (layer %d gzip, %d tar), build %d ms, restore "
                    + "%d ms, count %d at checkpoint, %d one second after restore", form, sourceBytes,
                    built.fileBytes(), built.layerBytes(), built.layerTarBytes(), buildMs, restoreMs, before, after);
        }
    }

    private RealRestore() {
    }

    /**
     * Builds source with options, loads the image, restores it as name and reads the counter one second later; the
     * image and the container are removed by the caller (by image reference and name).
     */
    static Measured buildLoadRestore(Path source, Path archive, String image, String name, BuildOptions options)
            throws Exception {
        int before = countInRootfsDiff(source);
        long b0 = System.nanoTime();
        CheckpointImageBuilder.Result built = new CheckpointImageBuilder().build(source, ImageName.parse(image),
                archive, false, options, InspectListener.NONE);
        long buildMs = (System.nanoTime() - b0) / 1_000_000;
        assertThat(built.annotations().get(CheckpointAnnotations.PODMAN + "runtime.name")).isEqualTo("runc");
        Result loaded = podman("load", "-i", archive.toString());
        assertThat(loaded.code()).as(loaded.err()).isZero();
        assertThat(loaded.out()).contains(image);
        long r0 = System.nanoTime();
        Result restored = podman("container", "restore", "--name", name, image);
        long restoreMs = (System.nanoTime() - r0) / 1_000_000;
        assertThat(restored.code()).as(restored.err() + restored.out()).isZero();
        assertThat(podman("inspect", "--format", "{{.State.Status}}", name).out().strip()).isEqualTo("running");
        Thread.sleep(1000);
        Result exec = podman("exec", name, "cat", "/tmp/count");
        assertThat(exec.code()).as(exec.err()).isZero();
        int after = Integer.parseInt(exec.out().strip());
        // went on from where it stopped: a fresh start would be at 5 or so after 1 s
        assertThat(after).isGreaterThan(before).isLessThanOrEqualTo(before + 30);
        return new Measured(Files.size(source), built, buildMs, restoreMs, before, after);
    }

    /** The counter as the checkpoint's rootfs diff holds /tmp/count (plain or gzip tar, any source form). */
    static int countInRootfsDiff(Path source) throws IOException {
        String[] found = new String[1];
        try (CheckpointSource src = CheckpointSources.open(source)) {
            src.scan(new EntryVisitor() {
                @Override
                public void visit(EntryInfo entry, InputStream content) throws IOException {
                    if (entry.name().equals("rootfs-diff.tar")) {
                        found[0] = countIn(content);
                    }
                }
            });
        }
        assertThat(found[0]).as("tmp/count in the rootfs diff of " + source).isNotNull();
        return Integer.parseInt(found[0].strip());
    }

    private static String countIn(InputStream content) throws IOException {
        InputStream in = new BufferedInputStream(content);
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(gzip ? new GZIPInputStream(in) : in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.getName().equals("tmp/count") || e.getName().equals("./tmp/count")) {
                    return new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        return null;
    }

    static Result podman(String... args) throws IOException, InterruptedException {
        return run(PODMAN, args);
    }

    static Result ctr(String... args) throws IOException, InterruptedException {
        return run(CTR, args);
    }

    private static Result run(Path tool, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(tool.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        var err = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new Result(p.waitFor(), out, err.join());
    }
}
