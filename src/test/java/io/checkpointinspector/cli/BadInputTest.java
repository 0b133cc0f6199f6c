package io.checkpointinspector.cli;

import static io.checkpointinspector.cli.Cli.assertCleanFailure;
import static io.checkpointinspector.cli.Cli.assertNoLeak;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.checkpointinspector.criu.proto.PstreeEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malformed input at the command line: every broken source ends in exactly one line on stderr,
 * "error: SOURCE: [entry NAME: ]DETAIL", exit code 1, no stack trace and no exception class name; partial
 * checkpoints (spec.dump or pstree.img missing) exit 0 with a "warning:" line naming what is missing. Cases where
 * memory or time could run away run in a child JVM with a small heap and a timeout.
 */
class BadInputTest {

    private static final String CORE_MAGIC_PREFIX = "checkpoint/core-1.img";

    @TempDir
    Path dir;

    // ---------------------------------------------------------------- truncation

    @ParameterizedTest
    @ValueSource(strings = {"podman-zstd.tar.zst", "podman-gzip.tar.gz", "podman-none.tar", "oci-archive.tar",
        "docker-archive.tar"})
    void truncatedAtManyOffsetsShowsWhatCameBeforeOrFailsWithOneLine(String fixture) throws IOException {
        byte[] whole = Files.readAllBytes(TestArchives.FIXTURES.resolve(fixture));
        TreeSet<Integer> cuts = new TreeSet<>(List.of(1, 2, 4, 10, 100, 257, 262, 511, 513, 1000, 4097,
                whole.length / 3, whole.length / 2, whole.length - 1));
        Random random = new Random(fixture.hashCode());
        while (cuts.size() < 40) {
            cuts.add(1 + random.nextInt(whole.length - 1));
        }
        Path file = dir.resolve("cut-" + fixture);
        int shown = 0;
        for (int cut : cuts) {
            Files.write(file, Arrays.copyOf(whole, cut));
            Cli.Result r = Cli.run("inspect", file.toString());
            try {
                if (r.exit() == 0) {
                    // what was read before the cut is printed; problems only as warnings naming the source
                    assertNoLeak(r);
                    assertThat(r.errLines()).allMatch(l -> l.startsWith("warning: " + file + ": "));
                    shown++;
                } else {
                    assertCleanFailure(r, file, null);
                }
            } catch (AssertionError e) {
                throw new AssertionError(fixture + " cut at " + cut + " of " + whole.length + ": " + e.getMessage(),
                        e);
            }
        }
        if (fixture.startsWith("podman-")) {
            assertThat(shown).as("cuts that still show the checkpoint").isGreaterThan(10);
        }
    }

    /** [start, end) of every header and every entry's data (without padding) of an uncompressed tar. */
    static List<long[]> headerAndDataRanges(byte[] tar) {
        List<long[]> out = new ArrayList<>();
        int pos = 0;
        while (pos + 512 <= tar.length && tar[pos] != 0) {
            String octal = new String(tar, pos + 124, 12, StandardCharsets.US_ASCII).trim();
            long size = octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
            char type = (char) tar[pos + 156];
            long data = type == '0' || type == '\0' || type == 'x' || type == 'g' || type == 'L' || type == 'K'
                    ? size : 0;
            out.add(new long[] {pos, pos + 512L});
            out.add(new long[] {pos + 512L, pos + 512L + data});
            pos = (int) (pos + 512 + (data + 511) / 512 * 512);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"podman-none.tar", "podman-zstd.tar.zst"})
    void truncatedSourceShowsEverythingBeforeTheCutWithOneWarningNamingTheEntry(String fixture) throws IOException {
        byte[] tar = Files.readAllBytes(TestArchives.FIXTURES.resolve("podman-none.tar"));
        // Cut 4 KiB into the tail of the last CRIU image but one (the archive lists images by name).
        long[] pages5 = dataRangeOf(tar, "checkpoint/pages-5.img");
        byte[] cut = Arrays.copyOf(tar, (int) pages5[1] - 4096);
        if (fixture.endsWith(".zst")) {
            cut = com.github.luben.zstd.Zstd.compress(cut);
        }
        Path file = Files.write(dir.resolve("cut-" + fixture), cut);
        Cli.Result r = Cli.run("inspect", "--format", "json", file.toString());
        assertNoLeak(r);
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.errLines()).containsExactly("warning: " + file + ": the archive is cut short inside entry "
                + "checkpoint/pages-5.img (1126400 bytes declared, 1122304 present): that entry is left out and"
                + " nothing after it was read");
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(r.out());
        assertThat(json.at("/container/name").asText()).isEqualTo("ci-fixture");
        assertThat(json.at("/mounts").size()).isGreaterThan(5);
        assertThat(json.at("/processes").size()).as("pstree.img comes after the cut").isZero();
        assertThat(json.at("/entries").findValuesAsText("name")).contains("config.dump", "spec.dump",
                "checkpoint/pages-4.img").doesNotContain("checkpoint/pages-5.img", "checkpoint/pstree.img");
        assertThat(json.at("/sizes/memoryPagesBytes").asLong()).isEqualTo(69632 + 61440 + 65536 + 61440);
    }

    /** [start, end) of the data of the entry called name in a plain tar. */
    private static long[] dataRangeOf(byte[] tar, String name) {
        List<long[]> ranges = headerAndDataRanges(tar);
        for (int i = 0; i < ranges.size(); i += 2) {
            int at = (int) ranges.get(i)[0];
            String n = new String(tar, at, 100, StandardCharsets.US_ASCII).replace("\0", "");
            if (n.equals(name)) {
                return ranges.get(i + 1);
            }
        }
        throw new AssertionError(name + " not in the tar");
    }

    // ---------------------------------------------------------------- not a checkpoint at all

    @Test
    void emptyFile() throws IOException {
        Path file = Files.createFile(dir.resolve("empty.tar"));
        Cli.Result r = Cli.run("inspect", file.toString());
        assertCleanFailure(r, file, null);
        assertThat(r.err()).contains("empty");
    }

    @Test
    void emptyTar() throws IOException {
        Path file = Files.write(dir.resolve("empty-tar.tar"), new byte[10240]);
        Cli.Result r = Cli.run("inspect", file.toString());
        assertCleanFailure(r, file, null);
    }

    @Test
    void tarWithoutAnyCheckpointFile() throws IOException {
        Path file = TestArchives.tar().file("README", "hello").file("etc/hosts", "127.0.0.1 x")
                .write(dir.resolve("other.tar"));
        Cli.Result r = Cli.run("inspect", file.toString());
        assertCleanFailure(r, file, null);
        assertThat(r.err()).contains("not a checkpoint");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 511, 512, 513, 4096, 100_000})
    void randomBytes(int size) throws IOException {
        Random random = new Random(size);
        for (String prefix : List.of("", "gzip", "zstd", "ustar")) {
            byte[] b = new byte[size];
            random.nextBytes(b);
            switch (prefix) {
                case "gzip" -> System.arraycopy(new byte[] {0x1f, (byte) 0x8b, 8, 0}, 0, b, 0, Math.min(4, size));
                case "zstd" -> System.arraycopy(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}, 0, b, 0,
                        Math.min(4, size));
                case "ustar" -> {
                    if (size > 262) {
                        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, b, 257, 6);
                    }
                }
                default -> { }
            }
            Path file = Files.write(dir.resolve("random-" + prefix + size), b);
            Cli.Result r = Cli.run("inspect", file.toString());
            assertCleanFailure(r, file, null);
        }
    }

    @Test
    void randomBytesAsCompressedStreams() throws IOException {
        byte[] b = new byte[50_000];
        new Random(7).nextBytes(b);
        for (String kind : List.of("gz", "zst")) {
            Path file = Files.write(dir.resolve("random." + kind),
                    kind.equals("gz") ? TestArchives.gzip(b) : TestArchives.zstd(b));
            Cli.Result r = Cli.run("inspect", file.toString());
            assertCleanFailure(r, file, null);
        }
    }

    @Test
    void directoryThatDoesNotExist() throws Exception {
        Path missing = dir.resolve("no/such/checkpoint");
        Cli.Result r = Cli.run("inspect", missing.toString());
        assertNoLeak(r);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).isEqualTo("error: " + missing + ": no such file or directory");
    }

    @Test
    void emptyDirectory() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty-dir"));
        Cli.Result r = Cli.run("inspect", empty.toString());
        assertCleanFailure(r, empty, null);
    }

    @Test
    void deviceFileDoesNotHang() {
        Path zero = Path.of("/dev/zero");
        Cli.Result r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Cli.run("inspect", zero.toString()));
        assertCleanFailure(r, zero, null);
        assertThat(r.err()).contains("neither a regular file nor a directory");
    }

    @Test
    void namedPipeDoesNotHang() throws Exception {
        Path fifo = dir.resolve("fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mk.waitFor() == 0, "mkfifo not available");
        Cli.Result r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Cli.run("inspect", fifo.toString()));
        assertCleanFailure(r, fifo, null);
    }

    // ---------------------------------------------------------------- broken CRIU images in a valid tar

    @ParameterizedTest
    @ValueSource(strings = {"checkpoint/core-1.img", "checkpoint/pstree.img", "checkpoint/inventory.img",
        "checkpoint/mm-1.img"})
    void criuImageWithWrongMagic(String entry) throws Exception {
        byte[] real = TestArchives.podmanFiles().get(entry);
        byte[] broken = real.clone();
        // inventory.img has no IMG_COMMON prefix: its magic is the first word, the others' the second.
        int at = entry.endsWith("inventory.img") ? 0 : 4;
        broken[at] ^= 0x5a;
        broken[at + 1] ^= 0x5a;
        Path file = TestArchives.podmanWith(entry, broken).write(dir.resolve("bad-magic.tar"));
        Cli.Result r = Cli.run("inspect", file.toString());
        assertNoLeak(r);
        assertThat(r.err()).as("%s", r).contains(entry).contains("magic");
        assertCorruptImagePolicy(r, file, entry);
    }

    @Test
    void criuImageWithoutMagic() throws Exception {
        Path file = TestArchives.podmanWith(CORE_MAGIC_PREFIX, new byte[] {0x19, 0x43})
                .write(dir.resolve("no-magic.tar"));
        Cli.Result r = Cli.run("inspect", file.toString());
        assertNoLeak(r);
        assertThat(r.err()).as("%s", r).contains(CORE_MAGIC_PREFIX);
        assertCorruptImagePolicy(r, file, CORE_MAGIC_PREFIX);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x100, 0x10_0000, 0x7fff_ffff, 0xffff_fff0})
    void recordSizePrefixPastTheEnd(int declared) throws Exception {
        byte[] real = TestArchives.podmanFiles().get("checkpoint/pstree.img");
        byte[] image = TestArchives.concat(Arrays.copyOf(real, 8), TestArchives.le32(declared),
                "only a few bytes".getBytes(StandardCharsets.US_ASCII));
        Path file = TestArchives.podmanWith("checkpoint/pstree.img", image).write(dir.resolve("size-past-end.tar"));
        Cli.Result r = Cli.run("inspect", file.toString());
        assertNoLeak(r);
        assertThat(r.err()).as("%s", r).contains("checkpoint/pstree.img");
        assertCorruptImagePolicy(r, file, "checkpoint/pstree.img");
    }

    /**
     * One undecodable CRIU image leaves the rest of the checkpoint readable, so it is a partly broken checkpoint:
     * what can be read is shown (exit 0) and every warning line names the source and the broken entry, without
     * calling a present image "missing".
     */
    private static void assertCorruptImagePolicy(Cli.Result r, Path file, String entry) throws Exception {
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).as("%s", r).contains("ci-fixture");
        assertThat(r.errLines()).as("%s", r).isNotEmpty().allMatch(l -> l.startsWith("warning: " + file + ": "))
                .anyMatch(l -> l.contains(entry))
                .noneMatch(l -> l.contains(entry + " is missing"));
    }

    @Test
    void processTreeWithRepeatedPidsAndAParentLoop() throws Exception {
        // pstree records without a pid read as pid 0: {pid 0, ppid 0}, {pid 1, ppid 0}, {pid 0, ppid 1}
        byte[] real = TestArchives.podmanFiles().get("checkpoint/pstree.img");
        byte[] image = TestArchives.concat(Arrays.copyOf(real, 8),
                record(PstreeEntry.newBuilder().setPpid(0).build()),
                record(PstreeEntry.newBuilder().setPid(1).setPpid(0).addThreads(1).build()),
                record(PstreeEntry.newBuilder().setPpid(1).build()));
        Path handmade = TestArchives.podmanWith("checkpoint/pstree.img", image).write(dir.resolve("loop.tar"));
        Path found = Path.of("src/test/resources/io/checkpointinspector/fuzz/findings/pstree-parent-loop.tar.zst");
        for (Path file : List.of(handmade, found)) {
            Cli.Result json = Cli.run("inspect", "--format", "json", file.toString());
            assertNoLeak(json);
            assertThat(json.exit()).as("%s", json).isZero();
            Cli.Result tree = Cli.runInChildJvm("128m", null, 60, "inspect", file.toString());
            assertNoLeak(tree);
            assertThat(tree.exit()).as("%s", tree).isZero();
            assertThat(tree.err()).as("%s", tree).contains("pstree.img");
        }
    }

    private static byte[] record(com.google.protobuf.MessageLite m) {
        byte[] b = m.toByteArray();
        return TestArchives.concat(TestArchives.le32(b.length), b);
    }

    // ---------------------------------------------------------------- partial checkpoints

    @Test
    void withoutSpecDumpIsPartial() throws IOException {
        Path file = TestArchives.podmanWithout("spec.dump").write(dir.resolve("no-spec.tar"));
        Cli.Result r = Cli.run("inspect", file.toString());
        assertPartial(r, "spec.dump");
        assertThat(r.out()).contains("ci-fixture").contains("[1] ").contains("[11] ");
    }

    @Test
    void withoutPstreeIsPartial() throws IOException {
        Path file = TestArchives.podmanWithout("checkpoint/pstree.img").write(dir.resolve("no-pstree.tar"));
        Cli.Result r = Cli.run("inspect", file.toString());
        assertPartial(r, "pstree.img");
        assertThat(r.out()).contains("ci-fixture").contains("Process tree (0)").contains("Mounts (");
        Cli.Result json = Cli.run("inspect", "--format", "json", file.toString());
        assertThat(json.exit()).isZero();
        assertThat(json.out()).contains("\"processes\" : [ ]");
    }

    private static void assertPartial(Cli.Result r, String missing) {
        assertNoLeak(r);
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.errLines()).as("%s", r).allMatch(l -> l.startsWith("warning: "))
                .anyMatch(l -> l.contains(missing) && l.contains("missing"));
    }

    // ---------------------------------------------------------------- hostile names and links

    @Test
    void entriesEscapingTheRootAreSkippedWithAWarning() throws IOException {
        TestArchives t = TestArchives.podmanWithout();
        // Names no other program in a shared /tmp would use, so that the last check can only see our own write.
        t.file("../cki-escape-x", "escape").file("/etc/x", "absolute").file("a/../../cki-escape-y", "escape too")
                .symlink("link-out", "/etc/passwd").hardlink("hard-out", "../../etc/shadow")
                .symlink("checkpoint/pages-9.img", "/dev/zero");
        Path file = t.write(dir.resolve("hostile.tar"));
        Cli.Result r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Cli.run("inspect", file.toString()));
        assertNoLeak(r);
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.errLines()).allMatch(l -> l.startsWith("warning: "));
        for (String name : List.of("'../cki-escape-x'", "'/etc/x'", "'a/../../cki-escape-y'", "'link-out'",
                "'hard-out'")) {
            assertThat(r.err()).as("warning naming %s", name).contains(name);
        }
        assertThat(r.out()).contains("ci-fixture").doesNotContain("root:x:0:0");
        // nothing extracted (NoWritesTest checks a fresh cwd)
        assertThat(dir.resolveSibling("cki-escape-x")).doesNotExist();
        assertThat(dir.resolveSibling("cki-escape-y")).doesNotExist();
    }

    @Test
    void symlinkNamedConfigDumpIsNotFollowed() throws IOException {
        TestArchives t = TestArchives.tar().symlink("config.dump", "/etc/passwd");
        TestArchives.podmanFiles().forEach((name, data) -> {
            if (!name.equals("config.dump")) {
                t.file(name, data);
            }
        });
        Path file = t.write(dir.resolve("symlink-config.tar"));
        Cli.Result r = Cli.run("inspect", "--format", "json", file.toString());
        assertNoLeak(r);
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.err()).contains("config.dump");
        assertThat(r.out()).doesNotContain("root:x:0:0").doesNotContain("/bin/bash").doesNotContain("nologin");
        assertThat(r.out()).doesNotContain("\"name\" : \"ci-fixture\"");
    }

    @Test
    void hardlinkNamedPstreeYieldsNoOtherEntrysBytes() throws IOException {
        TestArchives t = TestArchives.tar().hardlink("checkpoint/pstree.img", "checkpoint/core-1.img");
        TestArchives.podmanFiles().forEach((name, data) -> {
            if (!name.equals("checkpoint/pstree.img")) {
                t.file(name, data);
            }
        });
        Path file = t.write(dir.resolve("hardlink-pstree.tar"));
        Cli.Result r = Cli.run("inspect", file.toString());
        assertNoLeak(r);
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.err()).contains("pstree.img");
        assertThat(r.out()).contains("Process tree (0)");
    }

    // ---------------------------------------------------------------- sizes and bombs (child JVM, small heap)

    @Test
    void entryDeclaring8GiBInATinyFile() throws Exception {
        byte[] tar = TestArchives.tar().file("config.dump", "{\"name\":\"x\"}")
                .entry("checkpoint/pages-1.img", '0', 8L << 30, null, new byte[4096]).open();
        Path file = Files.write(dir.resolve("declares-8g.tar"), tar);
        Cli.Result r = Cli.runInChildJvm("64m", null, 60, "inspect", file.toString());
        // as far as the file goes it is a checkpoint cut inside pages-1.img: shown, with the cut as a warning
        assertNoLeak(r);
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.errLines()).allMatch(l -> l.startsWith("warning: " + file + ": "))
                .anyMatch(l -> l.contains("entry checkpoint/pages-1.img (8589934592 bytes declared, 4096 present)"));
    }

    @Test
    void sideFileDeclaring8GiBInATinyFile() throws Exception {
        byte[] tar = TestArchives.tar().entry("config.dump", '0', 8L << 30, null,
                "{\"name\":\"x\"}".getBytes(StandardCharsets.US_ASCII)).open();
        Path file = Files.write(dir.resolve("config-8g.tar"), tar);
        Cli.Result r = Cli.runInChildJvm("64m", null, 60, "inspect", file.toString());
        assertCleanFailure(r, file, "entry config.dump (8589934592 bytes declared, 512 present)");
    }

    @Test
    void zstdBombStopsAtTheDecompressionLimit() throws Exception {
        // 5 GiB of zeros in about 1 MB: past the 4 GiB minimum limit (the command line has no option to lower it).
        Path file = TestArchives.zeroBomb(dir.resolve("bomb.tar.zst"), true, "checkpoint/pages-1.img", 5L << 30);
        assertThat(Files.size(file)).isLessThan(4L << 20);
        long start = System.nanoTime();
        Cli.Result r = Cli.runInChildJvm("128m", null, 120, "inspect", file.toString());
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertCleanFailure(r, file, null);
        assertThat(r.err()).containsIgnoringCase("decompress").contains("limit");
        assertThat(seconds).as("seconds to refuse the bomb").isLessThan(60);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void compressedSideFileOfOneGiBIsRefusedWithoutReadingItIntoMemory(boolean zstd) throws Exception {
        Path file = TestArchives.zeroBomb(dir.resolve(zstd ? "big-config.tar.zst" : "big-config.tar.gz"), zstd,
                "spec.dump", 1L << 30);
        Cli.Result r = Cli.runInChildJvm("256m", null, 60, "inspect", file.toString());
        assertCleanFailure(r, file, "spec.dump");
        assertThat(r.err()).contains("limit");
    }

    @Test
    void zeroFilledCompressedStreamWithoutTarStructure() throws Exception {
        Path file = Files.write(dir.resolve("zeros.zst"), TestArchives.zstd(new byte[32 << 20]));
        Cli.Result r = Cli.runInChildJvm("64m", null, 60, "inspect", file.toString());
        assertCleanFailure(r, file, null);
    }

    // ---------------------------------------------------------------- show

    @Test
    void showPrintsGoodRowsAndFailsForTheBrokenOne() throws IOException {
        Path good1 = TestArchives.FIXTURES.resolve("podman-none.tar");
        Path good2 = TestArchives.FIXTURES.resolve("podman-zstd.tar.zst");
        byte[] whole = Files.readAllBytes(good1);
        Path broken = Files.write(dir.resolve("broken.tar"), Arrays.copyOf(whole, 1000));
        Cli.Result r = Cli.run("show", good1.toString(), broken.toString(), good2.toString());
        assertNoLeak(r);
        assertThat(r.exit()).as("%s", r).isEqualTo(1);
        List<String> rows = r.out().lines().toList();
        assertThat(rows).as("%s", r).hasSize(3);
        assertThat(rows.get(0)).startsWith("CONTAINER");
        assertThat(rows.get(1)).contains("ci-fixture").endsWith(good1.toString());
        assertThat(rows.get(2)).contains("ci-fixture").endsWith(good2.toString());
        assertThat(r.out()).doesNotContain(broken.toString());
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("error: " + broken + ": ");
    }

    @Test
    void showCountsAndPrintsTheWarningsOfACutArchive() throws IOException {
        Path good = TestArchives.FIXTURES.resolve("podman-none.tar");
        Path cut = Files.write(dir.resolve("cut.tar"), Arrays.copyOf(Files.readAllBytes(good), 64 * 1024));
        Cli.Result r = Cli.run("show", good.toString(), cut.toString());
        assertNoLeak(r);
        assertThat(r.exit()).as("%s", r).isZero();
        List<String> rows = r.out().lines().toList();
        assertThat(rows.get(0)).contains(" WARNINGS ");
        int column = rows.get(0).indexOf("WARNINGS");
        assertThat(rows.get(1).substring(column).split(" +")[0]).isEqualTo("0");
        assertThat(rows.get(2).substring(column).split(" +")[0]).isEqualTo("1");
        // the same words inspect prints: the source, the entry the cut falls in
        assertThat(r.errLines()).singleElement().asString()
                .startsWith("warning: " + cut + ": the archive is cut short inside entry checkpoint/");
    }

    @Test
    void showWithOnlyBrokenSourcesPrintsOneErrorEach() throws IOException {
        List<String> args = new ArrayList<>(List.of("show"));
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path f = Files.write(dir.resolve("junk" + i), ByteBuffer.allocate(600).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(i * 7919).array());
            files.add(f);
            args.add(f.toString());
        }
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertNoLeak(r);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out().lines().toList()).hasSize(1);
        assertThat(r.errLines()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(r.errLines().get(i)).startsWith("error: " + files.get(i) + ": ");
        }
    }
}
