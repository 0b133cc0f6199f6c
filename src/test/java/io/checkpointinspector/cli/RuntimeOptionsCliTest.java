package io.checkpointinspector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkpointinspector.runtime.CheckpointOptions;
import io.checkpointinspector.runtime.CheckpointResult;
import io.checkpointinspector.runtime.CheckpointStats;
import io.checkpointinspector.runtime.ContainerInfo;
import io.checkpointinspector.runtime.ContainerListing;
import io.checkpointinspector.runtime.HelperClient;
import io.checkpointinspector.runtime.HelperInfo;
import io.checkpointinspector.runtime.ProgressListener;
import io.checkpointinspector.runtime.RestoreOptions;
import io.checkpointinspector.runtime.RestoreResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * containers, checkpoint and restore against a fake helper: the RUNTIME column and the notes, --runtime and what
 * it allows, the runtime chosen from the helper's list in the same session, and Podman's options refused (exit 2,
 * the helper never started) for containerd instead of dropped.
 */
class RuntimeOptionsCliTest {

    private static final HelperInfo BOTH = new HelperInfo(1, "test", 0, 1000, "/usr/bin/podman", "4.3.1",
            "/usr/local/sbin/criu", "4.1.1", true, "Looks good.", "/usr/bin/ctr", "1.6.20~ds1");
    private static final ContainerInfo WEB = new ContainerInfo(
            "3f1c0a9e5b7d2c4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e", "web", "localhost/ci-busybox:latest",
            "running", "2026-12-02T04:20:00Z", null);
    private static final ContainerInfo COUNTER = new ContainerInfo("counter", "counter",
            "localhost/ci-busybox:latest", "running", "2026-12-04T10:00:00Z", null, CheckpointOptions.CONTAINERD);
    private static final ContainerInfo TWIN_PODMAN = new ContainerInfo(
            "aa1c0a9e5b7d2c4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e", "twin", "localhost/ci-busybox:latest",
            "running", "2026-12-02T04:20:00Z", null);
    private static final ContainerInfo TWIN_CTR = new ContainerInfo("twin", "twin", "localhost/ci-busybox:latest",
            "running", "2026-12-04T10:00:00Z", null, CheckpointOptions.CONTAINERD);

    /** Records what reaches the helper; started counts the sessions (each would be one pkexec authorisation). */
    private static final class Fake implements HelperClient {
        final AtomicInteger started = new AtomicInteger();
        final List<Object> requests = new CopyOnWriteArrayList<>();
        List<ContainerInfo> containers = List.of(WEB, COUNTER, TWIN_PODMAN, TWIN_CTR);
        List<String> notes = List.of("containerd namespace k8s.io holds 3 containers, not listed: only namespace "
                + "default is handled");

        @Override
        public HelperInfo hello() {
            requests.add("hello");
            return BOTH;
        }

        @Override
        public List<ContainerInfo> list() {
            return listing().containers();
        }

        @Override
        public ContainerListing listing() {
            requests.add("list");
            return new ContainerListing(containers, notes);
        }

        @Override
        public CheckpointResult checkpoint(CheckpointOptions o, ProgressListener progress) {
            requests.add(o);
            progress.progress("running ctr");
            return o.isContainerd()
                    ? new CheckpointResult(o.container(), o.container(), o.export(), o.export() == null ? null
                            : 51200L, o.export() == null ? null : "none", o.createImage(),
                            new CheckpointStats(null, 181000L, null, null, null, null, null, 42L))
                    : new CheckpointResult(o.container(), WEB.id(), o.export(), 30131L, "zstd", null,
                            new CheckpointStats(412345L, 380000L, 103800L, 283600L, 1000L, 204L, 5000L, 1234L));
        }

        @Override
        public RestoreResult restore(RestoreOptions o, ProgressListener progress) {
            requests.add(o);
            return new RestoreResult(o.name() == null ? "id1" : o.name(), o.name() == null ? "web" : o.name(),
                    "running", Map.of());
        }

        @Override
        public void close() {
        }
    }

    private final Fake fake = new Fake();

    private Cli.Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = CommandLineApp.run(args, new PrintWriter(out, true), new PrintWriter(err, true), log -> {
            fake.started.incrementAndGet();
            return fake;
        });
        return new Cli.Result(exit, out.toString(), err.toString());
    }

    @Test
    void containersPrintsTheRuntimeColumnAndTheNotesAfterTheTable() {
        Cli.Result r = run("containers");
        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("podman 4.3.1, containerd 1.6.20~ds1, CRIU 4.1.1, criu check: ok");
        assertThat(lines.get(1)).startsWith("ID").contains("NAME", "RUNTIME", "IMAGE", "STATE");
        assertThat(lines.get(2)).startsWith("3f1c0a9e5b7d").contains(" web ", " podman ");
        assertThat(lines.get(3)).startsWith("counter").contains(" containerd ", "running");
        // the RUNTIME column lines up under its heading
        int column = lines.get(1).indexOf("RUNTIME");
        assertThat(lines.get(3).substring(column)).startsWith("containerd");
        assertThat(lines.get(2).substring(column)).startsWith("podman");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("note: containerd namespace k8s.io holds 3 containers, "
                + "not listed: only namespace default is handled");
    }

    @Test
    void containersWithoutContainersStillPrintsTheNotes() {
        fake.containers = List.of();
        fake.notes = List.of("podman is not installed (/usr/bin/podman)");
        Cli.Result r = run("containers");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).endsWith("no containers (neither podman ps --all nor ctr containers ls lists one)\n"
                + "note: podman is not installed (/usr/bin/podman)\n");
    }

    @Test
    void aContainerdCheckpointGetsTheDefaultImageTheExportAndLeaveRunning() {
        Cli.Result r = run("checkpoint", "counter", "--runtime", "containerd", "--export", "/tmp/ck/c.tar", "-R");
        assertThat(r.exit()).as(r.toString()).isZero();
        CheckpointOptions o = (CheckpointOptions) fake.requests.get(0);
        assertThat(o.isContainerd()).isTrue();
        assertThat(o.createImage()).matches("localhost/counter-checkpoint:\\d{8}-\\d{6}");
        assertThat(o).isEqualTo(CheckpointOptions.containerd("counter", o.createImage(), Path.of("/tmp/ck/c.tar"),
                true));
        assertThat(r.out()).isEqualTo("checkpointed counter (containerd) into image " + o.createImage()
                + " to /tmp/ck/c.tar (51200 bytes, none)\n"
                + "ctr checkpoint 181000 µs, pages written 42 (ctr reports no CRIU freeze or dump times)\n");
        assertThat(r.err()).contains("running ctr");
    }

    @Test
    void theDefaultImageFollowsTheClock() {
        CheckpointCommand c = new CheckpointCommand(log -> fake,
                java.time.Clock.fixed(java.time.Instant.parse("2026-12-04T14:05:06Z"), java.time.ZoneOffset.UTC));
        new picocli.CommandLine(c).parseArgs("My_Counter", "--runtime", "containerd");
        assertThat(c.options("containerd").createImage()).isEqualTo("localhost/my-counter-checkpoint:20261204-140506");
    }

    @Test
    void aNamedImageAndNoExportGoAsGiven() {
        Cli.Result r = run("checkpoint", "counter", "--runtime", "containerd", "--create-image",
                "localhost/mine:one");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(fake.requests).containsExactly(CheckpointOptions.containerd("counter", "localhost/mine:one",
                null, false));
        assertThat(r.out()).startsWith("checkpointed counter (containerd) into image localhost/mine:one\n");
    }

    @Test
    void podmanOnlyCheckpointOptionsAreRefusedForContainerdBeforeTheHelperStarts() {
        Cli.Result r = run("checkpoint", "counter", "--runtime", "containerd", "-c", "gzip", "--tcp-established",
                "--keep");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errLines().get(0)).isEqualTo("--compress, --tcp-established, --keep are Podman options; ctr "
                + "has no counterpart, so the checkpoint of counter with containerd cannot honour them (leave them "
                + "out, or use --runtime podman)");
        assertThat(fake.started).hasValue(0);
        for (String[] one : new String[][] {{"--file-locks"}, {"--ignore-rootfs"}, {"--ignore-volumes"}, {"-P"},
            {"--with-previous"}, {"--no-print-stats"}}) {
            List<String> args = new java.util.ArrayList<>(List.of("checkpoint", "counter", "--runtime", "containerd"));
            args.addAll(List.of(one));
            Cli.Result each = run(args.toArray(String[]::new));
            assertThat(each.exit()).as(String.join(" ", one)).isEqualTo(2);
            assertThat(each.err()).contains(" is a Podman option; ctr has no counterpart");
        }
        assertThat(fake.started).hasValue(0);
    }

    @Test
    void anUnknownRuntimeIsAUsageError() {
        Cli.Result r = run("checkpoint", "counter", "--runtime", "docker");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errLines().get(0)).isEqualTo("--runtime must be podman or containerd, not 'docker'");
        assertThat(run("restore", "/tmp/x.tar", "--runtime", "cri-o").exit()).isEqualTo(2);
        assertThat(fake.started).hasValue(0);
    }

    @Test
    void withoutRuntimeTheListInTheSameSessionChoosesIt() {
        Cli.Result r = run("checkpoint", "counter", "--export", "/tmp/ck/c.tar");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(fake.started).as("one helper session, one authorisation").hasValue(1);
        assertThat(fake.requests.get(0)).isEqualTo("list");
        assertThat(((CheckpointOptions) fake.requests.get(1)).isContainerd()).isTrue();

        fake.requests.clear();
        assertThat(run("checkpoint", "web", "--export", "/tmp/ck/w.tar.zst", "--keep").exit()).isZero();
        assertThat(fake.requests).containsExactly("list", new CheckpointOptions("web", Path.of("/tmp/ck/w.tar.zst"),
                null, false, false, false, true, false, false, false, false, null, true));
        // a podman id prefix finds the podman container
        fake.requests.clear();
        assertThat(run("checkpoint", "3f1c0a9e", "--export", "/tmp/ck/w2.tar.zst").exit()).isZero();
        assertThat(((CheckpointOptions) fake.requests.get(1)).isContainerd()).isFalse();
        assertThat(fake.started).hasValue(3);
    }

    @Test
    void withoutRuntimeAContainerdContainerStillRefusesPodmanOptions() {
        Cli.Result r = run("checkpoint", "counter", "--export", "/tmp/ck/c.tar", "-c", "zstd");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errLines().get(0)).startsWith("--compress is a Podman option; ctr has no counterpart, so the "
                + "checkpoint of counter with containerd cannot honour it");
        assertThat(fake.requests).containsExactly("list");
    }

    @Test
    void aNameBothRuntimesHaveNeedsRuntime() {
        Cli.Result r = run("checkpoint", "twin", "--export", "/tmp/ck/t.tar");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errLines().get(0)).isEqualTo("container twin exists under both containerd and podman; say "
                + "which with --runtime podman or --runtime containerd");
        assertThat(fake.requests).containsExactly("list");
        fake.requests.clear();
        assertThat(run("checkpoint", "twin", "--runtime", "podman", "--export", "/tmp/ck/t.tar.zst").exit()).isZero();
        assertThat(fake.requests).hasSize(1).allMatch(o -> o instanceof CheckpointOptions c && !c.isContainerd());
    }

    @Test
    void aContainerNoRuntimeListsGoesToPodmanWhoseErrorSaysSo() {
        assertThat(run("checkpoint", "ghost", "--export", "/tmp/ck/g.tar.zst").exit()).isZero();
        assertThat(((CheckpointOptions) fake.requests.get(1)).runtime()).isEqualTo("podman");
    }

    @Test
    void aContainerdRestoreFromAFileOrAnImageUnderANewName() {
        Cli.Result r = run("restore", "--runtime", "containerd", "/tmp/ck/c.tar", "--name", "counter-2");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("restored counter-2 (counter-2) with containerd, running\n");
        assertThat(run("restore", "--image", "localhost/counter-checkpoint:1", "--name", "counter-3").exit())
                .isZero();
        assertThat(run("restore", "--runtime", "containerd", "--image", "localhost/c:1", "--name", "c4",
                "--allow-privileged").exit()).isZero();
        assertThat(fake.requests).containsExactly(
                RestoreOptions.containerd(Path.of("/tmp/ck/c.tar"), null, "counter-2"),
                RestoreOptions.containerd(null, "localhost/counter-checkpoint:1", "counter-3"),
                RestoreOptions.containerd(null, "localhost/c:1", "c4").withAllowPrivileged());
    }

    @Test
    void containerdRestoreRulesAreUsageErrors() {
        assertThat(refusal("restore", "--runtime", "containerd", "/tmp/ck/c.tar"))
                .isEqualTo("a containerd restore makes a new container: give its name with --name NAME");
        assertThat(refusal("restore", "--runtime", "containerd", "--name", "n"))
                .isEqualTo("give either FILE or --image REF (a containerd restore)");
        assertThat(refusal("restore", "--runtime", "containerd", "/tmp/ck/c.tar", "--image", "localhost/c:1",
                "--name", "n")).isEqualTo("give either FILE or --image REF (a containerd restore)");
        assertThat(refusal("restore", "--runtime", "containerd", "/tmp/ck/c.tar", "--name", "n", "-p", "8080:80",
                "--ignore-static-ip")).isEqualTo("--ignore-static-ip, --publish are Podman options; ctr has no "
                        + "counterpart, so the restore with containerd cannot honour them (leave them out, or use "
                        + "--runtime podman)");
        assertThat(refusal("restore", "--image", "localhost/c:1", "--name", "n", "--container", "old"))
                .startsWith("--container is a Podman option");
        assertThat(refusal("restore", "--runtime", "podman", "--image", "localhost/c:1"))
                .isEqualTo("--image is containerd's (a checkpoint image in its store); Podman restores from FILE "
                        + "or --container");
        assertThat(refusal("restore")).isEqualTo("give either FILE or --container CONTAINER");
        assertThat(fake.started).hasValue(0);
    }

    @Test
    void aPodmanRestoreIsAsBefore() {
        assertThat(run("restore", "/tmp/ck/w.tar.zst", "-n", "web2", "-p", "8080:80", "-k").exit()).isZero();
        assertThat(fake.requests).containsExactly(new RestoreOptions(Path.of("/tmp/ck/w.tar.zst"), null, "web2",
                true, false, false, false, false, List.of("8080:80")));
    }

    @Test
    void aPodmanCheckpointPrintsPodmansFigures() {
        Cli.Result r = run("checkpoint", "web", "--runtime", "podman", "--export", "/tmp/ck/w.tar.zst");
        assertThat(r.exit()).isZero();
        assertThat(fake.requests).doesNotContain("list");
        assertThat(r.out()).isEqualTo("checkpointed web to /tmp/ck/w.tar.zst (30131 bytes, zstd)\n"
                + "podman 412345 µs, runtime 380000 µs, frozen 283600 µs, freezing 103800 µs, memory dump 1000 µs, "
                + "memory write 204 µs, pages scanned 5000, pages written 1234\n");
    }

    @Test
    void helpTellsTheRuntimes() {
        // picocli wraps at 80 columns
        assertThat(run("checkpoint", "--help").out().replaceAll("\\s+", " ")).contains("--runtime=podman|containerd", "ctr containers checkpoint", "(Podman only)");
        assertThat(run("restore", "--help").out().replaceAll("\\s+", " ")).contains("--image=REF", "--runtime=podman|containerd",
                "ctr containers restore");
        assertThat(run("containers", "--help").out()).contains("RUNTIME");
    }

    private String refusal(String... args) {
        Cli.Result r = run(args);
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        return r.errLines().get(0);
    }
}
