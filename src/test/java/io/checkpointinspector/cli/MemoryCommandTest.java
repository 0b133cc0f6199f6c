package io.checkpointinspector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.checkpointinspector.inspect.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The memory sub-command against the real fixtures: what a user reads, and one error line for every misuse. */
class MemoryCommandTest {

    private static final String NONE = Fixtures.path("podman-none.tar").toString();
    private static final String ZSTD = Fixtures.path("podman-zstd.tar.zst").toString();
    private static final String RECORD7 = "CKPT-INSPECTOR-MARKER-00000007";
    /** Where checkpointctl memparse --search found RECORD7 (fixtures/checkpointctl/memparse-search-podman-none.txt). */
    private static final String RECORD7_AT = "0x7f2fa931d0d9";
    private static final String BUFFER_AT = "0x7f2fa931d000";

    private static void assertOneErrorLine(Cli.Result r, String text) {
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("error: ").contains(text);
    }

    @Test
    void listsTheMemoryOfEveryProcess() {
        Cli.Result r = Cli.run("memory", NONE);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("PID", "PROCESS", "MAPPED", "DUMPED", "fixture-worker", "sleep");
        assertThat(r.out().lines().count()).isEqualTo(6);
    }

    @ParameterizedTest
    @ValueSource(strings = {"podman-none.tar", "podman-zstd.tar.zst"})
    void findsTextWhereCheckpointctlDoes(String fixture) {
        Cli.Result r = Cli.run("memory", Fixtures.path(fixture).toString(), "--search", RECORD7);
        assertThat(r.exit()).as(r.toString()).isZero();
        String row = r.out().lines().filter(l -> l.contains(RECORD7_AT)).findFirst().orElseThrow();
        assertThat(row).startsWith("11 ").contains("fixture-worker", RECORD7);
        assertThat(r.out()).contains("1 hit in ").contains("of 5 processes");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void findsHexBytesAndWritesJson() throws Exception {
        String hex = HexFormat.ofDelimiter(" ").formatHex(RECORD7.getBytes(StandardCharsets.US_ASCII));
        Cli.Result r = Cli.run("memory", ZSTD, "--search-hex", hex, "--format", "json");
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("hits")).hasSize(1);
        JsonNode hit = json.get("hits").get(0);
        assertThat(hit.get("pid").asInt()).isEqualTo(11);
        assertThat(hit.get("address").asText()).isEqualTo(RECORD7_AT);
        assertThat(hit.get("preview").asText()).contains(RECORD7);
        assertThat(json.get("capped").asBoolean()).isFalse();
    }

    @Test
    void saysWhenTheHitsAreCapped() {
        Cli.Result r = Cli.run("memory", NONE, "--search", "CKPT-INSPECTOR-MARKER", "--pid", "11", "--max-hits", "5");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("5 hits (stopped at the cap").contains("of 1 process");
        assertThat(r.out().lines().filter(l -> l.startsWith("11 ")).count()).isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"podman-none.tar", "podman-gzip.tar.gz"})
    void dumpsBytesByVirtualAddress(String fixture) {
        Cli.Result r = Cli.run("memory", Fixtures.path(fixture).toString(), "--pid", "11", "--dump", BUFFER_AT + ":64");
        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).startsWith("pid 11, 64 bytes at " + BUFFER_AT);
        assertThat(lines.get(1)).startsWith("00007f2fa931d000  43 4b 50 54 2d 49 4e 53  50 45 43 54 4f 52 2d 4d")
                .endsWith("|CKPT-INSPECTOR-M|");
    }

    @Test
    void marksBytesTheCheckpointDoesNotHold() {
        Cli.Result r = Cli.run("memory", NONE, "--pid", "1", "--dump", "0x1000");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("256 bytes at 0x1000 (outside every memory area), 256 bytes not in the checkpoint")
                .contains("0000000000001000  … 256 bytes not dumped (to 0000000000001100)");
    }

    @Test
    void dumpsJsonWithGaps() throws Exception {
        Cli.Result r = Cli.run("memory", NONE, "--pid", "1", "--dump", "0x1000:32", "--format", "json");
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("gaps").get(0).get("reason").asText()).isEqualTo("NOT_DUMPED");
        assertThat(json.get("data").asText()).hasSize(64);
    }

    @Test
    void capsTheDumpAtOneMebibyte() {
        Cli.Result r = Cli.run("memory", NONE, "--pid", "11", "--dump", BUFFER_AT + ":99999999");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("pid 11, 1,048,576 bytes at");
        assertThat(r.errLines()).singleElement().asString().startsWith("warning: ").contains("capped");
    }

    @Test
    void misuseIsOneErrorLine() {
        assertOneErrorLine(Cli.run("memory", NONE, "--dump", BUFFER_AT), "--dump needs --pid");
        assertOneErrorLine(Cli.run("memory", NONE, "--search", "x", "--search-hex", "78"), "only one of");
        assertOneErrorLine(Cli.run("memory", NONE, "--search-hex", "4g"), "not a hex byte");
        assertOneErrorLine(Cli.run("memory", NONE, "--search-hex", "414"), "odd number");
        assertOneErrorLine(Cli.run("memory", NONE, "--pid", "11", "--dump", "nowhere"), "ADDR[:LEN]");
        assertOneErrorLine(Cli.run("memory", NONE, "--pid", "999", "--search", "x"), "no process 999");
        assertOneErrorLine(Cli.run("memory", "/nonexistent/checkpoint.tar"), "no such file");
    }

    @Test
    void searchesIgnoringCaseWhenAsked() {
        Cli.Result exact = Cli.run("memory", NONE, "--search", "ckpt-inspector-marker", "--pid", "11");
        assertThat(exact.out()).startsWith("0 hits");
        Cli.Result folded = Cli.run("memory", NONE, "--search", "ckpt-inspector-marker", "--pid", "11", "-i");
        assertThat(folded.exit()).isZero();
        assertThat(folded.out()).contains("CKPT-INSPECTOR-MARKER").doesNotStartWith("0 hits");
    }
}
