package io.checkpointinspector.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class HostileInputTest {

    @TempDir
    Path dir;

    /** Opens and scans path completely, reading every byte. */
    private static Collector openAndScan(Path path, OpenOptions options) throws IOException {
        try (CheckpointSource source = CheckpointSources.open(path, options)) {
            Collector c = Collector.scan(source);
            if (source.randomAccess().isPresent()) {
                RandomAccessEntries ra = source.randomAccess().get();
                for (EntryInfo e : ra.entries()) {
                    try (InputStream in = ra.open(e.name())) {
                        in.readAllBytes();
                    }
                }
            }
            return c;
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void truncationAtAnyOffsetKeepsWhatCameBeforeOrFailsWithCheckpointFormatException(Compression compression)
            throws IOException {
        byte[] whole = Files.readAllBytes(TarBuilder.checkpoint("./").write(dir.resolve("whole"), compression));
        Random random = new Random(42);
        List<Integer> cuts = new ArrayList<>(List.of(1, 2, 3, 4, 10, 511, 512, 513, 1024, whole.length - 1));
        for (int i = 0; i < 60; i++) {
            cuts.add(1 + random.nextInt(whole.length - 1));
        }
        int partial = 0;
        for (int cut : cuts) {
            Path file = Files.write(dir.resolve("cut"), Arrays.copyOf(whole, cut));
            try (CheckpointSource source = CheckpointSources.open(file)) {
                Collector c = Collector.scan(source);
                if (!c.names().contains("deleted.files")) {
                    // what came before the cut is kept, and one warning says where the archive ends
                    partial++;
                    assertThat(source.warnings()).as("cut at %d", cut)
                            .filteredOn(w -> w.startsWith(file + ": ") && (w.contains("cut short")
                                    || w.contains("without the end-of-archive marker"))).hasSize(1);
                    assertThat(c.names()).as("cut at %d", cut).contains("config.dump");
                }
            } catch (CheckpointFormatException e) {
                assertThat(e.getMessage()).startsWith(file.toString() + ": ");
                assertThat(e.getSourcePath()).isEqualTo(file);
            } catch (IOException | RuntimeException e) {
                throw new AssertionError("cut at " + cut + " of " + whole.length + " threw " + e, e);
            }
        }
        assertThat(partial).isGreaterThan(20);
    }

    @ParameterizedTest
    @CsvSource({"plain,NONE", "plain,GZIP", "plain,ZSTD", "oci,NONE", "oci,GZIP", "docker,NONE"})
    void corruptedBytesFailOnlyWithCheckpointFormatException(String form, Compression compression)
            throws IOException {
        Path original = dir.resolve("original");
        if (form.equals("plain")) {
            TarBuilder.checkpoint("./").write(original, compression);
        } else {
            byte[] layer = TarBuilder.compress(TarBuilder.checkpoint("").bytes(), compression);
            ImageBuilder image = ImageBuilder.image().layer(layer, compression == Compression.NONE
                    ? ImageArchiveTest.LAYER_TAR : ImageArchiveTest.LAYER_GZIP).annotation("a", "b");
            if (form.equals("oci")) {
                image.ociArchive(original);
            } else {
                image.dockerArchive(original, false);
            }
        }
        byte[] whole = Files.readAllBytes(original);
        Random random = new Random(form.hashCode() * 31L + compression.ordinal());
        for (int round = 0; round < 120; round++) {
            byte[] bytes = whole.clone();
            int flips = 1 + random.nextInt(4);
            // headers and metadata sit in the first blocks and at the end: aim there more often
            for (int f = 0; f < flips; f++) {
                int at = random.nextBoolean() ? random.nextInt(Math.min(bytes.length, 4096))
                        : random.nextInt(bytes.length);
                bytes[at] = (byte) random.nextInt(256);
            }
            Path file = Files.write(dir.resolve("corrupt"), bytes);
            try {
                openAndScan(file, OpenOptions.defaults());
            } catch (CheckpointFormatException e) {
                assertThat(e.getMessage()).startsWith(file.toString());
            } catch (IOException | RuntimeException e) {
                throw new AssertionError(form + "/" + compression + " round " + round + " threw " + e, e);
            }
        }
    }

    @Test
    void truncatedEntryIsLeftOutWithOneWarningNamingItAndItsByteCounts() throws IOException {
        byte[] whole = TarBuilder.tar().file("config.dump", "{}").file("checkpoint/core-1.img", new byte[4096])
                .bytes();
        Path file = Files.write(dir.resolve("a.tar"), Arrays.copyOf(whole, 512 * 3 + 100));
        try (CheckpointSource source = CheckpointSources.open(file)) {
            Collector c = Collector.scan(source);
            assertThat(c.names()).containsExactly("config.dump");
            assertThat(source.warnings()).containsExactly(file + ": the archive is cut short inside entry "
                    + "checkpoint/core-1.img (4096 bytes declared, 100 present): that entry is left out and nothing"
                    + " after it was read");
        }
    }

    @ParameterizedTest
    @CsvSource({"GZIP", "ZSTD"})
    void truncatedCompressedEntryIsLeftOutWithOneWarning(Compression compression) throws IOException {
        byte[] tar = TarBuilder.tar().file("config.dump", "{}")
                .file("checkpoint/core-1.img", TarBuilder.random(400_000, 1)).bytes();
        byte[] packed = TarBuilder.compress(tar, compression);
        byte[] cut = Arrays.copyOf(packed, packed.length / 2);
        Path file = Files.write(dir.resolve("a.tar.x"), cut);
        // what the decoders of the JDK and zstd-jni give of the cut data, read byte stream by byte stream
        long decodable = 0;
        try (InputStream in = compression == Compression.GZIP
                ? new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(cut))
                : new com.github.luben.zstd.ZstdInputStreamNoFinalizer(new java.io.ByteArrayInputStream(cut))) {
            byte[] b = new byte[4096];
            for (int n = in.read(b); n >= 0; n = in.read(b)) {
                decodable += n;
            }
        } catch (IOException expected) {
            // the cut
        }
        long present = decodable - 3 * 512;
        try (CheckpointSource source = CheckpointSources.open(file)) {
            Collector c = Collector.scan(source);
            assertThat(c.names()).containsExactly("config.dump");
            assertThat(source.warnings()).singleElement().asString()
                    .startsWith(file + ": the archive is cut short inside entry checkpoint/core-1.img (400000 bytes"
                            + " declared, ")
                    .endsWith(" present): that entry is left out and nothing after it was read");
            assertThat(present).isBetween(1L, 399_999L);
            long reported = Long.parseLong(source.warnings().get(0).replaceAll(".*declared, (\\d+) present.*", "$1"));
            if (compression == Compression.ZSTD) {
                // our zstd decoder hands over every byte before the cut, also when the entry is skipped
                assertThat(reported).isEqualTo(present);
            } else {
                // commons-compress's gzip decoder drops the bytes of the read call that meets the cut (64 KiB reads)
                assertThat(reported).isBetween(present - 65_536, present);
            }
        }
    }

    @Test
    void namesThatEscapeTheRootAreSkippedWithWarnings() throws IOException {
        Path file = TarBuilder.checkpoint("./").file("../x", "up").file("/etc/x", "abs")
                .file("checkpoint/../../y", "sneaky").file("./a/./b//c", "fine")
                .write(dir.resolve("a.tar"), Compression.NONE);
        try (CheckpointSource source = CheckpointSources.open(file)) {
            assertThat(source.warnings()).containsExactly(
                    "entry '../x' escapes the checkpoint root: ignored",
                    "entry '/etc/x' escapes the checkpoint root: ignored",
                    "entry 'checkpoint/../../y' escapes the checkpoint root: ignored");
            Collector c = Collector.scan(source);
            assertThat(c.names()).contains("a/b/c").noneMatch(n -> n.contains("..") || n.startsWith("/")
                    || n.equals("x") || n.equals("etc/x") || n.equals("y"));
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void linksAreReportedButNeverYieldOtherContent(Compression compression) throws IOException {
        Path file = TarBuilder.tar().dir("checkpoint/").file("checkpoint/pages-1.img", "PAGES")
                .symlink("config.dump", "/etc/passwd").hardlink("spec.dump", "checkpoint/pages-1.img")
                .symlink("checkpoint/up", "../../etc/shadow").hardlink("stats-dump", "../outside")
                .write(dir.resolve("links"), compression);
        try (CheckpointSource source = CheckpointSources.open(file)) {
            Collector c = Collector.scan(source);
            EntryInfo config = c.entries.stream().filter(e -> e.name().equals("config.dump")).findFirst().orElseThrow();
            assertThat(config.type()).isEqualTo(EntryType.SYMLINK);
            assertThat(config.linkTarget()).isEqualTo("/etc/passwd");
            assertThat(c.content.get("config.dump")).isEmpty();
            assertThat(c.content.get("spec.dump")).isEmpty();
            assertThat(c.content.get("checkpoint/pages-1.img")).isEqualTo("PAGES".getBytes());
            assertThat(source.warnings()).containsExactlyInAnyOrder(
                    "symlink 'config.dump' points outside the checkpoint root ('/etc/passwd'): reported, not followed",
                    "symlink 'checkpoint/up' points outside the checkpoint root ('../../etc/shadow'): reported,"
                            + " not followed",
                    "hardlink 'stats-dump' points outside the checkpoint root ('../outside'): reported, not followed");
            if (source.randomAccess().isPresent()) {
                RandomAccessEntries ra = source.randomAccess().get();
                try (InputStream in = ra.open("spec.dump")) {
                    assertThat(in.readAllBytes()).isEmpty();
                }
                assertThat(ra.read("spec.dump", 0, new byte[10], 0, 10)).isEqualTo(-1);
                assertThat(ra.find("spec.dump").orElseThrow().type()).isEqualTo(EntryType.HARDLINK);
            }
        }
    }

    @Test
    void hugeDeclaredSizeInASmallFileIsDetectedAtOpen() throws IOException {
        byte[] tar = new RawTar().entry("config.dump", '0', "{}".getBytes())
                .entry("checkpoint/pages-1.img", '0', 8L << 30, new byte[8000]).end();
        Path file = Files.write(dir.resolve("huge.tar"), tar);
        assertThat(tar.length).isLessThan(12_000);
        try (CheckpointSource source = CheckpointSources.open(file)) {
            assertThat(source.randomAccess().orElseThrow().entries()).extracting(EntryInfo::name)
                    .containsExactly("config.dump");
            assertThat(source.warnings()).singleElement().asString()
                    .contains("cut short inside entry checkpoint/pages-1.img (8589934592 bytes declared, ");
        }
    }

    @ParameterizedTest
    @CsvSource({"GZIP", "ZSTD"})
    void hugeDeclaredSizeInACompressedFileIsDetectedAtTheEnd(Compression compression) throws IOException {
        byte[] tar = new RawTar().entry("config.dump", '0', "{}".getBytes())
                .entry("checkpoint/pages-1.img", '0', 8L << 30, new byte[8000]).end();
        Path file = Files.write(dir.resolve("huge"), TarBuilder.compress(tar, compression));
        try (CheckpointSource source = CheckpointSources.open(file)) {
            assertThat(Collector.scan(source).names()).containsExactly("config.dump");
            assertThat(source.warnings()).singleElement().asString()
                    .contains("cut short inside entry checkpoint/pages-1.img (8589934592 bytes declared, ");
        }
    }

    @ParameterizedTest
    @CsvSource({"GZIP", "ZSTD"})
    void decompressionBombIsStoppedAtTheConfiguredLimit(Compression compression) throws IOException {
        Path file = dir.resolve("bomb");
        try (OutputStream raw = Files.newOutputStream(file);
                OutputStream out = TarBuilder.compress(raw, compression)) {
            TarBuilder.tar().file("config.dump", "{}").zeros("checkpoint/pages-1.img", 64L << 20).writeTo(out);
        }
        assertThat(Files.size(file)).isLessThan(200_000);
        OpenOptions small = OpenOptions.defaults().withDecompressionLimit(1 << 20, 100);
        assertThatThrownBy(() -> openAndScan(file, small)).isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("possible decompression bomb")
                .hasMessageContaining("entry checkpoint/pages-1.img");
        // the default limit lets the same archive through
        assertThat(openAndScan(file, OpenOptions.defaults()).names()).contains("checkpoint/pages-1.img");
    }

    @Test
    void defaultDecompressionLimitIsFourGibOrTwoThousandTimesTheInput() {
        OpenOptions o = OpenOptions.defaults();
        assertThat(o.decompressedLimit(1000)).isEqualTo(4L << 30);
        assertThat(o.decompressedLimit(10L << 20)).isEqualTo(2000 * (10L << 20));
        assertThat(o.decompressedLimit(Long.MAX_VALUE / 10)).isEqualTo(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void emptyTarIsNotACheckpoint(Compression compression) throws IOException {
        Path file = TarBuilder.tar().write(dir.resolve("empty"), compression);
        assertThatThrownBy(() -> CheckpointSources.open(file)).isInstanceOf(CheckpointFormatException.class)
                .hasMessage(file + ": not a checkpoint: the archive holds no entries");
    }

    @Test
    void emptyFileAndRandomBytesAreRejected() throws IOException {
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        assertThatThrownBy(() -> CheckpointSources.open(empty)).isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("the file is empty");
        Random random = new Random(7);
        for (int i = 0; i < 30; i++) {
            byte[] bytes = TarBuilder.random(1 + random.nextInt(20_000), i);
            if (i % 3 == 1) {
                bytes[0] = 0x1f;
                bytes[1] = (byte) 0x8b;
            } else if (i % 3 == 2) {
                bytes[0] = 0x28;
                bytes[1] = (byte) 0xb5;
                bytes[2] = 0x2f;
                bytes[3] = (byte) 0xfd;
            }
            Path file = Files.write(dir.resolve("random" + i), bytes);
            assertThatThrownBy(() -> openAndScan(file, OpenOptions.defaults())).as("random %d", i)
                    .isInstanceOf(CheckpointFormatException.class);
        }
    }

    @Test
    void tarThatIsNotACheckpointIsRejected() throws IOException {
        Path file = TarBuilder.tar().file("etc/passwd", "root:x:0:0").write(dir.resolve("x.tar"), Compression.NONE);
        assertThatThrownBy(() -> CheckpointSources.open(file)).isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("not a checkpoint").hasMessageContaining("etc/passwd");
    }

    @Test
    void oversizedPaxHeaderIsRefused() throws IOException {
        String big = RawTar.paxRecord("comment", "x".repeat(2 << 20));
        byte[] tar = new RawTar().entry("config.dump", '0', "{}".getBytes()).pax(big)
                .entry("spec.dump", '0', "{}".getBytes()).end();
        Path file = Files.write(dir.resolve("pax.tar"), tar);
        assertThatThrownBy(() -> CheckpointSources.open(file)).isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("pax extended header of").hasMessageContaining("exceeds the limit");
    }

    @Test
    void paxPathAndSizeOverrideTheHeader() throws IOException {
        String longName = "checkpoint/" + "d".repeat(150) + "/pages-1.img";
        byte[] tar = new RawTar().pax(RawTar.paxRecord("path", longName) + RawTar.paxRecord("mtime", "1700000000.5"))
                .entry("short", '0', "DATA".getBytes()).entry("config.dump", '0', "{}".getBytes()).end();
        Path file = Files.write(dir.resolve("pax.tar"), tar);
        try (CheckpointSource source = CheckpointSources.open(file)) {
            EntryInfo e = source.randomAccess().orElseThrow().find(longName).orElseThrow();
            assertThat(e.size()).isEqualTo(4);
            assertThat(e.modified()).isEqualTo(java.time.Instant.ofEpochSecond(1_700_000_000L, 500_000_000));
        }
    }

    @Test
    void manyPaxHeadersBeforeOneEntryAreRefused() throws IOException {
        RawTar tar = new RawTar().entry("config.dump", '0', "{}".getBytes());
        for (int i = 0; i < 5; i++) {
            tar.pax(RawTar.paxRecord("comment" + i, "y".repeat(900_000)));
        }
        Path file = Files.write(dir.resolve("pax.tar"), tar.entry("spec.dump", '0', "{}".getBytes()).end());
        assertThatThrownBy(() -> CheckpointSources.open(file)).isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("extended headers of more than 2097152 bytes before one entry");
    }

    @Test
    void dataHiddenAfterTheEndMarkerIsReported() throws IOException {
        byte[] tar = TarBuilder.checkpoint("").bytes();
        byte[] withTail = Arrays.copyOf(tar, tar.length + 700);
        Arrays.fill(withTail, tar.length, withTail.length, (byte) 'H');
        for (Compression c : Compression.values()) {
            Path file = Files.write(dir.resolve("tail-" + c), TarBuilder.compress(withTail, c));
            try (CheckpointSource source = CheckpointSources.open(file)) {
                Collector.scan(source);
                assertThat(source.warnings()).as(c.name()).singleElement().asString()
                        .endsWith(" bytes follow the end-of-archive marker");
            }
        }
    }

    @Test
    void malformedPaxHeaderIsRefused() throws IOException {
        byte[] tar = new RawTar().entry("config.dump", '0', "{}".getBytes()).pax("999999 path=x\n")
                .entry("spec.dump", '0', "{}".getBytes()).end();
        Path file = Files.write(dir.resolve("pax.tar"), tar);
        assertThatThrownBy(() -> CheckpointSources.open(file)).isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("malformed pax extended header");
    }

    @Test
    void oversizedGnuLongNameIsRefusedAndLongNamesAreSkipped() throws IOException {
        byte[] tooLong = new RawTar().entry("config.dump", '0', "{}".getBytes())
                .entry("././@LongLink", 'L', new byte[(1 << 20) + 1]).entry("x", '0', new byte[1]).end();
        Path file = Files.write(dir.resolve("gnu.tar"), tooLong);
        assertThatThrownBy(() -> CheckpointSources.open(file)).isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("GNU long name of 1048577 bytes exceeds the limit");

        byte[] longName = ("a/".repeat(3000) + "z").getBytes(StandardCharsets.UTF_8);
        byte[] skipped = new RawTar().entry("config.dump", '0', "{}".getBytes())
                .entry("././@LongLink", 'L', longName).entry("x", '0', new byte[1]).end();
        Path file2 = Files.write(dir.resolve("gnu2.tar"), skipped);
        try (CheckpointSource source = CheckpointSources.open(file2)) {
            assertThat(source.randomAccess().orElseThrow().entries()).extracting(EntryInfo::name)
                    .containsExactly("config.dump");
            assertThat(source.warnings()).singleElement().asString().startsWith("entry name longer than 4096 bytes");
        }
    }

    @Test
    void duplicatesKeepTheFirstEntry() throws IOException {
        Path file = TarBuilder.tar().file("config.dump", "first").file("./config.dump", "second")
                .write(dir.resolve("dup.tar.gz"), Compression.GZIP);
        try (CheckpointSource source = CheckpointSources.open(file)) {
            Collector c = Collector.scan(source);
            assertThat(c.names()).containsExactly("config.dump");
            assertThat(new String(c.content.get("config.dump"), StandardCharsets.UTF_8)).isEqualTo("first");
            assertThat(source.warnings()).singleElement().asString().startsWith("duplicate entry 'config.dump'");
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void entryCountIsCapped(Compression compression) throws IOException {
        TarBuilder tar = TarBuilder.tar().file("config.dump", "{}");
        for (int i = 0; i < 50; i++) {
            tar.file("checkpoint/f" + i, "x");
        }
        Path file = tar.write(dir.resolve("many"), compression);
        assertThatThrownBy(() -> openAndScan(file, OpenOptions.defaults().withMaxEntries(20)))
                .isInstanceOf(CheckpointFormatException.class).hasMessageContaining("more than 20 entries");
    }

    @Test
    void corruptHeaderChecksumIsReported() throws IOException {
        byte[] tar = TarBuilder.checkpoint("").bytes();
        tar[512 * 3 + 10] ^= 0x55; // inside the third header's name... or data; find a header instead
        byte[] good = TarBuilder.tar().file("config.dump", "{}").file("spec.dump", "{}").bytes();
        good[1024 + 5] ^= 0x55;
        Path file = Files.write(dir.resolve("corrupt.tar"), good);
        assertThatThrownBy(() -> CheckpointSources.open(file)).isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("corrupt tar header at offset 1024 (checksum mismatch, after entry config.dump)");
    }

    @Test
    void controlCharactersInNamesCannotForgeWarnings() throws IOException {
        Path file = TarBuilder.checkpoint("").file("../x\nfake warning", "x").write(dir.resolve("c.tar"),
                Compression.NONE);
        try (CheckpointSource source = CheckpointSources.open(file)) {
            assertThat(source.warnings()).containsExactly(
                    "entry '../x\\x0afake warning' escapes the checkpoint root: ignored");
        }
    }

    @Test
    void headerOnlyTypesCarryNoDataEvenIfTheyDeclareSome() throws IOException {
        byte[] tar = new RawTar().entry("config.dump", '2', 1024, new byte[0])
                .entry("spec.dump", '0', "{}".getBytes()).end();
        Path file = Files.write(dir.resolve("link.tar"), tar);
        try (CheckpointSource source = CheckpointSources.open(file)) {
            assertThat(Collector.scan(source).names()).containsExactly("config.dump", "spec.dump");
            assertThat(source.warnings()).singleElement().asString().contains("declares 1024 bytes of data");
        }
    }

    @Test
    void missingEndMarkerIsAWarning() throws IOException {
        byte[] whole = TarBuilder.tar().file("config.dump", "{}").file("spec.dump", "{}").bytes();
        Path file = Files.write(dir.resolve("nomarker.tar"), Arrays.copyOf(whole, 4 * 512));
        try (CheckpointSource source = CheckpointSources.open(file)) {
            assertThat(Collector.scan(source).names()).containsExactly("config.dump", "spec.dump");
            assertThat(source.warnings()).singleElement().asString().contains("without the end-of-archive marker");
        }
    }

    // --- containerd checkpoint images (ctr containers checkpoint + ctr images export --skip-manifest-json) ---

    private Path containerdArchive(String name, List<ContainerdLayouts.Blob> blobs) throws IOException {
        return Files.write(dir.resolve(name), ContainerdLayouts.tar(ContainerdLayouts.layout(blobs)));
    }

    private static List<ContainerdLayouts.Blob> containerdBlobs() {
        return ContainerdLayouts.blobs(ContainerdLayouts.smallCriuFiles(), ContainerdLayouts.rwFiles());
    }

    /** The blobs with the one of mediaType replaced by change's result. */
    private static List<ContainerdLayouts.Blob> containerdBlobs(String mediaType,
            java.util.function.UnaryOperator<ContainerdLayouts.Blob> change) {
        List<ContainerdLayouts.Blob> out = new ArrayList<>();
        for (ContainerdLayouts.Blob b : containerdBlobs()) {
            out.add(b.mediaType().equals(mediaType) ? change.apply(b) : b);
        }
        return out;
    }

    private static String blobPath(List<ContainerdLayouts.Blob> blobs, String mediaType) {
        return "blobs/sha256/" + ImageBuilder.sha256(blobs.stream().filter(b -> b.mediaType().equals(mediaType))
                .findFirst().orElseThrow().bytes());
    }

    @Test
    void containerdCheckpointImageOpensWithItsBlobsAsEntries() throws IOException {
        Path file = containerdArchive("ctr.tar", containerdBlobs());
        try (CheckpointSource source = CheckpointSources.open(file)) {
            assertThat(source.containerd()).isPresent();
            assertThat(source.warnings()).isEmpty();
            assertThat(Collector.scan(source).names()).containsExactly(ContainerdCheckpoints.RUNTIME_OPTIONS_ENTRY,
                    ContainerdCheckpoints.CONFIG_ENTRY, ContainerdCheckpoints.OPTIONS_ENTRY, "checkpoint/inventory.img",
                    "checkpoint/pstree.img", "checkpoint/core-1.img", "checkpoint/pages-1.img", "rootfs-diff.tar");
            assertThat(source.randomAccess()).isPresent();
        }
    }

    @Test
    void containerdBlobWithAWrongDigestIsRefusedNamingIt() throws IOException {
        List<ContainerdLayouts.Blob> blobs = containerdBlobs(ContainerdCheckpoints.CONFIG,
                b -> b.withDigest("sha256:" + "0".repeat(64)));
        Path file = containerdArchive("digest.tar", blobs);
        // the layout stores the blob under its true digest: the one the descriptor names is missing
        assertThatThrownBy(() -> CheckpointSources.open(file)).isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("blobs/sha256/" + "0".repeat(64)).hasMessageContaining("missing");
        // stored under the declared digest with other content: the digest check names it
        List<ContainerdLayouts.Blob> swapped = containerdBlobs();
        ContainerdLayouts.Blob config = swapped.stream().filter(b -> b.mediaType().equals(ContainerdCheckpoints.CONFIG))
                .findFirst().orElseThrow();
        java.util.Map<String, byte[]> layout = ContainerdLayouts.layout(swapped);
        byte[] other = config.bytes().clone();
        other[other.length - 1] ^= 1;
        layout.put("blobs/sha256/" + config.digest().substring(7), other);
        Path forged = Files.write(dir.resolve("forged.tar"), ContainerdLayouts.tar(layout));
        assertThatThrownBy(() -> CheckpointSources.open(forged)).isInstanceOf(CheckpointFormatException.class)
                .hasMessageStartingWith(forged + ": entry blobs/sha256/" + config.digest().substring(7) + ": ")
                .hasMessageContaining("has digest sha256:" + ImageBuilder.sha256(other));
    }

    @Test
    void containerdBlobWithAWrongSizeIsRefusedNamingIt() throws IOException {
        List<ContainerdLayouts.Blob> blobs = containerdBlobs(ContainerdCheckpoints.CRIU_TAR, b -> b.withSize(512));
        Path file = containerdArchive("size.tar", blobs);
        assertThatThrownBy(() -> CheckpointSources.open(file)).isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("entry " + blobPath(blobs, ContainerdCheckpoints.CRIU_TAR) + ": ")
                .hasMessageContaining("its descriptor says 512");
    }

    @Test
    void containerdBlobWithAHugeDeclaredSizeIsRefusedBeforeReading() throws IOException {
        List<ContainerdLayouts.Blob> blobs = containerdBlobs(ContainerdCheckpoints.OPTIONS,
                b -> b.withSize(1L << 40));
        Path file = containerdArchive("huge.tar", blobs);
        assertThatThrownBy(() -> CheckpointSources.open(file)).isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("entry " + blobPath(blobs, ContainerdCheckpoints.OPTIONS) + ": ")
                .hasMessageContaining("declares 1099511627776 bytes, more than the limit");
    }

    @Test
    void containerdArchiveCutShortFailsNamingTheBlobOrKeepsWhatIsWhole() throws IOException {
        byte[] whole = Files.readAllBytes(containerdArchive("whole.tar", containerdBlobs()));
        Random random = new Random(11);
        List<Integer> cuts = new ArrayList<>(List.of(512, 1024, whole.length / 2, whole.length - 1024));
        for (int i = 0; i < 40; i++) {
            cuts.add(1 + random.nextInt(whole.length - 1));
        }
        for (int cut : cuts) {
            Path file = Files.write(dir.resolve("cut.tar"), Arrays.copyOf(whole, cut));
            try {
                openAndScan(file, OpenOptions.defaults());
                new io.checkpointinspector.inspect.CheckpointInspector().inspect(file,
                        io.checkpointinspector.inspect.InspectListener.NONE);
            } catch (CheckpointFormatException e) {
                assertThat(e.getMessage()).as("cut at %d", cut).startsWith(file + ": ");
            } catch (IOException | RuntimeException e) {
                throw new AssertionError("cut at " + cut + " of " + whole.length + " threw " + e, e);
            }
        }
        // cut inside the CRIU blob (the biggest): the failure names it and its byte counts
        List<ContainerdLayouts.Blob> blobs = containerdBlobs();
        String criu = blobPath(blobs, ContainerdCheckpoints.CRIU_TAR);
        int at = indexOf(whole, criu.substring("blobs/sha256/".length()).getBytes(StandardCharsets.US_ASCII));
        Path file = Files.write(dir.resolve("cut-criu.tar"), Arrays.copyOf(whole, (at / 512 + 1) * 512 + 1000));
        assertThatThrownBy(() -> CheckpointSources.open(file)).isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining(criu);
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    @Test
    void containerdBadProtobufIsAWarningNamingTheBlobAndTheRestIsRead() throws IOException {
        byte[] garbage = {(byte) 0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 1, 2};
        List<ContainerdLayouts.Blob> blobs = new ArrayList<>();
        for (ContainerdLayouts.Blob b : containerdBlobs()) {
            boolean proto = b.mediaType().equals(ContainerdCheckpoints.CONFIG)
                    || b.mediaType().equals(ContainerdCheckpoints.OPTIONS);
            blobs.add(proto ? b.replacedBy(garbage) : b);
        }
        Path file = containerdArchive("badproto.tar", blobs);
        var model = new io.checkpointinspector.inspect.CheckpointInspector().inspect(file,
                io.checkpointinspector.inspect.InspectListener.NONE);
        assertThat(model.container().engine()).isEqualTo("containerd");
        assertThat(model.warnings()).anySatisfy(w -> assertThat(w).startsWith(file + ": entry "
                + ContainerdCheckpoints.CONFIG_ENTRY + ": not a protobuf Any"));
        assertThat(model.warnings()).anySatisfy(w -> assertThat(w).startsWith(file + ": entry "
                + ContainerdCheckpoints.OPTIONS_ENTRY + ": not a protobuf Any"));
        assertThat(model.containerd().checkpointOptions().note()).isEqualTo("not a protobuf Any");
        assertThat(model.containerd().runtimeOptions().fields()).containsEntry("systemd_cgroup", "true");
        assertThat(model.rootfsDiff().deleted()).containsExactly("/etc/gone");
    }

    @Test
    void containerdConfigOfAnotherTypeIsAWarningNotASpec() throws IOException {
        List<ContainerdLayouts.Blob> blobs = containerdBlobs(ContainerdCheckpoints.CONFIG, b -> b.replacedBy(
                ContainerdLayouts.any("example.com/Evil\n\u0007", "{}".getBytes(StandardCharsets.UTF_8))));
        Path file = containerdArchive("othertype.tar", blobs);
        var model = new io.checkpointinspector.inspect.CheckpointInspector().inspect(file,
                io.checkpointinspector.inspect.InspectListener.NONE);
        assertThat(model.warnings()).anySatisfy(w -> assertThat(w).contains(ContainerdCheckpoints.CONFIG_ENTRY)
                .contains("not an OCI runtime spec"));
        assertThat(model.container().id()).isNull();
        assertThat(model.mounts()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"archive", "directory"})
    void containerdCorruptedBytesFailOnlyWithCheckpointFormatException(String form) throws IOException {
        java.util.Map<String, byte[]> layout = ContainerdLayouts.layout(containerdBlobs());
        byte[] whole = ContainerdLayouts.tar(layout);
        Random random = new Random(form.hashCode());
        for (int round = 0; round < 80; round++) {
            Path file;
            if (form.equals("archive")) {
                byte[] bytes = whole.clone();
                for (int f = 0, flips = 1 + random.nextInt(4); f < flips; f++) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
                file = Files.write(dir.resolve("corrupt.tar"), bytes);
            } else {
                file = dir.resolve("layout-" + round);
                List<String> names = new ArrayList<>(layout.keySet());
                String victim = names.get(random.nextInt(names.size()));
                for (var e : layout.entrySet()) {
                    Path p = file.resolve(e.getKey());
                    Files.createDirectories(p.getParent());
                    byte[] bytes = e.getValue().clone();
                    if (e.getKey().equals(victim) && bytes.length > 0) {
                        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                    }
                    Files.write(p, bytes);
                }
            }
            try {
                openAndScan(file, OpenOptions.defaults());
                new io.checkpointinspector.inspect.CheckpointInspector().inspect(file,
                        io.checkpointinspector.inspect.InspectListener.NONE);
            } catch (CheckpointFormatException e) {
                assertThat(e.getMessage()).startsWith(file.toString());
            } catch (IOException | RuntimeException e) {
                throw new AssertionError(form + " round " + round + " threw " + e, e);
            }
        }
    }
}
