package io.checkpointinspector.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkpointinspector.inspect.InspectListener;
import io.checkpointinspector.testing.RealRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing: a busybox container counts in a file, Podman exports its checkpoint (zstd), we build an image of
 * the export, the container is removed, {@code podman load -i} takes our archive and {@code podman container restore
 * IMAGE} brings the container back, and the count goes on from where it stopped.
 *
 * <p>Needs root, podman and CRIU (src/test/scripts/setup-runtime.sh); skips with the reason without them, fails
 * under CI=true.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BuildRestoreEndToEndTest {

    private static final Path PODMAN = Path.of("/usr/bin/podman");
    private static final String BASE = "localhost/ci-busybox";
    private static final String SCRIPT =
            "i=0; while true; do i=$((i+1)); echo $i > /tmp/count.new; mv /tmp/count.new /tmp/count; sleep 0.2; done";
    private static final String NAME = "ci-build-" + ProcessHandle.current().pid();
    private static final String IMAGE = "localhost/" + NAME + "-image:latest";
    private static final String CRIO_NAME = NAME + "-crio";
    private static final String CRIO_RESTORED = NAME + "-crio-restored";
    private static final String CRIO_IMAGE = "localhost/" + NAME + "-crio-image:latest";

    @TempDir
    static Path tmp;

    @BeforeAll
    static void requireRuntime() throws Exception {
        RealRuntime.require("BuildRestoreEndToEndTest", RealRuntime.missingPodman(BASE));
        cleanUp();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (Files.isExecutable(PODMAN)) {
            run("rm", "--force", "--time", "0", "--ignore", NAME, CRIO_NAME, CRIO_RESTORED);
            run("rmi", "--force", "--ignore", IMAGE, CRIO_IMAGE);
        }
    }

    @Test
    void anImageOfAPodmanExportLoadsRestoresAndTheCountGoesOn() throws Exception {
        Result started = run("run", "--detach", "--runtime", "runc", "--name", NAME, "--network", "none", BASE,
                "sh", "-c", SCRIPT);
        assertThat(started.code()).as(started.err()).isZero();
        Thread.sleep(2000);
        Path export = tmp.resolve("counter.tar.zst");
        Result cp = run("container", "checkpoint", "--export", export.toString(), NAME);
        assertThat(cp.code()).as(cp.err()).isZero();
        Result count = run("cp", NAME + ":/tmp/count", tmp.resolve("count").toString());
        assertThat(count.code()).as(count.err()).isZero();
        int before = Integer.parseInt(Files.readString(tmp.resolve("count")).strip());
        assertThat(before).as("the counter ran about 2 s").isGreaterThanOrEqualTo(5);

        Path archive = tmp.resolve("image.tar");
        long b0 = System.nanoTime();
        CheckpointImageBuilder.Result built = new CheckpointImageBuilder().build(export, ImageName.parse(IMAGE),
                archive, false, InspectListener.NONE);
        long buildMs = (System.nanoTime() - b0) / 1_000_000;
        assertThat(built.annotations().get(CheckpointAnnotations.PODMAN + "name")).isEqualTo(NAME);
        assertThat(built.annotations().get(CheckpointAnnotations.PODMAN + "runtime.name")).isEqualTo("runc");

        Result removed = run("rm", "--force", "--time", "0", NAME);
        assertThat(removed.code()).as(removed.err()).isZero();
        Result loaded = run("load", "-i", archive.toString());
        assertThat(loaded.code()).as(loaded.err()).isZero();
        assertThat(loaded.out()).contains(IMAGE);
        Result annotations = run("image", "inspect", "--format", "{{json .Annotations}}", IMAGE);
        assertThat(annotations.out()).contains("\"io.podman.annotations.checkpoint.name\":\"" + NAME + "\"");

        long r0 = System.nanoTime();
        Result restored = run("container", "restore", IMAGE);
        long restoreMs = (System.nanoTime() - r0) / 1_000_000;
        assertThat(restored.code()).as(restored.err()).isZero();
        Result state = run("inspect", "--format", "{{.State.Status}}", NAME);
        assertThat(state.out().strip()).isEqualTo("running");
        Thread.sleep(1000);
        Result exec = run("exec", NAME, "cat", "/tmp/count");
        assertThat(exec.code()).as(exec.err()).isZero();
        int after = Integer.parseInt(exec.out().strip());
        // went on from where it stopped: a fresh start would be at 5 or so after 1 s
        assertThat(after).isGreaterThan(before).isLessThanOrEqualTo(before + 30);
        System.out.printf("BuildRestoreEndToEndTest: export %d bytes, image %d bytes (layer %d gzip, %d tar), "
                + "build %d ms, restore %d ms, count %d at checkpoint, %d one second after restore%n",
                Files.size(export), built.fileBytes(), built.layerBytes(), built.layerTarBytes(), buildMs, restoreMs,
                before, after);
    }

    /**
     * CRI-O is not installed here: the archive is synthetic, a real Podman export of a counting container reshaped
     * into CRI-O's layout (inspect.LayoutFixtures: CRI-O's reduced config.dump naming the image id rootfsImageRef,
     * its spec.dump annotations and kubelet bind mounts, bind.mounts, dump.log); the CRIU images are the real ones.
     */
    @Test
    void anImageOfACriOArchiveLoadsRestoresAndTheCountGoesOn() throws Exception {
        Result started = run("run", "--detach", "--runtime", "runc", "--name", CRIO_NAME, "--network", "none", BASE,
                "sh", "-c", SCRIPT);
        assertThat(started.code()).as(started.err()).isZero();
        Thread.sleep(2000);
        Path export = tmp.resolve("crio-source.tar");
        Result cp = run("container", "checkpoint", "--export", export.toString(), "--compress", "none", CRIO_NAME);
        assertThat(cp.code()).as(cp.err()).isZero();
        assertThat(run("rm", "--force", "--time", "0", CRIO_NAME).code()).isZero();
        Path dir = Files.createDirectories(tmp.resolve("crio"));
        Path crio = io.checkpointinspector.inspect.LayoutFixtures.ofExport(export).crioArchive(dir);

        RealRestore.Measured m = RealRestore.buildLoadRestore(crio, tmp.resolve("crio-image.tar"), CRIO_IMAGE,
                CRIO_RESTORED, BuildOptions.none());
        String imageId = run("image", "inspect", "--format", "{{.Id}}", BASE).out().strip();
        assertThat(m.built().annotations().get(CheckpointAnnotations.PODMAN + "rootfsImageID")).isEqualTo(imageId);
        assertThat(m.built().warnings()).anyMatch(w -> w.startsWith("config.dump written in Podman's form from "
                + "CRI-O's record; the original kept as config.dump.cri-o"));
        System.out.println("BuildRestoreEndToEndTest " + m.line("CRI-O archive (synthetic, from a real Podman export)"));
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PODMAN.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
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
