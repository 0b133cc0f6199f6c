package io.checkpointinspector.image;

import static io.checkpointinspector.image.RealRestore.ctr;
import static io.checkpointinspector.image.RealRestore.podman;
import static org.assertj.core.api.Assertions.assertThat;

import io.checkpointinspector.testing.RealRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real containerd checkpoints restored by Podman: containerd 1.6's own checkpoint images (CRIU tar, rw layer, the
 * container's OCI spec in a protobuf config blob, no config.dump) are built into images with a Podman-form record
 * and a CRIU configuration saying skip-file-rwx-check, loaded into Podman and restored under a new name, and the
 * counter goes on from the value the checkpoint's rw layer holds. One checkpoint is the fixture script's export
 * (task-rw.tar, an OCI archive); the other is made here by ctr and read where containerd keeps it, its index blob
 * in the content store.
 *
 * <p>Needs root, podman, CRIU, containerd answering and the fixtures (src/test/scripts/setup-runtime.sh); skips
 * with the reason without them, fails under CI=true. Everything it makes is named ci-build-ctr-PID and removed.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ContainerdBuildRestoreEndToEndTest {

    private static final Path FIXTURES = Path.of(System.getenv().getOrDefault("CKPT_CONTAINERD_FIXTURES",
            "/var/tmp/ckpt-containerd-fixtures"));
    private static final Path CONTENT = Path.of("/var/lib/containerd/io.containerd.content.v1.content");
    private static final String NAME = "ci-build-ctr-" + ProcessHandle.current().pid();
    private static final String CTR_IMAGE = RealRestore.BASE + ":latest";
    private static final String CHECKPOINT_REF = "localhost/" + NAME + "-checkpoint:latest";
    private static final String ARCHIVE_IMAGE = "localhost/" + NAME + "-archive-image:latest";
    private static final String STORE_IMAGE = "localhost/" + NAME + "-store-image:latest";
    private static final String ARCHIVE_RESTORED = NAME + "-archive";
    private static final String STORE_RESTORED = NAME + "-store";

    @TempDir
    static Path tmp;

    private static Path criuConfig;

    @BeforeAll
    static void requireRuntime() throws Exception {
        List<String> missing = RealRuntime.missingPodmanAndContainerd(CTR_IMAGE);
        if (!Files.isRegularFile(FIXTURES.resolve("task-rw.tar"))) {
            missing.add("containerd fixtures missing: " + FIXTURES.resolve("task-rw.tar")
                    + " (src/test/scripts/make-containerd-fixtures.sh)");
        }
        RealRuntime.require("ContainerdBuildRestoreEndToEndTest", missing);
        cleanUp();
        criuConfig = Files.writeString(tmp.resolve("criu.conf"), "skip-file-rwx-check\n");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (Files.isExecutable(RealRestore.PODMAN)) {
            podman("rm", "--force", "--time", "0", "--ignore", ARCHIVE_RESTORED, STORE_RESTORED);
            podman("rmi", "--force", "--ignore", ARCHIVE_IMAGE, STORE_IMAGE);
        }
        if (Files.isExecutable(RealRestore.CTR)) {
            ctr("tasks", "kill", "--signal", "SIGKILL", NAME);
            for (int i = 0; i < 50 && ctr("tasks", "delete", "--force", NAME).code() != 0
                    && ctr("tasks", "ls").out().contains(NAME); i++) {
                Thread.sleep(200);
            }
            ctr("containers", "delete", NAME);
            ctr("images", "rm", "--sync", CHECKPOINT_REF);
        }
    }

    private static BuildOptions options() {
        return new BuildOptions(null, null, criuConfig, new PodmanImages(RealRestore.PODMAN));
    }

    @Test
    void anImageOfContainerdsExportedCheckpointRestoresInPodmanAndTheCountGoesOn() throws Exception {
        Path source = FIXTURES.resolve("task-rw.tar");
        RealRestore.Measured m = RealRestore.buildLoadRestore(source, tmp.resolve("archive-image.tar"),
                ARCHIVE_IMAGE, ARCHIVE_RESTORED, options());
        String imageId = podman("image", "inspect", "--format", "{{.Id}}", RealRestore.BASE).out().strip();
        assertThat(m.built().annotations().get(CheckpointAnnotations.PODMAN + "rootfsImageID")).isEqualTo(imageId);
        assertThat(m.built().warnings()).anyMatch(w -> w.contains("the id of localhost/ci-busybox:latest as the "
                + "local Podman"));
        System.out.println("ContainerdBuildRestoreEndToEndTest " + m.line("containerd OCI archive (fixture task-rw)"));
    }

    @Test
    void anImageOfACheckpointInContainerdsContentStoreRestoresInPodmanAndTheCountGoesOn() throws Exception {
        RealRestore.Result started = ctr("run", "--detach", CTR_IMAGE, NAME, "sh", "-c", RealRestore.SCRIPT);
        assertThat(started.code()).as(started.err()).isZero();
        Thread.sleep(2000);
        RealRestore.Result cp = ctr("containers", "checkpoint", "--task", "--rw", NAME, CHECKPOINT_REF);
        assertThat(cp.code()).as(cp.err()).isZero();
        String digest = ctr("images", "ls").out().lines().filter(l -> l.startsWith(CHECKPOINT_REF + " "))
                .map(l -> l.split("\\s+")[2]).findFirst().orElseThrow();
        Path index = CONTENT.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
        assertThat(index).isRegularFile();
        ctr("tasks", "kill", "--signal", "SIGKILL", NAME);

        Path given = tmp.resolve("store-image.tar");
        String imageId = podman("image", "inspect", "--format", "{{.Id}}", RealRestore.BASE).out().strip();
        // the id given, not looked up
        RealRestore.Measured m = RealRestore.buildLoadRestore(index, given, STORE_IMAGE, STORE_RESTORED,
                new BuildOptions(imageId, null, criuConfig, null));
        assertThat(m.built().warnings()).anyMatch(w -> w.contains("given with --rootfs-image-id"));
        System.out.println("ContainerdBuildRestoreEndToEndTest " + m.line("containerd content store (made by ctr "
                + "containers checkpoint --task --rw)"));
    }
}
