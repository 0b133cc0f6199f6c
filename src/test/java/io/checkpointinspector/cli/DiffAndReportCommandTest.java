package io.checkpointinspector.cli;

import static io.checkpointinspector.cli.Cli.assertNoLeak;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.checkpointinspector.inspect.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code diff} and {@code report} as a user runs them. */
class DiffAndReportCommandTest {

    static final Path BEFORE = Fixtures.DIR.resolve("diff/diff-before.tar.zst");
    static final Path AFTER = Fixtures.DIR.resolve("diff/diff-after.tar.zst");

    @Test
    void diffTreeNamesTheChanges() {
        Cli.Result r = Cli.run("diff", BEFORE.toString(), AFTER.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertNoLeak(r);
        assertThat(r.out()).startsWith("One container: ")
                .contains("+ [", "- [", "~ cwd: / → /added", "+ fd 8 REG /added/stage2.log",
                        "~ /added/mode.txt  mode 0644 → 0600", "+ deleted /etc/fixture-change-me");
        // diff-after was checkpointed into the container's reused checkpoint directory: pid 10's images of the
        // earlier dump are still there, named under one warning; nothing else is said
        assertThat(r.errLines()).allMatch(l -> l.startsWith("warning: " + AFTER + ": ")
                && (l.contains("not in the process tree") || l.contains("in a second pass")));
    }

    @Test
    void diffJsonIsTheDocumentedContract() throws Exception {
        Cli.Result r = Cli.run("diff", "--format", "json", BEFORE.toString(), AFTER.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode d = new ObjectMapper().readTree(r.out());
        List<String> keys = new ArrayList<>();
        d.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("schemaVersion", "identical", "sameContainer", "containerNote", "source",
                "container", "criu", "sizes", "stats", "summary", "processesAdded", "processesRemoved", "processes",
                "rootfs", "warningsA", "warningsB");
        assertThat(d.get("identical").asBoolean()).isFalse();
        assertThat(d.at("/summary/processesAdded").asInt()).isEqualTo(3);
        assertThat(d.at("/rootfs/deletedAdded/0").asText()).isEqualTo("/etc/fixture-change-me");
    }

    @Test
    void diffOfOneFileWithItselfIsEmpty() throws Exception {
        Cli.Result r = Cli.run("diff", "--format", "json", AFTER.toString(), AFTER.toString());
        JsonNode d = new ObjectMapper().readTree(r.out());
        assertThat(d.get("identical").asBoolean()).isTrue();
        assertThat(d.get("processesAdded")).isEmpty();
        assertThat(Cli.run("diff", AFTER.toString(), AFTER.toString()).out()).contains("No differences");
    }

    @Test
    void diffOfAnUnreadableSourceIsOneLine(@TempDir Path tmp) throws Exception {
        Path junk = tmp.resolve("junk.tar");
        Files.write(junk, new byte[] {1, 2, 3});
        Cli.Result r = Cli.run("diff", BEFORE.toString(), junk.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertNoLeak(r);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("junk.tar");
    }

    @Test
    void reportWritesOneHtmlFile(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("r.html");
        Cli.Result r = Cli.run("report", Fixtures.path("podman-zstd.tar.zst").toString(), "-o", out.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).startsWith("wrote " + out);
        try (var files = Files.list(tmp)) {
            assertThat(files).containsExactly(out);
        }
        String html = Files.readString(out);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<section id=\"rootfs\">").endsWith("</html>\n");
    }

    @Test
    void reportJsonIsTheInspectContractPlusTheReport() throws Exception {
        Path src = Fixtures.path("podman-none.tar");
        Cli.Result r = Cli.run("report", "--format", "json", src.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode rep = new ObjectMapper().readTree(r.out());
        JsonNode inspect = new ObjectMapper().readTree(Cli.run("inspect", "--format", "json", src.toString()).out());
        List<String> keys = new ArrayList<>();
        rep.fieldNames().forEachRemaining(keys::add);
        List<String> want = new ArrayList<>();
        inspect.fieldNames().forEachRemaining(want::add);
        want.add("report");
        assertThat(keys).containsExactlyElementsOf(want);
        for (String k : HappyPathTest.DOCUMENTED_KEYS) {
            assertThat(rep.get(k)).as(k).isEqualTo(inspect.get(k));
        }
        assertThat(rep.at("/report/sourceSha256").asText()).hasSize(64).matches("[0-9a-f]+");
        assertThat(rep.at("/report/pinnedHits")).isEmpty();
        assertThat(rep.at("/report/toolVersion").asText()).startsWith("checkpoint-inspector");
    }

    @Test
    void reportOfADirectorySaysWhyThereIsNoHash(@TempDir Path tmp) throws Exception {
        Process tar = new ProcessBuilder("tar", "-xf", Fixtures.path("podman-none.tar").toAbsolutePath().toString(),
                "-C", tmp.toString()).start();
        assertThat(tar.waitFor()).isZero();
        Cli.Result r = Cli.run("report", "--format", "json", tmp.toString());
        JsonNode rep = new ObjectMapper().readTree(r.out());
        assertThat(rep.at("/report/sourceSha256").isNull()).isTrue();
        assertThat(rep.at("/report/hashNote").asText()).contains("directory");
    }
}
