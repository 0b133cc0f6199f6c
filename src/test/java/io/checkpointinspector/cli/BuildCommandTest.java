package io.checkpointinspector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkpointinspector.inspect.LayoutFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** build's options for checkpoints of other engines, through the command line. */
class BuildCommandTest {

    @TempDir
    Path tmp;

    @Test
    void aCriOArchiveIsBuiltWithAGivenIdAndCriuConfigurationAndSaysWhatItWrote() throws Exception {
        Path source = new LayoutFixtures().crioArchive(tmp);
        Path conf = Files.writeString(tmp.resolve("criu.conf"), "skip-file-rwx-check\n");
        Path out = tmp.resolve("image.tar");
        String id = "c".repeat(64);
        Cli.Result r = Cli.run("build", source.toString(), "--tag", "crio-unit", "-o", out.toString(),
                "--rootfs-image-id", id, "--criu-config", conf.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("io.podman.annotations.checkpoint.rootfsImageID=" + id)
                .contains("io.podman.annotations.checkpoint.runtime.name=runc");
        assertThat(r.err()).contains("rootfsImageID " + id + ": given with --rootfs-image-id")
                .contains("config.dump written in Podman's form from CRI-O's record; the original kept as "
                        + "config.dump.cri-o")
                .contains("CRIU configuration embedded as checkpoint/criu.conf");
        assertThat(out).isRegularFile();
    }

    @Test
    void aWrongIdOrAMissingCriuConfigurationIsAnOptionErrorAndNothingIsWritten() throws Exception {
        Path source = new LayoutFixtures().crioArchive(tmp);
        Path out = tmp.resolve("image.tar");
        Cli.Result bad = Cli.run("build", source.toString(), "--tag", "crio-unit", "-o", out.toString(),
                "--rootfs-image-id", "1e97e14");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--rootfs-image-id: not an image id");
        Cli.Result missing = Cli.run("build", source.toString(), "--tag", "crio-unit", "-o", out.toString(),
                "--criu-config", tmp.resolve("nope.conf").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("--criu-config: " + tmp.resolve("nope.conf") + " is not a regular file");
        assertThat(out).doesNotExist();
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".image.tar"));
        }
    }
}
