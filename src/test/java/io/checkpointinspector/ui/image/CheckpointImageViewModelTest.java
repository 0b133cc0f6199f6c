package io.checkpointinspector.ui.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkpointinspector.model.CheckpointedContainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dialog's validation of the options a checkpoint of another engine needs. */
class CheckpointImageViewModelTest {

    private static final String ID = "1e97e1409d6e624998dd133379a4214b005c85a1a08b52ecab6314c363b6b430";

    @TempDir
    Path tmp;

    private static CheckpointedContainer container(String engine, String image, String imageId) {
        return new CheckpointedContainer(engine, "counter", "abc", image, imageId, "runc", null, null, null, null,
                null, null, Map.of());
    }

    @Test
    void aPodmanCheckpointNeedsNothingAndIsNeverAskedFor() {
        var needs = CheckpointImageViewModel.Needs.of(container("Podman", null, null), false);
        assertThat(needs.convert()).isFalse();
        assertThat(CheckpointImageViewModel.rootfsReason(needs, "garbage", "")).isNull();
        assertThat(needs.criuConfigAdvised()).isFalse();
    }

    @Test
    void aContainerdCheckpointWithoutAnIdNeedsOneUnlessPodmanCanBeAsked() {
        var alone = CheckpointImageViewModel.Needs.of(container("containerd", "localhost/busybox:latest", null),
                false);
        assertThat(alone.convert()).isTrue();
        assertThat(alone.criuConfigAdvised()).isTrue();
        assertThat(CheckpointImageViewModel.rootfsReason(alone, "", "localhost/busybox:latest"))
                .startsWith("Rootfs image id: the checkpoint records no Podman image id");
        assertThat(CheckpointImageViewModel.rootfsReason(alone, ID, "")).isNull();
        assertThat(CheckpointImageViewModel.rootfsReason(alone, "sha256:" + ID, "")).isNull();
        assertThat(CheckpointImageViewModel.rootfsReason(alone, "1e97e14", "")).startsWith("Rootfs image id: 64 "
                + "hexadecimal digits");
        var asked = CheckpointImageViewModel.Needs.of(container("containerd", "localhost/busybox:latest", null), true);
        assertThat(CheckpointImageViewModel.rootfsReason(asked, "", "")).isNull();
    }

    @Test
    void withoutAnyImageNameTheNameIsAskedFor() {
        var needs = CheckpointImageViewModel.Needs.of(container("CRI-O", null, ID), false);
        assertThat(CheckpointImageViewModel.rootfsReason(needs, "", " ")).startsWith("Rootfs image name: the "
                + "checkpoint records none");
        assertThat(CheckpointImageViewModel.rootfsReason(needs, "", "localhost/x:1")).isNull();
        assertThat(needs.criuConfigAdvised()).isFalse();
    }

    @Test
    void theCriuConfigurationMustBeAnAbsoluteSmallRegularFile() throws Exception {
        assertThat(CheckpointImageViewModel.criuConfigReason("")).isNull();
        assertThat(CheckpointImageViewModel.criuConfigReason("criu.conf")).contains("absolute path");
        assertThat(CheckpointImageViewModel.criuConfigReason(tmp.toString())).contains("is not a regular file");
        Path ok = Files.writeString(tmp.resolve("criu.conf"), "skip-file-rwx-check\n");
        assertThat(CheckpointImageViewModel.criuConfigReason(ok.toString())).isNull();
        Path link = Files.createSymbolicLink(tmp.resolve("link.conf"), ok);
        assertThat(CheckpointImageViewModel.criuConfigReason(link.toString())).contains("is not a regular file");
        Path big = Files.write(tmp.resolve("big.conf"), new byte[65 << 10]);
        assertThat(CheckpointImageViewModel.criuConfigReason(big.toString())).contains("over 64 KiB");
    }
}
