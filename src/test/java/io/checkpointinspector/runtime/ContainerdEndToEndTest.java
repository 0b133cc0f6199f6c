package io.checkpointinspector.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkpointinspector.inspect.CheckpointInspector;
import io.checkpointinspector.inspect.InspectListener;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.model.ProcessInfo;
import io.checkpointinspector.testing.RealRuntime;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * containerd for real, through the helper as the app starts it (directly, since the test runs as root): a busybox
 * container started with ctr run counts in a file; the helper lists it, checkpoints it into a checkpoint image
 * and exports that to a file, our engine reads the file, the helper restores it under a new name from the file
 * (imported first) and again from the image in the store, and the restored containers go on counting.
 *
 * <p>Needs root, containerd answering at its socket, CRIU and the base image in ctr's default namespace
 * (src/test/scripts/setup-runtime.sh). Without them it skips with the reason, except under CI (CI=true), where it
 * fails. Everything it makes is named ci-e2e-ctr-PID and removed before and after.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ContainerdEndToEndTest {

    private static final Path CTR = Path.of("/usr/bin/ctr");
    private static final String IMAGE = "localhost/ci-busybox:latest";
    // written aside and renamed: a checkpoint between the truncation and the write would freeze an empty file
    private static final String SCRIPT =
            "i=0; while true; do i=$((i+1)); echo $i > /tmp/count.new; mv /tmp/count.new /tmp/count; sleep 0.2; done";
    private static final String NAME = "ci-e2e-ctr-" + ProcessHandle.current().pid();
    private static final String FROM_FILE = NAME + "-file";
    private static final String FROM_IMAGE = NAME + "-image";
    private static final String REF = "localhost/" + NAME + ":checkpoint";

    @TempDir
    static Path tmp;

    @BeforeAll
    static void requireRuntime() throws Exception {
        RealRuntime.require("ContainerdEndToEndTest", RealRuntime.missingContainerd(IMAGE));
        cleanUp();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (!Files.isExecutable(CTR)) {
            return;
        }
        for (String c : List.of(NAME, FROM_FILE, FROM_IMAGE)) {
            ctr("tasks", "kill", "--signal", "SIGKILL", c);
        }
        for (String c : List.of(NAME, FROM_FILE, FROM_IMAGE)) {
            for (int i = 0; i < 50 && ctr("tasks", "delete", "--force", c).code() != 0
                    && ctr("tasks", "ls").out().contains(c); i++) {
                Thread.sleep(100);
            }
            // deleting the container removes its snapshot too
            ctr("containers", "delete", c);
        }
        ctr("images", "rm", REF);
    }

    @Test
    void checkpointExportInspectRestoreFromFileAndImageAndTheCountGoesOn() throws Exception {
        long t0 = System.nanoTime();
        Result started = ctr("run", "--detach", IMAGE, NAME, "sh", "-c", SCRIPT);
        assertThat(started.code()).as(started.err()).isZero();
        Thread.sleep(2000);

        List<String> log = new CopyOnWriteArrayList<>();
        try (HelperClient helper = new HelperLauncher().start(log::add)) {
            HelperInfo info = helper.hello();
            assertThat(info.euid()).isZero();
            assertThat(info.containerdVersion()).as("containerd answers hello").isNotNull();
            ContainerListing listing = helper.listing();
            assertThat(listing.containers()).anyMatch(c -> c.name().equals(NAME) && c.containerd() && c.running()
                    && c.image().equals(IMAGE));

            Path archive = tmp.resolve("counter-ctr.tar");
            List<String> progress = new CopyOnWriteArrayList<>();
            long c0 = System.nanoTime();
            CheckpointResult cp = helper.checkpoint(CheckpointOptions.containerd(NAME, REF, archive, false),
                    progress::add);
            long checkpointMs = (System.nanoTime() - c0) / 1_000_000;
            assertThat(cp.image()).isEqualTo(REF);
            assertThat(cp.export()).isEqualTo(archive);
            assertThat(cp.bytes()).isEqualTo(Files.size(archive)).isPositive();
            assertThat(cp.compression()).isEqualTo("none");
            // the file belongs to the calling user (root here; package-test.sh checks an ordinary user's)
            assertThat(Files.getAttribute(archive, "unix:uid")).isEqualTo(0);
            assertThat(cp.stats()).isNotNull();
            assertThat(cp.stats().runtimeDurationUs()).isPositive();
            assertThat(cp.stats().pagesWritten()).isPositive();
            assertThat(cp.stats().frozenTimeUs()).as("ctr reports no CRIU statistics").isNull();
            assertThat(progress).anyMatch(l -> l.contains("containers checkpoint --task --rw -- " + NAME + " " + REF));
            assertThat(ctr("images", "ls", "--quiet").out().lines().toList()).contains(REF);
            assertThat(helper.list()).anyMatch(c -> c.name().equals(NAME) && c.containerd() && !c.running());

            // our engine reads the exported checkpoint image
            Checkpoint checkpoint = new CheckpointInspector().inspect(archive, InspectListener.NONE);
            assertThat(checkpoint.container().engine()).containsIgnoringCase("containerd");
            ProcessInfo sh = checkpoint.processes().stream().filter(p -> p.pid() == 1).findFirst().orElseThrow();
            assertThat(sh.comm()).isEqualTo("sh");
            assertThat(sh.cmdline()).containsExactly("sh", "-c", SCRIPT);

            int before = countInRwLayer(archive);
            assertThat(before).as("the counter ran about 2 s before the checkpoint").isGreaterThanOrEqualTo(5);

            long r0 = System.nanoTime();
            RestoreResult fromFile = helper.restore(RestoreOptions.containerd(archive, null, FROM_FILE),
                    progress::add);
            long restoreMs = (System.nanoTime() - r0) / 1_000_000;
            assertThat(fromFile.name()).isEqualTo(FROM_FILE);
            assertThat(fromFile.state()).isEqualTo("running");
            // the helper's import name is gone again
            assertThat(ctr("images", "ls", "--quiet").out()).doesNotContain("checkpoint-inspector-import");

            long i0 = System.nanoTime();
            RestoreResult fromImage = helper.restore(RestoreOptions.containerd(null, REF, FROM_IMAGE),
                    ProgressListener.NONE);
            long imageRestoreMs = (System.nanoTime() - i0) / 1_000_000;
            assertThat(fromImage.state()).isEqualTo("running");

            Thread.sleep(1000);
            int afterFile = countIn(FROM_FILE);
            int afterImage = countIn(FROM_IMAGE);
            // went on from where it stopped: a fresh start would be at 5 or so after 1 s
            assertThat(afterFile).isGreaterThan(before).isLessThanOrEqualTo(before + 40);
            assertThat(afterImage).isGreaterThan(before).isLessThanOrEqualTo(before + 40);
            assertThat(helper.listing().containers()).anyMatch(c -> c.name().equals(FROM_FILE) && c.running())
                    .anyMatch(c -> c.name().equals(FROM_IMAGE) && c.running());
            System.out.printf("ContainerdEndToEndTest: checkpoint+export %d ms (%d bytes, %d pages, ctr %d us), "
                    + "restore from file %d ms, from image %d ms, count %d at checkpoint, %d and %d one second "
                    + "after restore, total %d ms%n", checkpointMs, cp.bytes(), cp.stats().pagesWritten(),
                    cp.stats().runtimeDurationUs(), restoreMs, imageRestoreMs, before, afterFile, afterImage,
                    (System.nanoTime() - t0) / 1_000_000);
        }
        assertThat(log).anyMatch(l -> l.contains("runtime=containerd")).anyMatch(l -> l.contains("-> ok"));
    }

    private static int countIn(String container) throws Exception {
        Result exec = ctr("tasks", "exec", "--exec-id", "count-" + System.nanoTime(), container, "cat", "/tmp/count");
        assertThat(exec.code()).as(exec.err()).isZero();
        return Integer.parseInt(exec.out().strip());
    }

    /** The count as the checkpoint froze it: tmp/count in the rw layer blob of the exported image. */
    private static int countInRwLayer(Path archive) throws IOException {
        try (TarArchiveInputStream outer = new TarArchiveInputStream(
                new BufferedInputStream(Files.newInputStream(archive)))) {
            TarArchiveEntry e;
            while ((e = outer.getNextTarEntry()) != null) {
                if (!e.getName().startsWith("blobs/sha256/") || e.getSize() < 2) {
                    continue;
                }
                byte[] blob = outer.readAllBytes();
                if ((blob[0] & 0xff) != 0x1f || (blob[1] & 0xff) != 0x8b) {
                    continue; // the rw layer is the one gzip blob
                }
                try (InputStream gz = new GZIPInputStream(new java.io.ByteArrayInputStream(blob));
                        TarArchiveInputStream layer = new TarArchiveInputStream(gz)) {
                    TarArchiveEntry f;
                    while ((f = layer.getNextTarEntry()) != null) {
                        if (f.getName().equals("tmp/count") || f.getName().equals("./tmp/count")) {
                            return Integer.parseInt(new String(layer.readAllBytes(), StandardCharsets.US_ASCII)
                                    .strip());
                        }
                    }
                }
            }
        }
        throw new AssertionError("no tmp/count in the rw layer of " + archive);
    }

    private record Result(int code, String out, String err) {
    }

    private static Result ctr(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(CTR.toString(), "--namespace", "default", "--connect-timeout",
                "5s"));
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
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new Result(p.exitValue(), out, err.join());
    }
}
