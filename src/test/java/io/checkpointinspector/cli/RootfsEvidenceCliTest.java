package io.checkpointinspector.cli;

import static io.checkpointinspector.cli.Cli.assertNoLeak;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.checkpointinspector.archive.EvidenceTars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Podman checkpoint with its rootfs diff swapped for one holding every tar type, special mode bits,
 * owners and hostile names: what {@code inspect} prints about each, and that nothing is written.
 */
class RootfsEvidenceCliTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    static Path dir;
    private static Path archive;

    @BeforeAll
    static void build() throws Exception {
        archive = EvidenceTars.podmanCheckpoint(dir.resolve("ckpt.tar"));
    }

    private static JsonNode entry(JsonNode entries, String path, int nth) {
        return StreamSupport.stream(entries.spliterator(), false).filter(e -> e.path("path").asText().equals(path))
                .skip(nth).findFirst().orElseThrow(() -> new AssertionError(path + " not in " + entries));
    }

    @Test
    void jsonListsEveryEntryWithTypeOwnerModeTimeFlagsAndHash() throws Exception {
        Cli.Result r = Cli.run("inspect", "--format", "json", archive.toString());
        assertThat(r.exit()).as("%s", r).isZero();
        JsonNode root = MAPPER.readTree(r.out());
        assertThat(root.path("schemaVersion").asInt()).isEqualTo(1);
        JsonNode diff = root.path("rootfsDiff");
        JsonNode entries = diff.path("entries");
        assertThat(entries).hasSize(16);
        // Regular files inside the root only: su, wall, the first motd, big.bin, late.txt.
        assertThat(diff.path("files").asInt()).isEqualTo(5);

        JsonNode su = entry(entries, "/usr/bin/su", 0);
        assertThat(su.path("tarType").asText()).isEqualTo("regular");
        assertThat(su.path("mode").asText()).isEqualTo("4755");
        assertThat(su.path("modeText").asText()).isEqualTo("-rwsr-xr-x");
        assertThat(texts(su.path("flags"))).containsExactly("setuid");
        assertThat(su.path("uid").asLong()).isZero();
        assertThat(su.path("user").asText()).isEqualTo("root");
        assertThat(su.path("modified").asText()).isEqualTo("2020-01-01T00:00:00Z");
        assertThat(su.path("sha256").asText()).isEqualTo(sha256(EvidenceTars.SU));
        assertThat(su.path("hostile").isNull()).isTrue();

        JsonNode wall = entry(entries, "/usr/bin/wall", 0);
        assertThat(wall.path("modeText").asText()).isEqualTo("-rwxr-sr-x");
        assertThat(wall.path("group").asText()).isEqualTo("tty");
        assertThat(wall.path("gid").asLong()).isEqualTo(5);
        JsonNode tmp = entry(entries, "/tmp", 0);
        assertThat(tmp.path("modeText").asText()).isEqualTo("drwxrwxrwt");
        assertThat(texts(tmp.path("flags"))).containsExactly("sticky", "world-writable");

        JsonNode mtab = entry(entries, "/etc/mtab", 0);
        assertThat(mtab.path("tarType").asText()).isEqualTo("symlink");
        assertThat(mtab.path("link").asText()).isEqualTo("/proc/mounts");
        assertThat(texts(mtab.path("flags"))).isEmpty();
        JsonNode su2 = entry(entries, "/usr/bin/su2", 0);
        assertThat(su2.path("tarType").asText()).isEqualTo("hardlink");
        assertThat(su2.path("link").asText()).isEqualTo("usr/bin/su");

        JsonNode nul = entry(entries, "/dev/null", 0);
        assertThat(nul.path("tarType").asText()).isEqualTo("char");
        assertThat(nul.path("devMajor").asLong()).isEqualTo(1);
        assertThat(nul.path("devMinor").asLong()).isEqualTo(3);
        assertThat(nul.path("modeText").asText()).isEqualTo("crw-rw-rw-");
        assertThat(texts(nul.path("flags"))).containsExactly("world-writable", "device");
        JsonNode sda = entry(entries, "/dev/sda", 0);
        assertThat(sda.path("tarType").asText()).isEqualTo("block");
        assertThat(sda.path("devMajor").asLong()).isEqualTo(8);
        assertThat(sda.path("devMinor").asLong()).isZero();
        assertThat(sda.path("group").asText()).isEqualTo("disk");
        JsonNode fifo = entry(entries, "/run/app.fifo", 0);
        assertThat(fifo.path("tarType").asText()).isEqualTo("fifo");
        assertThat(fifo.path("modeText").asText()).isEqualTo("prw-------");
        assertThat(fifo.path("user").asText()).isEqualTo("alice");
        assertThat(fifo.path("uid").asLong()).isEqualTo(1000);
        assertThat(fifo.path("devMajor").isNull()).isTrue();

        JsonNode shadow = entry(entries, "../../etc/shadow", 0);
        assertThat(shadow.path("hostile").asText()).isEqualTo("name escapes the root: never saved");
        assertThat(texts(shadow.path("flags"))).containsExactly("hostile");
        assertThat(shadow.path("sha256").asText()).isEqualTo(sha256(EvidenceTars.EVIL));
        assertThat(entry(entries, "/etc/cron.d/evil", 0).path("hostile").asText()).startsWith("name escapes");
        assertThat(entry(entries, "/usr/bin/passwd", 0).path("hostile").asText()).startsWith("hard link to a name");
        assertThat(entry(entries, "/etc/motd", 0).path("hostile").isNull()).isTrue();
        assertThat(entry(entries, "/etc/motd", 1).path("hostile").asText()).startsWith("duplicate name");

        assertThat(entry(entries, "/var/big.bin", 0).path("sha256").isNull()).as("hashed on demand only").isTrue();
        JsonNode late = entry(entries, "/home/alice/late.txt", 0);
        assertThat(late.path("modified").asText()).isEqualTo(EvidenceTars.LATE.toString());
        assertThat(late.path("uid").asLong()).isEqualTo(3_000_000);
        assertThat(r.err()).contains("'../../etc/shadow' escapes the checkpoint root: listed as hostile, never saved");
        assertNoLeak(r);
    }

    @Test
    void treeShowsTheSameFactsAndMarksWhatNeedsALook() {
        Cli.Result r = Cli.run("inspect", archive.toString());
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).contains("Root FS diff (5 files, 1.00 MiB, 16 entries, 1 deleted)")
                .contains("* /usr/bin/su  20 B")
                .contains("regular  -rwsr-xr-x (4755)  root:root (0:0)  2020-01-01T00:00:00Z  [setuid]")
                .contains("char 1,3  crw-rw-rw- (0666)  0:0  2026-11-22T07:42:18Z  [world-writable, device]")
                .contains("block 8,0  brw-rw---- (0660)  0:disk (0:6)")
                .contains("fifo  prw------- (0600)  alice:alice (1000:1000)")
                .contains("hardlink → usr/bin/su  -rw-r--r-- (0644)")
                .contains("! ../../etc/shadow  5 B")
                .contains("Hostile: name escapes the root: never saved")
                .contains("SHA-256: " + sha256Quietly(EvidenceTars.SU));
        assertNoLeak(r);
    }

    @Test
    void nothingOfTheHostileEntriesIsWritten() throws Exception {
        Path cwd = Files.createDirectories(dir.resolve("a/b/c"));
        Cli.Result r = Cli.runInChildJvm("256m", dir.resolve("tmp"), 60, cwd, "inspect", "--format", "json",
                archive.toString());
        assertThat(r.exit()).as("%s", r).isZero();
        try (var walk = Files.walk(dir)) {
            assertThat(walk.map(p -> p.getFileName().toString())).doesNotContain("shadow", "evil", "passwd");
        }
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static String sha256Quietly(byte[] data) {
        try {
            return sha256(data);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
