package io.checkpointinspector.ui.containers;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkpointinspector.runtime.CheckpointOptions;
import io.checkpointinspector.runtime.ContainerInfo;
import io.checkpointinspector.runtime.RestoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Checkpoint… and Restore… rules without a window: defaults, reasons and the requests, for both runtimes. */
class FormsRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-04T10:15:00Z");
    private static final ContainerInfo CTR = new ContainerInfo("counter", "counter", "localhost/ci-busybox:latest",
            "running", "2026-12-04T10:00:00Z", null, CheckpointOptions.CONTAINERD);
    private static final ContainerInfo PODMAN = new ContainerInfo("3f1c0a9e5b7d2c4e6f8a", "web",
            "localhost/ci-busybox:latest", "running", "2026-12-04T10:00:00Z", null);

    @TempDir
    Path dir;

    @Test
    void aContainerdCheckpointStartsWithTheDefaultImageAndAPlainTar() {
        CheckpointForm f = new CheckpointForm(CTR, dir, NOW);
        assertThat(f.containerd()).isTrue();
        assertThat(f.createImage.get()).isEqualTo("localhost/counter-checkpoint:20261204-101500");
        assertThat(f.export.get()).isEqualTo(dir.resolve("counter-checkpoint.tar").toString());
        assertThat(f.compression.get()).isEqualTo("none");
        assertThat(f.reason()).isNull();
        f.leaveRunning.set(true);
        assertThat(f.options()).isEqualTo(CheckpointOptions.containerd("counter",
                "localhost/counter-checkpoint:20261204-101500", dir.resolve("counter-checkpoint.tar"), true));
    }

    @Test
    void aContainerdCheckpointNeedsAValidImageAndMayGoWithoutExport() {
        CheckpointForm f = new CheckpointForm(CTR, dir, NOW);
        f.createImage.set("  ");
        assertThat(f.reason()).isEqualTo("Name the checkpoint image: ctr always makes one.");
        assertThat(f.reasonBinding().get()).isEqualTo(f.reason());
        f.createImage.set("Localhost/Upper:1");
        assertThat(f.reason()).isEqualTo("The image name Localhost/Upper:1 is not valid: [registry[:port]/]name"
                + "[/name...][:tag], names in lower case.");
        f.createImage.set("-x");
        assertThat(f.reason()).startsWith("The image name -x is not valid");
        f.createImage.set("localhost/mine:one");
        f.export.set("");
        assertThat(f.reasonBinding().get()).isNull();
        assertThat(f.options()).isEqualTo(CheckpointOptions.containerd("counter", "localhost/mine:one", null,
                false));
    }

    @Test
    void podmansOptionsNeverReachAContainerdRequest() {
        CheckpointForm f = new CheckpointForm(CTR, dir, NOW);
        // what the dialog keeps off; set anyway, they still do not go out
        f.keep.set(true);
        f.tcpEstablished.set(true);
        f.compression.set("zstd");
        CheckpointOptions o = f.options();
        assertThat(o.keep()).isFalse();
        assertThat(o.tcpEstablished()).isFalse();
        assertThat(o.compression()).isNull();
        assertThat(o.printStats()).isTrue();
    }

    @Test
    void theExportRulesAreTheSameForBoth() throws Exception {
        for (ContainerInfo c : List.of(CTR, PODMAN)) {
            CheckpointForm f = new CheckpointForm(c, dir, NOW);
            Path taken = Files.writeString(dir.resolve("taken-" + c.name() + ".tar"), "x");
            f.export.set(taken.toString());
            assertThat(f.reason()).isEqualTo(taken + " exists already; choose a new file.");
            f.export.set("relative/x.tar");
            assertThat(f.reason()).isEqualTo("Give an absolute path to export to.");
            f.export.set(dir.resolve("no-such-folder/x.tar").toString());
            assertThat(f.reason()).isEqualTo("The folder " + dir.resolve("no-such-folder") + " does not exist.");
        }
    }

    @Test
    void aPodmanCheckpointIsAsBefore() {
        CheckpointForm f = new CheckpointForm(PODMAN, dir, NOW);
        assertThat(f.createImage.get()).isEmpty();
        assertThat(f.export.get()).isEqualTo(dir.resolve("web-checkpoint.tar.zst").toString());
        assertThat(f.reason()).isNull();
        f.compression.set("gzip");
        f.keep.set(true);
        assertThat(f.options()).isEqualTo(new CheckpointOptions("web", dir.resolve("web-checkpoint.tar.zst"), "gzip",
                false, false, false, true, false, false, false, false, null, true));
        f.createImage.set("NOT valid");
        assertThat(f.reason()).startsWith("The image name NOT valid is not valid");
    }

    @Test
    void aContainerdRestoreFromAFileNeedsANewName() throws Exception {
        Path file = Files.writeString(dir.resolve("counter.tar"), "x");
        RestoreForm f = new RestoreForm(file, CheckpointOptions.CONTAINERD);
        assertThat(f.containerd()).isTrue();
        assertThat(f.archive.get()).isEqualTo(file.toString());
        assertThat(f.reason()).isEqualTo("Name the new container: containerd restores a checkpoint as a new "
                + "container.");
        assertThat(f.nothingChosen()).isFalse();
        f.name.set("-evil");
        assertThat(f.reason()).startsWith("The name -evil is not valid");
        f.name.set("counter-2");
        assertThat(f.reasonBinding().get()).isNull();
        assertThat(f.options()).isEqualTo(RestoreOptions.containerd(file, null, "counter-2"));
        f.archive.set(dir.toString());
        assertThat(f.reason()).isEqualTo(dir + " is a folder; ctr restores exported checkpoint files only.");
    }

    @Test
    void aContainerdRestoreFromAnImageInTheStore() {
        RestoreForm f = new RestoreForm(null, CheckpointOptions.CONTAINERD);
        f.fromImage.set(true);
        f.name.set("counter-3");
        assertThat(f.nothingChosen()).isTrue();
        assertThat(f.reason()).isEqualTo("Name the checkpoint image in containerd's store.");
        f.image.set("localhost/Bad");
        assertThat(f.reason()).startsWith("The image name localhost/Bad is not valid");
        f.image.set("localhost/counter-checkpoint:20261204-101500");
        assertThat(f.reason()).isNull();
        // the file field is not looked at, and podman's options do not go out
        f.archive.set("relative");
        f.keep.set(true);
        f.publish.set("8080:80");
        assertThat(f.options()).isEqualTo(RestoreOptions.containerd(null,
                "localhost/counter-checkpoint:20261204-101500", "counter-3"));
    }

    @Test
    void switchingToPodmanRestoresFromAFileWithOptionalName() throws Exception {
        Path file = Files.writeString(dir.resolve("web.tar.zst"), "x");
        RestoreForm f = new RestoreForm(null, CheckpointOptions.CONTAINERD);
        f.fromImage.set(true);
        f.runtime.set(CheckpointOptions.PODMAN);
        // Podman restores files: the image choice no longer counts
        assertThat(f.fromStoreImage()).isFalse();
        assertThat(f.reason()).isEqualTo("Choose a checkpoint to restore.");
        assertThat(f.nothingChosen()).isTrue();
        f.archive.set(file.toString());
        assertThat(f.reasonBinding().get()).isNull();
        f.publish.set("8080:80, 9000:90/udp");
        f.ignoreStaticIp.set(true);
        assertThat(f.options()).isEqualTo(new RestoreOptions(file, null, null, false, false, true, false, false,
                List.of("8080:80", "9000:90/udp")));
        f.archive.set(dir.resolve("missing.tar").toString());
        assertThat(f.reason()).isEqualTo("There is no file " + dir.resolve("missing.tar") + ".");
    }

    @Test
    void anUnknownRuntimeStartsAsPodmanAndAFolderIsNotOffered() {
        RestoreForm f = new RestoreForm(dir, "cri-o");
        assertThat(f.containerd()).isFalse();
        assertThat(f.archive.get()).isEmpty();
    }
}
