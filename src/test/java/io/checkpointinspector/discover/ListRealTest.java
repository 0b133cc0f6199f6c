package io.checkpointinspector.discover;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkpointinspector.testing.RealRuntime;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real stores: a Podman checkpoint image ({@code --create-image}) found in /var/lib/containers/storage and read in
 * place, a Podman export in a kubelet-style folder, a containerd checkpoint image found in containerd's content store.
 *
 * <p>Needs root, podman, CRIU and containerd (src/test/scripts/setup-runtime.sh). Without them it skips with the
 * reason, except under CI (CI=true), where it fails.
 */
class ListRealTest {

    private static final String PODMAN = "/usr/bin/podman";
    private static final String CTR = "/usr/bin/ctr";
    private static final String IMAGE = "localhost/ci-busybox:latest";
    private static final long PID = ProcessHandle.current().pid();
    private static final String NAME = "ci-list-" + PID;
    private static final String CKPT_IMAGE = "localhost/ci-list-ckpt-" + PID + ":latest";
    private static final String CTR_NAME = "ci-list-ctr-" + PID;
    private static final String CTR_REF = "localhost/ci-list-ctr-" + PID + ":checkpoint";

    @TempDir
    static Path tmp;

    @BeforeAll
    static void requireRuntime() throws Exception {
        RealRuntime.require("ListRealTest", RealRuntime.missingPodmanAndContainerd(IMAGE));
        cleanUp();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (Files.isExecutable(Path.of(PODMAN))) {
            run(PODMAN, "rm", "--force", "--time", "0", "--ignore", NAME);
            run(PODMAN, "rmi", "--force", "--ignore", CKPT_IMAGE);
        }
        if (Files.isExecutable(Path.of(CTR))) {
            run(CTR, "tasks", "kill", "-s", "SIGKILL", CTR_NAME);
            run(CTR, "tasks", "delete", "-f", CTR_NAME);
            run(CTR, "containers", "delete", CTR_NAME);
            run(CTR, "images", "rm", CTR_REF);
        }
    }

    @Test
    void findsRealPodmanAndContainerdCheckpointsWhereTheEnginesKeepThem() throws Exception {
        Result started = run(PODMAN, "run", "--detach", "--runtime", "runc", "--network", "none", "--name", NAME, IMAGE,
                "sh", "-c", "sleep 1000");
        assertThat(started.code()).as(started.err()).isZero();
        Path kubelet = Files.createDirectories(tmp.resolve("kubelet-checkpoints"));
        Path archive = kubelet.resolve("checkpoint-" + NAME + "_default-ctr-2026-12-03T10:00:00Z.tar");
        Result exported = run(PODMAN, "container", "checkpoint", "--leave-running", "--compress", "none", "--export",
                archive.toString(), NAME);
        assertThat(exported.code()).as(exported.err()).isZero();
        // Podman records the checkpoint time to the second: wait so the image is strictly newer than the export
        Thread.sleep(1_100);
        Result image = run(PODMAN, "container", "checkpoint", "--create-image", CKPT_IMAGE, NAME);
        assertThat(image.code()).as(image.err()).isZero();
        String imageId = run(PODMAN, "image", "inspect", "--format", "{{.Id}}", CKPT_IMAGE).out().strip();
        String layerDir = run(PODMAN, "image", "inspect", "--format", "{{.GraphDriver.Data.UpperDir}}", CKPT_IMAGE)
                .out().strip();

        Result ctrRun = run(CTR, "run", "-d", IMAGE, CTR_NAME, "sh", "-c", "sleep 1000");
        assertThat(ctrRun.code()).as(ctrRun.err()).isZero();
        Thread.sleep(500);
        Result ctrCkpt = run(CTR, "containers", "checkpoint", "--task", "--rw", CTR_NAME, CTR_REF);
        assertThat(ctrCkpt.code()).as(ctrCkpt.err()).isZero();
        String indexDigest = run(CTR, "images", "ls").out().lines().filter(l -> l.startsWith(CTR_REF + " "))
                .map(l -> l.split("\\s+")[2]).findFirst().orElseThrow();
        assertThat(indexDigest).startsWith("sha256:");

        long t0 = System.nanoTime();
        ScanReport report = new CheckpointFinder(ScanLimits.defaults()).scan(List.of(
                new Place(kubelet, PlaceKind.KUBELET), new Place(Places.PODMAN_ROOT, PlaceKind.PODMAN_STORAGE),
                new Place(Places.CONTAINERD_CONTENT, PlaceKind.CONTAINERD_CONTENT)));
        long ms = (System.nanoTime() - t0) / 1_000_000;

        FoundCheckpoint fromImage = report.rows().stream()
                .filter(r -> ("image " + CKPT_IMAGE).equals(r.where())).findFirst().orElseThrow(
                        () -> new AssertionError("no row for " + CKPT_IMAGE + " (" + imageId + ") in " + report));
        assertThat(fromImage.error()).isNull();
        assertThat(fromImage.container()).isEqualTo(NAME);
        assertThat(fromImage.engine()).isEqualTo("Podman");
        assertThat(fromImage.checkpointed()).isNotNull();
        assertThat(fromImage.path()).isEqualTo(layerDir);
        assertThat(fromImage.place()).isEqualTo(PlaceKind.PODMAN_STORAGE);

        FoundCheckpoint fromFile = report.rows().stream().filter(r -> archive.toString().equals(r.path()))
                .findFirst().orElseThrow();
        assertThat(fromFile.error()).isNull();
        assertThat(fromFile.container()).isEqualTo(NAME);
        assertThat(fromFile.bytes()).isEqualTo(Files.size(archive));
        // the export was made first, so it is the older of the two
        assertThat(fromFile.time()).isBefore(fromImage.time());
        assertThat(report.rows().indexOf(fromImage)).isLessThan(report.rows().indexOf(fromFile));

        FoundCheckpoint fromContainerd = report.rows().stream().filter(r -> ("image index "
                + indexDigest.substring(0, "sha256:".length() + 12)).equals(r.where())).findFirst().orElseThrow(
                        () -> new AssertionError("no row for containerd index " + indexDigest + " in " + report));
        assertThat(fromContainerd.engine()).isEqualTo("containerd");
        assertThat(fromContainerd.image()).isEqualTo(IMAGE);
        assertThat(fromContainerd.place()).isEqualTo(PlaceKind.CONTAINERD_CONTENT);
        assertThat(report.notes()).noneMatch(n -> n.contains(Places.PODMAN_ROOT.toString()));
        System.out.printf("ListRealTest: %d rows, %d notes, scan %d ms (%d ms by the report)%n",
                report.rows().size(), report.notes().size(), ms, report.elapsedMillis());
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new Result(p.exitValue(), out, err.join());
    }
}
