package io.checkpointinspector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.checkpointinspector.discover.Stores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListCommandTest {

    @TempDir
    Path tmp;

    @Test
    void tableListsWhatTheFoldersHoldNewestFirstWithNotesAtTheEnd() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("ckpts"));
        Files.write(dir.resolve("old.tar"), Stores.checkpointTar(1_600_000_000_000L));
        Files.write(dir.resolve("new.tar"), Stores.checkpointTar(1_900_000_000_000L));
        Files.write(dir.resolve("broken.tar.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7});
        Cli.Result r = Cli.run("list", "--only-paths", "--path", dir.toString(), "--path",
                tmp.resolve("missing").toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        Cli.assertNoLeak(r);
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).startsWith("CHECKPOINTED").contains("CONTAINER", "ENGINE", "SIZE", "SOURCE");
        assertThat(lines.get(1)).startsWith("2030-03-17T17:46:40Z").contains("ci-fixture", "Podman",
                dir.resolve("new.tar").toString());
        assertThat(lines.get(2)).startsWith("2020-09-13T12:26:40Z").contains(dir.resolve("old.tar").toString());
        assertThat(lines.get(3)).startsWith("-").contains(dir.resolve("broken.tar.gz").toString(), "corrupt");
        assertThat(lines.get(4)).isEqualTo("3 checkpoints found in 2 places (" + lines.get(4).replaceAll(".*\\(", ""));
        assertThat(lines.subList(5, lines.size())).containsExactly("notes:",
                "  folder " + tmp.resolve("missing") + ": skipped, missing");
    }

    @Test
    void jsonHasEveryRowAndNote() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("ckpts"));
        Files.write(dir.resolve("a.tar"), Stores.checkpointTar(1_600_000_000_000L));
        Cli.Result r = Cli.run("list", "--only-paths", "--path", dir.toString(), "--format", "json", "--max-depth",
                "1");
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.path("schemaVersion").asInt()).isEqualTo(1);
        JsonNode row = json.path("checkpoints").path(0);
        assertThat(row.path("container").asText()).isEqualTo("ci-fixture");
        assertThat(row.path("engine").asText()).isEqualTo("Podman");
        assertThat(row.path("checkpointed").asText()).isEqualTo("2020-09-13T12:26:40Z");
        assertThat(row.path("bytes").asLong()).isEqualTo(Files.size(dir.resolve("a.tar")));
        assertThat(row.path("place").asText()).isEqualTo("USER");
        assertThat(row.path("error").isNull()).isTrue();
        assertThat(json.path("places").path(0).path("path").asText()).isEqualTo(dir.toString());
        assertThat(json.path("notes").size()).isZero();
        assertThat(json.path("cutShort").asBoolean()).isFalse();
    }

    @Test
    void aCutArchiveIsListedWithItsWarningInTheTableAndTheJson() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("ckpts"));
        byte[] whole = Files.readAllBytes(io.checkpointinspector.inspect.Fixtures.path("podman-none.tar"));
        Path cut = Files.write(dir.resolve("cut.tar"), java.util.Arrays.copyOf(whole, 64 * 1024));
        Cli.Result r = Cli.run("list", "--only-paths", "--path", dir.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        String row = r.out().lines().filter(l -> l.contains(cut.toString())).findFirst().orElseThrow();
        assertThat(row).contains("ci-fixture", "warning: the archive is cut short inside entry checkpoint/");

        Cli.Result j = Cli.run("list", "--only-paths", "--path", dir.toString(), "--format", "json");
        JsonNode found = new ObjectMapper().readTree(j.out()).path("checkpoints").path(0);
        assertThat(found.path("error").isNull()).isTrue();
        assertThat(found.path("warnings").size()).isEqualTo(1);
        assertThat(found.path("warnings").path(0).asText()).contains("cut short");
        // a whole checkpoint has an empty list, never a missing key
        Files.delete(cut);
        Files.write(dir.resolve("a.tar"), whole);
        JsonNode whole1 = new ObjectMapper().readTree(Cli.run("list", "--only-paths", "--path", dir.toString(),
                "--format", "json").out()).path("checkpoints").path(0);
        assertThat(whole1.path("warnings").isArray()).isTrue();
        assertThat(whole1.path("warnings").size()).isZero();
    }

    @Test
    void badBoundsAreRefused() {
        Cli.Result r = Cli.run("list", "--only-paths", "--max-depth", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--max-depth");
    }

    /** The command line reads the window's preference store: the folders of its recent checkpoints are places. */
    @Test
    void recentFoldersComeFromTheWindowsPreferences() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path folder = Files.createDirectories(tmp.resolve("opened"));
        Path opened = Files.write(folder.resolve("x.tar"), Stores.checkpointTar(1_600_000_000_000L));
        Path other = Files.write(folder.resolve("y.tar"), Stores.checkpointTar(1_900_000_000_000L));
        Path node = Files.createDirectories(home.resolve(".java/.userPrefs/io/checkpointinspector"));
        // the file java.util.prefs keeps on Linux, as the window writes it (AppPreferences, keys recent.N)
        Files.writeString(node.resolve("prefs.xml"), "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
                + "<!DOCTYPE map SYSTEM \"http://java.sun.com/dtd/preferences.dtd\">\n<map MAP_XML_VERSION=\"1.0\">\n"
                + "  <entry key=\"recent.0\" value=\"" + opened + "\"/>\n</map>\n");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + home, "-Djava.awt.headless=true", "-cp", Cli.testClassPath(),
                "io.checkpointinspector.Main", "list", "--format", "json", "--timeout", "30");
        Path out = tmp.resolve("out.json");
        pb.redirectOutput(out.toFile()).redirectError(tmp.resolve("err.txt").toFile());
        Process p = pb.start();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(tmp.resolve("err.txt"), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(err).isEmpty();
        JsonNode json = new ObjectMapper().readTree(Files.readString(out, StandardCharsets.UTF_8));
        assertThat(json.path("places").findValuesAsText("path")).contains(folder.toString(),
                home.resolve(".local/share/containers/storage").toString());
        List<String> recentRows = json.path("checkpoints").findParents("place").stream()
                .filter(n -> n.path("place").asText().equals("RECENT")).map(n -> n.path("path").asText()).toList();
        assertThat(recentRows).containsExactly(other.toString(), opened.toString());
        assertThat(json.path("notes").toString()).contains("Podman storage "
                + home.resolve(".local/share/containers/storage") + ": skipped, missing");
    }
}
