package io.checkpointinspector.agreement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.checkpointinspector.inspect.CheckpointInspector;
import io.checkpointinspector.inspect.Fixtures;
import io.checkpointinspector.inspect.InspectListener;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.model.FileInfo;
import io.checkpointinspector.model.MountInfo;
import io.checkpointinspector.model.ProcessInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our model against Debian 13's {@code checkpointctl inspect --all --format json} on the fixtures it can open
 * (the Podman exports; it cannot open image archives). Runs checkpointctl live where installed (setup-runtime.sh
 * provides {@value #CHECKPOINTCTL}; CI must have it) and always against the outputs recorded with the fixtures.
 */
class CheckpointctlAgreementTest {

    static final String CHECKPOINTCTL = "checkpointctl-trixie";
    private static final List<String> OPENABLE = List.of("podman-zstd.tar.zst", "podman-gzip.tar.gz",
            "podman-none.tar");
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> recorded() {
        return OPENABLE.stream().map(f -> Arguments.of(f));
    }

    @ParameterizedTest
    @MethodSource("recorded")
    void agreesWithRecordedCheckpointctlOutput(String fixture) throws Exception {
        String name = fixture.substring(0, fixture.indexOf('.'));
        JsonNode ctl = JSON.readTree(Files.readString(Fixtures.DIR.resolve("checkpointctl/" + name + ".json")));
        assertAgreement(fixture, ctl.get(0));
    }

    @ParameterizedTest
    @MethodSource("recorded")
    void agreesWithLiveCheckpointctl(String fixture) throws Exception {
        boolean installed = Files.isExecutable(Path.of("/usr/local/bin/" + CHECKPOINTCTL));
        if (System.getenv("CI") != null) {
            assertThat(installed).as("CI must provide " + CHECKPOINTCTL + " (src/test/scripts/setup-runtime.sh)")
                    .isTrue();
        }
        assumeTrue(installed, CHECKPOINTCTL + " not installed: run src/test/scripts/setup-runtime.sh");
        String out = run(CHECKPOINTCTL, "inspect", "--all", "--format", "json",
                Fixtures.path(fixture).toAbsolutePath().toString());
        assertAgreement(fixture, JSON.readTree(out).get(0));
    }

    @Test
    void recordedOutputsExistForEveryOpenableFixture() {
        for (String f : OPENABLE) {
            assertThat(Fixtures.DIR.resolve("checkpointctl/" + f.substring(0, f.indexOf('.')) + ".json"))
                    .isRegularFile();
        }
    }

    private static void assertAgreement(String fixture, JsonNode ctl) throws IOException {
        Checkpoint ours = new CheckpointInspector().inspect(Fixtures.path(fixture), InspectListener.NONE);

        assertThat(ours.container().name()).isEqualTo(ctl.path("container_name").asText());
        assertThat(ours.container().image()).isEqualTo(ctl.path("image").asText());
        assertThat(ours.container().id()).isEqualTo(ctl.path("id").asText());
        assertThat(ours.container().runtime()).isEqualTo(ctl.path("runtime").asText());
        assertThat(ours.container().engine()).isEqualTo(ctl.path("engine").asText());

        JsonNode size = ctl.path("checkpoint_size");
        assertThat(ours.sizes().checkpointBytes()).isEqualTo(size.path("total_size").asLong());
        assertThat(ours.sizes().memoryPagesBytes()).isEqualTo(size.path("memory_pages_size").asLong());
        assertThat(ours.sizes().rootfsDiffBytes()).isEqualTo(size.path("root_fs_diff_size").asLong());

        JsonNode stats = ctl.path("statistics");
        assertThat(ours.stats().freezingTimeUs()).isEqualTo(stats.path("freezing_time").asLong());
        assertThat(ours.stats().frozenTimeUs()).isEqualTo(stats.path("frozen_time").asLong());
        assertThat(ours.stats().memdumpTimeUs()).isEqualTo(stats.path("memdump_time").asLong());
        assertThat(ours.stats().memwriteTimeUs()).isEqualTo(stats.path("memwrite_time").asLong());
        assertThat(ours.stats().pagesScanned()).isEqualTo(stats.path("pages_scanned").asLong());
        assertThat(ours.stats().pagesWritten()).isEqualTo(stats.path("pages_written").asLong());

        List<JsonNode> ctlProcesses = new ArrayList<>();
        flatten(ctl.path("process_tree"), ctlProcesses);
        assertThat(ours.processes()).hasSize(ctlProcesses.size());
        for (JsonNode p : ctlProcesses) {
            int pid = p.path("pid").asInt();
            ProcessInfo mine = process(ours, pid);
            assertThat(mine.comm()).isEqualTo(p.path("command").asText());
            // checkpointctl joins argv with a space after every argument.
            assertThat(String.join(" ", mine.cmdline()) + " ").isEqualTo(p.path("cmdline").asText());
            Map<String, String> env = new TreeMap<>();
            p.path("environment_variables").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            assertThat(new TreeMap<>(mine.env())).isEqualTo(env);
        }

        for (JsonNode fds : ctl.path("file_descriptors")) {
            ProcessInfo mine = process(ours, fds.path("pid").asInt());
            int counted = 0;
            for (JsonNode f : fds.path("open_files")) {
                String fd = f.path("fd").asText();
                if (fd.equals("cwd")) {
                    assertThat(mine.cwd()).isEqualTo(f.path("path").asText());
                    continue;
                }
                if (fd.equals("root")) {
                    assertThat(mine.root()).isEqualTo(f.path("path").asText());
                    continue;
                }
                counted++;
                String type = f.path("type").asText();
                int number = Integer.parseInt(fd.substring(fd.lastIndexOf(' ') + 1));
                FileInfo file = mine.files().stream().filter(x -> x.fd() == number).findFirst()
                        .orElseThrow(() -> new AssertionError("fd " + number + " of pid " + mine.pid()));
                assertThat(file.type()).isEqualTo(type);
                if (type.equals("REG") || type.equals("PIPE")) {
                    assertThat(file.path()).isEqualTo(f.path("path").asText());
                }
            }
            assertThat(mine.files()).hasSize(counted);
        }

        List<String> ctlMounts = new ArrayList<>();
        ctl.path("mounts").forEach(m -> ctlMounts.add(m.path("destination").asText() + " " + m.path("type").asText()
                + " " + m.path("source").asText()));
        assertThat(ours.mounts()).extracting((MountInfo m) -> m.destination() + " " + m.type() + " " + m.source())
                .containsExactlyElementsOf(ctlMounts);
    }

    private static ProcessInfo process(Checkpoint c, int pid) {
        return c.processes().stream().filter(p -> p.pid() == pid).findFirst()
                .orElseThrow(() -> new AssertionError("pid " + pid + " missing from our model"));
    }

    private static void flatten(JsonNode node, List<JsonNode> out) {
        if (node.isMissingNode() || node.isNull()) {
            return;
        }
        out.add(node);
        node.path("children").forEach(child -> flatten(child, out));
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s failed: %s", String.join(" ", command), stderr).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }
}
