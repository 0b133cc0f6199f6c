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

    @ParameterizedTest
    @ValueSource(strings = {"podman-none.tar", "podman-zstd.tar.zst"})
    void findsARegexWhereTheTextSearchDoes(String fixture) {
        Cli.Result r = Cli.run("memory", Fixtures.path(fixture).toString(), "--search-regex",
                "CKPT-INSPECTOR-MARKER-0000000[7]\\n");
        assertThat(r.exit()).as(r.toString()).isZero();
        String row = r.out().lines().filter(l -> l.contains(RECORD7_AT)).findFirst().orElseThrow();
        assertThat(row).startsWith("11 ").contains("fixture-worker", RECORD7);
        assertThat(r.out()).contains("1 hit in ").contains("of 5 processes");
    }

    @Test
    void aRegexMatchesAnyByteAndTellsEachMatchLength() throws Exception {
        // "\n" then the next record's first bytes: a byte class over raw bytes, and a match of varying length.
        Cli.Result r = Cli.run("memory", NONE, "--pid", "11", "--search-regex",
                "MARKER-0000001[0-2][\\x00-\\x0a]+C+", "--format", "json");
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("hits")).hasSize(3);
        for (JsonNode hit : json.get("hits")) {
            assertThat(hit.get("length").asInt()).isEqualTo("MARKER-00000010\nC".length());
        }
        assertOneErrorLine(Cli.run("memory", NONE, "--search-regex", "(unclosed"), "not a valid regular expression");
    }

    @Test
    void kindAndPermissionFiltersNarrowTheSearch() {
        // The worker's records live in an anonymous rw-p mapping (checkpointctl memparse and our VMA list agree).
        Cli.Result anon = Cli.run("memory", NONE, "--search", RECORD7, "--kind", "anon", "--perm", "rw");
        assertThat(anon.exit()).as(anon.toString()).isZero();
        assertThat(anon.out()).contains(RECORD7_AT).contains("1 hit in ").contains("in anon areas with rw of 5");
        Cli.Result heap = Cli.run("memory", NONE, "--search", RECORD7, "--kind", "heap,stack");
        assertThat(heap.out()).doesNotContain(RECORD7_AT).contains("0 hits in ").contains("heap, stack areas");
        Cli.Result exec = Cli.run("memory", NONE, "--search", RECORD7, "--perm", "x");
        assertThat(exec.out()).contains("0 hits in ");
        assertOneErrorLine(Cli.run("memory", NONE, "--search", "x", "--kind", "brk"), "unknown memory area kind");
        assertOneErrorLine(Cli.run("memory", NONE, "--search", "x", "--perm", "q"), "permissions are letters");
        assertOneErrorLine(Cli.run("memory", NONE, "--kind", "heap"), "go with a search or --strings");
    }

    @ParameterizedTest
    @ValueSource(strings = {"podman-none.tar", "podman-gzip.tar.gz"})
    void listsStringsWithAddresses(String fixture) throws Exception {
        Cli.Result r = Cli.run("memory", Fixtures.path(fixture).toString(), "--pid", "11", "--strings",
                "--min-length", "12", "--max-hits", "100000", "--format", "json");
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        JsonNode record7 = null;
        int records = 0;
        for (JsonNode s : json.get("strings")) {
            assertThat(s.get("length").asInt()).isGreaterThanOrEqualTo(12);
            if (s.get("text").asText().startsWith("CKPT-INSPECTOR-MARKER-")) {
                records++;
            }
            if (s.get("text").asText().equals(RECORD7)) {
                record7 = s;
            }
        }
        assertThat(record7).as("record 7 among the strings").isNotNull();
        assertThat(record7.get("address").asText()).isEqualTo(RECORD7_AT);
        assertThat(record7.get("encoding").asText()).isEqualTo("ascii");
        // 1 MiB of 31-byte records: every whole one is a string of its own (the last, cut at 1 byte, is too short).
        assertThat(records).isEqualTo((1 << 20) / 31);
        // The environment the worker was started with is in its memory too.
        assertThat(json.get("strings").findValuesAsText("text")).contains("FIXTURE_GREETING=hello-from-fixture");
    }

    @Test
    void stringsTableCapsAndSaysSo() {
        Cli.Result r = Cli.run("memory", NONE, "--pid", "11", "--strings", "--max-hits", "3");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("ENCODING", "ascii").contains("3 strings (stopped at the cap");
        assertOneErrorLine(Cli.run("memory", NONE, "--strings", "--min-length", "0"), "--min-length");
        assertOneErrorLine(Cli.run("memory", NONE, "--strings", "--search", "x"), "give only one of");
    }

    /** The fixture unpacked, with UTF-16LE text planted over one record in the worker's pages (a real layout). */
    private static java.nio.file.Path plantedUtf16(java.nio.file.Path dir, String text) throws Exception {
        Process tar = new ProcessBuilder("tar", "-xf", Fixtures.path("podman-none.tar").toAbsolutePath().toString(),
                "-C", dir.toString()).redirectErrorStream(true).start();
        assertThat(tar.waitFor()).isZero();
        java.nio.file.Path pages = dir.resolve("checkpoint/pages-5.img");
        byte[] data = java.nio.file.Files.readAllBytes(pages);
        byte[] record = "CKPT-INSPECTOR-MARKER-00000100\n".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(data, record);
        assertThat(at).isPositive();
        byte[] wide = text.getBytes(StandardCharsets.UTF_16LE);
        System.arraycopy(wide, 0, data, at, wide.length);
        java.nio.file.Files.write(pages, data);
        return dir;
    }

    private static int indexOf(byte[] data, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= data.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (data[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void findsUtf16TextAndListsItAsAString(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        // Record 100 starts 100 * 31 bytes after the buffer.
        String at = "0x" + Long.toHexString(Long.parseLong(BUFFER_AT.substring(2), 16) + 100 * 31);
        String dir = plantedUtf16(tmp, "Gr\u00fc\u00dfe UTF16").toString();
        Cli.Result r = Cli.run("memory", dir, "--search-utf16", "Gr\u00fc\u00dfe UTF16");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains(at).contains("1 hit in ");
        assertThat(Cli.run("memory", dir, "--search", "Gr\u00fc\u00dfe UTF16").out()).contains("0 hits");
        Cli.Result s = Cli.run("memory", dir, "--pid", "11", "--strings", "--max-hits", "100000");
        // Strings are printable ASCII: the run starts after the two non-ASCII letters.
        String wideAt = "0x" + Long.toHexString(Long.parseLong(at.substring(2), 16) + 8);
        assertThat(s.out().lines().filter(l -> l.contains(wideAt)).findFirst().orElseThrow())
                .contains("utf-16le").contains("e UTF16");
    }
}
