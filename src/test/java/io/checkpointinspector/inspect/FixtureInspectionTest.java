package io.checkpointinspector.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.model.FileInfo;
import io.checkpointinspector.model.ProcessInfo;
import io.checkpointinspector.model.RootfsEntry;
import io.checkpointinspector.model.ThreadInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Inspects every real fixture and compares with expected.json, the truth the fixture script recorded from /proc
 * and Podman before checkpointing (not with our own earlier output).
 */
class FixtureInspectionTest {

    private static JsonNode expected;

    @BeforeAll
    static void loadTruth() {
        expected = Fixtures.expected();
    }

    static List<String> fixtures() {
        return Fixtures.ALL;
    }

    private static Checkpoint inspect(String fixture) throws Exception {
        return new CheckpointInspector().inspect(Fixtures.path(fixture), InspectListener.NONE);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void containerMetadataMatchesPodman(String fixture) throws Exception {
        Checkpoint c = inspect(fixture);
        assertThat(c.schemaVersion()).isEqualTo(1);
        assertThat(c.container().engine()).isEqualTo("Podman");
        assertThat(c.container().name()).isEqualTo(expected.path("containerName").asText());
        assertThat(c.container().image()).isEqualTo(expected.path("image").asText());
        assertThat(c.container().imageId()).isEqualTo(expected.path("imageId").asText());
        if (!fixture.startsWith("docker")) {
            // The docker format has no place for the checkpoint's annotations, so id and runtime are lost there
            // unless config.dump is inside the layer, which it is: check them everywhere it is.
        }
        assertThat(c.container().id()).isEqualTo(expected.path("containerId").asText());
        assertThat(c.container().runtime()).isEqualTo(expected.path("runtime").asText());
        assertThat(c.container().created()).isEqualTo(expected.path("created").asText());
        assertThat(c.container().checkpointed()).isNotNull();
        assertThat(c.criu().arch()).isEqualTo("x86_64");
        assertThat(c.criu().pageSize()).isEqualTo(4096);
        assertThat(c.criu().imagesVersion()).isEqualTo(2);
        assertThat(c.warnings()).noneMatch(w -> w.contains("missing"));
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void processTreeMatchesProc(String fixture) throws Exception {
        Checkpoint c = inspect(fixture);
        JsonNode truth = expected.path("processes");
        assertThat(c.processes()).hasSize(truth.size());
        for (JsonNode want : truth) {
            int pid = want.path("pid").asInt();
            ProcessInfo got = c.processes().stream().filter(p -> p.pid() == pid).findFirst().orElseThrow(
                    () -> new AssertionError("pid " + pid + " missing in " + fixture));
            assertThat(got.ppid()).as("ppid of %d", pid).isEqualTo(want.path("ppid").asInt());
            assertThat(got.comm()).as("comm of %d", pid).isEqualTo(want.path("comm").asText());
            assertThat(got.state()).isEqualTo("alive");
            assertThat(got.cmdline()).as("cmdline of %d", pid).isEqualTo(Fixtures.texts(want.path("cmdline")));
            assertThat(got.env()).as("env of %d", pid).isEqualTo(Fixtures.map(want.path("env")));
            assertThat(got.argsNote()).isNull();
            assertThat(got.cwd()).isEqualTo(want.path("cwd").asText());
            assertThat(got.root()).isEqualTo("/");
            List<Integer> tids = new ArrayList<>();
            List<String> names = new ArrayList<>();
            want.path("threadList").forEach(t -> {
                tids.add(t.path("tid").asInt());
                names.add(t.path("comm").asText());
            });
            assertThat(got.threads()).extracting(ThreadInfo::tid).containsExactlyInAnyOrderElementsOf(tids);
            assertThat(got.threads()).extracting(ThreadInfo::comm).containsExactlyInAnyOrderElementsOf(names);
            assertFiles(pid, got.files(), want.path("fds"));
            assertThat(got.memory().vmaCount()).isPositive();
            assertThat(got.memory().dumpedBytes()).isPositive();
        }
    }

    private static void assertFiles(int pid, List<FileInfo> got, JsonNode want) {
        assertThat(got).as("fds of %d", pid).hasSize(want.size());
        for (JsonNode fd : want) {
            int n = fd.path("fd").asInt();
            FileInfo f = got.stream().filter(x -> x.fd() == n).findFirst()
                    .orElseThrow(() -> new AssertionError("fd " + n + " of pid " + pid + " missing"));
            String target = fd.path("target").asText();
            if (target.startsWith("pipe:[")) {
                assertThat(f.type()).isEqualTo("PIPE");
                assertThat(f.path()).isEqualTo("pipe[" + target.substring(6));
            } else if (target.startsWith("anon_inode:[eventfd]")) {
                assertThat(f.type()).isEqualTo("EVENTFD");
                assertThat(f.path()).endsWith("count=" + fd.path("eventfdCount").asText("42"));
            } else {
                assertThat(f.type()).isEqualTo("REG");
                assertThat(f.path()).isEqualTo(target);
                assertThat(f.position()).isEqualTo(fd.path("pos").asLong());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void workerMemoryIsDumped(String fixture) throws Exception {
        Checkpoint c = inspect(fixture);
        JsonNode worker = expected.path("worker");
        ProcessInfo p = c.processes().stream().filter(x -> x.pid() == worker.path("pid").asInt()).findFirst()
                .orElseThrow();
        long mib = worker.path("mib").asLong() << 20;
        assertThat(p.memory().dumpedBytes()).isGreaterThanOrEqualTo(mib);
        assertThat(p.memory().vmas()).anySatisfy(v -> {
            assertThat(v.kind()).isEqualTo("anon");
            assertThat(v.dumpedBytes()).isGreaterThanOrEqualTo(mib);
        });
        assertThat(p.memory().vmas()).anySatisfy(v -> assertThat(v.label()).isEqualTo("[stack]"));
        assertThat(p.memory().vmas()).anySatisfy(v -> assertThat(v.label()).isEqualTo("[vdso]"));
        assertThat(p.memory().vmas()).anySatisfy(v -> assertThat(v.label()).isEqualTo("/usr/local/bin/fixture-worker"));
        long sum = p.memory().vmas().stream().mapToLong(v -> v.dumpedBytes()).sum();
        assertThat(sum).isEqualTo(p.memory().dumpedBytes());
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void rootfsDiffListsAddedAndDeletedFiles(String fixture) throws Exception {
        Checkpoint c = inspect(fixture);
        JsonNode rootfs = expected.path("rootfs");
        List<String> paths = c.rootfsDiff().entries().stream().map(RootfsEntry::path).toList();
        assertThat(paths).containsAll(Fixtures.texts(rootfs.path("added")));
        assertThat(c.rootfsDiff().deleted()).containsExactlyElementsOf(Fixtures.texts(rootfs.path("deleted")));
        Optional<RootfsEntry> hello = c.rootfsDiff().entries().stream()
                .filter(e -> e.path().equals("/added/hello.txt")).findFirst();
        assertThat(hello).get().extracting(RootfsEntry::type, RootfsEntry::size)
                .containsExactly("file", (long) rootfs.path("files").path("/added/hello.txt").asText().length());
        assertThat(c.rootfsDiff().entries()).anySatisfy(e -> {
            assertThat(e.path()).isEqualTo("/added/link");
            assertThat(e.type()).isEqualTo("symlink");
            assertThat(e.link()).isEqualTo(rootfs.path("symlinks").path("/added/link").asText());
        });
    }

    /** The header facts a reviewer reads, against what the fixture container did (as root, just before the dump). */
    @ParameterizedTest
    @MethodSource("fixtures")
    void rootfsEntriesCarryOwnerTimeTypeAndContentHash(String fixture) throws Exception {
        Checkpoint c = inspect(fixture);
        JsonNode files = expected.path("rootfs").path("files");
        java.time.Instant created = java.time.Instant.parse(c.container().created());
        java.time.Instant checkpointed = java.time.Instant.parse(c.container().checkpointed());
        for (RootfsEntry e : c.rootfsDiff().entries()) {
            assertThat(e.hostile()).as(e.path()).isNull();
            assertThat(e.flags()).as(e.path()).isEmpty();
            assertThat(io.checkpointinspector.text.RootfsFacts.owner(e)).as(e.path()).isEqualTo("root:root (0:0)");
            java.time.Instant modified = java.time.Instant.parse(e.modified());
            // The tar keeps whole seconds: written in the second the container was created, before the dump.
            assertThat(modified).as(e.path()).isBetween(created.truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                    checkpointed);
            switch (e.type()) {
                case "file" -> {
                    assertThat(e.tarType()).isEqualTo("regular");
                    assertThat(e.modeText()).isEqualTo("-rw-r--r--");
                    byte[] content = files.path(e.path()).asText().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    assertThat(e.sha256()).as(e.path()).isEqualTo(java.util.HexFormat.of().formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(content)));
                }
                case "dir" -> assertThat(e.modeText()).isEqualTo("drwxr-xr-x");
                case "symlink" -> assertThat(e.modeText()).isEqualTo("lrwxrwxrwx");
                default -> throw new AssertionError("unexpected " + e);
            }
        }
        assertThat(c.rootfsDiff().entries()).filteredOn(e -> e.sha256() != null).hasSize(4);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void sizesAddUp(String fixture) throws Exception {
        Checkpoint c = inspect(fixture);
        assertThat(c.sizes().memoryPagesBytes()).isPositive().isLessThan(c.sizes().checkpointBytes());
        long pages = c.entries().stream().filter(e -> e.name().startsWith("checkpoint/pages-"))
                .mapToLong(e -> e.size()).sum();
        assertThat(c.sizes().memoryPagesBytes()).isEqualTo(pages);
        assertThat(c.sizes().rootfsDiffBytes()).isPositive();
        assertThat(c.stats().pagesWritten()).isPositive();
        assertThat(c.stats().pagesWritten() * 4096).isEqualTo(c.sizes().memoryPagesBytes());
    }

}
