package io.checkpointinspector.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.checkpointinspector.archive.CheckpointSource;
import io.checkpointinspector.archive.CheckpointSources;
import io.checkpointinspector.archive.ContainerdCheckpoints;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.model.ContainerdCheckpoint;
import io.checkpointinspector.model.ProcessInfo;
import io.checkpointinspector.model.RootfsEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real containerd 1.6 checkpoint images made by src/test/scripts/make-containerd-fixtures.sh (run by
 * setup-runtime.sh), read and compared with the truth.json the script wrote: what it knows it put there (processes
 * read from /proc before the checkpoint, rootfs changes, environment token, media types). Skipped with a printed
 * reason when the fixtures are absent; under CI it fails instead.
 */
class ContainerdFixturesTest {

    static final Path DIR = Path.of(System.getenv().getOrDefault("CKPT_CONTAINERD_FIXTURES",
            "/var/tmp/ckpt-containerd-fixtures"));
    private static JsonNode truth;

    @BeforeAll
    static void fixtures() throws IOException {
        Path file = DIR.resolve("truth.json");
        if (!Files.isRegularFile(file)) {
            String reason = "containerd fixtures missing: " + file + " (run, as root: bash"
                    + " src/test/scripts/make-containerd-fixtures.sh, or setup-runtime.sh)";
            if (System.getenv("CI") != null) {
                fail(reason + " — under CI this test must run, not skip");
            }
            System.out.println("SKIPPED ContainerdFixturesTest: " + reason);
            assumeTrue(false, reason);
        }
        truth = new ObjectMapper().readTree(file.toFile());
    }

    private static List<JsonNode> variants() {
        List<JsonNode> out = new ArrayList<>();
        truth.path("variants").forEach(out::add);
        assertThat(out).extracting(v -> v.path("name").asText()).contains("task-rw", "task", "rw", "tasks");
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Checkpoint inspect(Path path) throws IOException {
        return new CheckpointInspector().inspect(path, InspectListener.NONE);
    }

    @Test
    void everyVariantIsReadAsAContainerdCheckpointOfWhatTheScriptMade() throws IOException {
        for (JsonNode v : variants()) {
            String name = v.path("name").asText();
            List<String> types = texts(v.path("mediaTypes"));
            boolean task = types.contains(ContainerdCheckpoints.CRIU_TAR);
            boolean rw = types.contains("application/vnd.oci.image.layer.v1.tar+gzip");
            Checkpoint c = inspect(DIR.resolve(v.path("file").asText()));
            ContainerdCheckpoint d = c.containerd();
            assertThat(d).as(name).isNotNull();
            assertThat(d.blobs()).as(name).extracting(ContainerdCheckpoint.Blob::mediaType).containsExactlyElementsOf(types);
            assertThat(d.indexDigest()).as(name).isEqualTo(v.path("indexDigest").asText());
            assertThat(d.checkpointName()).as(name).isEqualTo(v.path("ref").asText());
            assertThat(d.baseImage()).as(name).isEqualTo(truth.path("image").asText());
            assertThat(c.container().engine()).as(name).isEqualTo("containerd");
            assertThat(c.container().image()).as(name).isEqualTo(truth.path("image").asText());
            if (types.contains(ContainerdCheckpoints.RUNTIME_OPTIONS)) {
                assertThat(c.container().runtime()).as(name).isEqualTo(truth.path("runtime").asText());
                assertThat(d.snapshotter()).as(name).isEqualTo(truth.path("snapshotter").asText());
                assertThat(d.runtimeOptions().type()).as(name).isEqualTo("containerd.runc.v1.Options");
            }
            if (types.contains(ContainerdCheckpoints.OPTIONS)) {
                assertThat(d.checkpointOptions().type()).as(name).isEqualTo("containerd.runc.v1.CheckpointOptions");
                // the script's containers keep running after the checkpoint (no --exit)
                assertThat(d.checkpointOptions().fields()).as(name).containsEntry("exit", "false");
            }
            if (task) {
                assertThat(c.warnings()).as(name).isEmpty();
                assertThat(c.container().id()).as(name).isEqualTo(v.path("containerId").asText());
                assertThat(c.mounts()).as(name).extracting(m -> m.destination()).contains("/proc");
                assertProcesses(name, c, v.path("processes"));
            } else {
                assertThat(c.processes()).as(name).isEmpty();
                assertThat(c.warnings()).as(name).anySatisfy(w -> assertThat(w).contains("no CRIU images"));
            }
            if (rw) {
                assertRootfs(name, c);
            } else {
                assertThat(c.rootfsDiff().entries()).as(name).isEmpty();
            }
        }
    }

    private static void assertProcesses(String name, Checkpoint c, JsonNode expected) {
        List<String> want = new ArrayList<>();
        expected.forEach(p -> want.add(p.path("pid").asInt() + " " + p.path("comm").asText() + " "
                + texts(p.path("cmdline"))));
        assertThat(c.processes()).as(name).extracting(p -> p.pid() + " " + p.comm() + " " + p.cmdline())
                .containsExactlyInAnyOrderElementsOf(want);
        String token = "CTRFIX_TOKEN=" + truth.path("env").path("CTRFIX_TOKEN").asText();
        for (ProcessInfo p : c.processes()) {
            assertThat(p.env()).as(name + " pid " + p.pid()).containsEntry("CTRFIX_TOKEN",
                    token.substring("CTRFIX_TOKEN=".length()));
        }
    }

    private static void assertRootfs(String name, Checkpoint c) {
        JsonNode r = truth.path("rootfs");
        for (String which : List.of("added", "changed")) {
            JsonNode f = r.path(which);
            RootfsEntry e = c.rootfsDiff().entries().stream().filter(x -> x.path().equals(f.path("path").asText()))
                    .findFirst().orElseThrow(() -> new AssertionError(name + ": no " + f.path("path").asText()));
            assertThat(e.size()).as(name).isEqualTo(f.path("size").asLong());
            assertThat(e.sha256()).as(name).isEqualTo(f.path("sha256").asText());
        }
        assertThat(c.rootfsDiff().deleted()).as(name).contains(r.path("deleted").asText());
    }

    @Test
    void theLayoutDirectoryAndTheContentStoreEntryPointReadTheSameAsTheArchive() throws IOException {
        JsonNode v = variants().stream().filter(x -> x.path("name").asText().equals("task-rw")).findFirst()
                .orElseThrow();
        Checkpoint archive = inspect(DIR.resolve(v.path("file").asText()));
        Path layout = DIR.resolve(v.path("layoutDirectory").asText());
        Checkpoint directory = inspect(layout);
        String digest = v.path("indexDigest").asText();
        Checkpoint store;
        try (CheckpointSource source = ContainerdCheckpoints.openContentStore(layout, digest)) {
            store = new CheckpointInspector().inspect(source, InspectListener.NONE);
        }
        // the index blob named by its own path is the same entry point
        Checkpoint blob = inspect(layout.resolve("blobs/sha256/" + digest.substring("sha256:".length())));
        for (Checkpoint c : List.of(directory, store, blob)) {
            // the content store has no layout index.json, so no checkpoint name among the annotations
            assertThat(c.container()).usingRecursiveComparison().ignoringFields("annotations")
                    .isEqualTo(archive.container());
            assertThat(c.processes()).isEqualTo(archive.processes());
            assertThat(c.rootfsDiff()).isEqualTo(archive.rootfsDiff());
            assertThat(c.containerd().blobs()).isEqualTo(archive.containerd().blobs());
            assertThat(c.warnings()).isEmpty();
        }
        assertThat(directory.container()).isEqualTo(archive.container());
        assertThat(store.source().kind()).isEqualTo("CONTAINERD_CONTENT_STORE");
        assertThat(store.containerd().checkpointName()).isNull();
    }

    @Test
    void memoryOfTheCheckpointHoldsTheEnvironmentToken() throws IOException {
        JsonNode v = variants().get(0);
        for (JsonNode x : variants()) {
            if (x.path("name").asText().equals("task-rw")) {
                v = x;
            }
        }
        Path file = DIR.resolve(v.path("file").asText());
        String token = truth.path("env").path("CTRFIX_TOKEN").asText();
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int exit = io.checkpointinspector.cli.CommandLineApp.run(new String[] {"memory", file.toString(), "--search",
                token}, new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true));
        assertThat(exit).as("%s", err).isZero();
        String r = out.toString();
        Set<String> pids = new java.util.HashSet<>();
        v.path("processes").forEach(p -> pids.add(p.path("pid").asText()));
        for (String pid : pids) {
            assertThat(r).containsPattern("(?m)^" + pid + "\\s");
        }
    }
}
