package io.checkpointinspector.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlainArchiveTest {

    private static final List<String> EXPECTED_NAMES = List.of("config.dump", "spec.dump", "network.status",
            "stats-dump", "checkpoint", "checkpoint/inventory.img", "checkpoint/pstree.img", "checkpoint/core-1.img",
            "checkpoint/pages-1.img", "rootfs-diff.tar", "deleted.files");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} with prefix ''{1}''")
    @CsvSource({"NONE,./", "NONE,''", "GZIP,./", "GZIP,''", "ZSTD,./", "ZSTD,''"})
    void scanDeliversEveryEntryOnceInArchiveOrderWithNormalisedNames(Compression compression, String prefix)
            throws IOException {
        TarBuilder tar = TarBuilder.checkpoint(prefix);
        Path file = tar.write(dir.resolve("cp.bin"), compression);
        try (CheckpointSource source = CheckpointSources.open(file)) {
            assertThat(source.kind()).isEqualTo(SourceKind.TAR_ARCHIVE);
            assertThat(source.compression()).isEqualTo(compression);
            assertThat(source.bytes()).isEqualTo(java.nio.file.Files.size(file));
            assertThat(source.annotations()).isEmpty();
            assertThat(source.warnings()).isEmpty();
            assertThat(source.randomAccess().isPresent()).isEqualTo(compression == Compression.NONE);

            Collector c = Collector.scan(source);
            assertThat(c.names()).containsExactlyElementsOf(EXPECTED_NAMES);
            for (Map.Entry<String, byte[]> f : tar.files().entrySet()) {
                String name = f.getKey().startsWith("./") ? f.getKey().substring(2) : f.getKey();
                assertThat(c.content.get(name)).as(name).isEqualTo(f.getValue());
            }
            EntryInfo pages = c.entries.get(EXPECTED_NAMES.indexOf("checkpoint/pages-1.img"));
            assertThat(pages.type()).isEqualTo(EntryType.FILE);
            assertThat(pages.size()).isEqualTo(300_000);
            assertThat(pages.mode()).isEqualTo(0644);
            assertThat(c.entries.get(EXPECTED_NAMES.indexOf("checkpoint")).type()).isEqualTo(EntryType.DIRECTORY);
        }
    }

    @ParameterizedTest
    @CsvSource({"NONE,cp.tar.zst", "GZIP,cp.tar.zst", "ZSTD,x.tar.gz", "GZIP,checkpoint.tar", "ZSTD,noext"})
    void detectsByContentNotByName(Compression compression, String fileName) throws IOException {
        Path file = TarBuilder.checkpoint("./").write(dir.resolve(fileName), compression);
        try (CheckpointSource source = CheckpointSources.open(file)) {
            assertThat(source.compression()).isEqualTo(compression);
            assertThat(source.description()).contains(compression == Compression.NONE ? "uncompressed"
                    : compression.label() + "-compressed");
        }
    }

    @Test
    void randomAccessReadsMatchContentAtOffsetsFromManyThreads() throws Exception {
        TarBuilder tar = TarBuilder.checkpoint("./");
        byte[] pages = tar.files().get("./checkpoint/pages-1.img");
        Path file = tar.write(dir.resolve("cp.tar"), Compression.NONE);
        try (CheckpointSource source = CheckpointSources.open(file)) {
            RandomAccessEntries ra = source.randomAccess().orElseThrow();
            assertThat(ra.entries()).extracting(EntryInfo::name).containsExactlyElementsOf(EXPECTED_NAMES);
            assertThat(ra.find("./checkpoint/pages-1.img")).isPresent();
            assertThat(ra.find("missing")).isEmpty();
            try (InputStream in = ra.open("checkpoint/pages-1.img")) {
                assertThat(in.readAllBytes()).isEqualTo(pages);
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> jobs = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    long seed = t;
                    jobs.add(pool.submit(() -> {
                        Random r = new Random(seed);
                        for (int i = 0; i < 200; i++) {
                            int offset = r.nextInt(pages.length);
                            byte[] buf = new byte[1 + r.nextInt(9000)];
                            int n = ra.read("checkpoint/pages-1.img", offset, buf, 0, buf.length);
                            assertThat(n).isPositive();
                            for (int k = 0; k < n; k++) {
                                assertThat(buf[k]).isEqualTo(pages[offset + k]);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> job : jobs) {
                    job.get();
                }
            } finally {
                pool.shutdown();
            }
            byte[] buf = new byte[10];
            assertThat(ra.read("checkpoint/pages-1.img", pages.length, buf, 0, 10)).isEqualTo(-1);
            assertThat(ra.read("checkpoint/pages-1.img", pages.length - 3, buf, 0, 10)).isEqualTo(3);
            assertThat(ra.read("checkpoint", 0, buf, 0, 10)).isEqualTo(-1);
            assertThatThrownBy(() -> ra.open("nope")).isInstanceOf(java.nio.file.NoSuchFileException.class);
        }
    }

    @ParameterizedTest
    @CsvSource({"NONE", "GZIP", "ZSTD"})
    void progressIncreasesToTheTotal(Compression compression) throws IOException {
        TarBuilder tar = TarBuilder.checkpoint("./").zeros("checkpoint/pages-2.img", 20L << 20);
        Path file = tar.write(dir.resolve("cp"), compression);
        try (CheckpointSource source = CheckpointSources.open(file)) {
            Collector c = Collector.scan(source);
            assertThat(c.progress).hasSizeGreaterThan(c.entries.size());
            long previous = -1;
            for (long[] p : c.progress) {
                assertThat(p[1]).isEqualTo(source.bytes());
                assertThat(p[0]).isBetween(previous, p[1]);
                previous = p[0];
            }
            assertThat(c.progress.get(c.progress.size() - 1)[0]).isEqualTo(source.bytes());
            assertThat(c.progressEntries).contains("checkpoint/pages-2.img");
            assertThat(c.progressEntries.get(c.progressEntries.size() - 1)).isNull();
        }
    }

    @ParameterizedTest
    @CsvSource({"NONE", "GZIP", "ZSTD"})
    void cancellationStopsTheScan(Compression compression) throws IOException {
        Path file = TarBuilder.checkpoint("./").write(dir.resolve("cp"), compression);
        try (CheckpointSource source = CheckpointSources.open(file)) {
            List<String> seen = new ArrayList<>();
            EntryVisitor visitor = new EntryVisitor() {
                @Override
                public void visit(EntryInfo entry, InputStream content) {
                    seen.add(entry.name());
                }

                @Override
                public boolean isCancelled() {
                    return seen.size() >= 3;
                }
            };
            assertThatThrownBy(() -> source.scan(visitor)).isInstanceOf(CancellationException.class);
            assertThat(seen).hasSize(3);
            // the source stays usable
            assertThat(Collector.scan(source).names()).containsExactlyElementsOf(EXPECTED_NAMES);
        }
    }

    @Test
    void cancellationIsNoticedInsideALargeEntry() throws IOException {
        Path file = TarBuilder.tar().file("config.dump", "{}").zeros("checkpoint/pages-1.img", 64L << 20)
                .write(dir.resolve("cp.zst"), Compression.ZSTD);
        try (CheckpointSource source = CheckpointSources.open(file)) {
            boolean[] cancel = {false};
            EntryVisitor visitor = new EntryVisitor() {
                @Override
                public void visit(EntryInfo entry, InputStream content) throws IOException {
                    if (entry.name().startsWith("checkpoint/")) {
                        cancel[0] = true;
                        content.readAllBytes();
                    }
                }

                @Override
                public boolean isCancelled() {
                    return cancel[0];
                }
            };
            assertThatThrownBy(() -> source.scan(visitor)).isInstanceOf(CancellationException.class);
        }
    }

    @ParameterizedTest
    @CsvSource({"NONE", "GZIP", "ZSTD"})
    void partlyReadAndClosedContentDoesNotDisturbTheScan(Compression compression) throws IOException {
        TarBuilder tar = TarBuilder.checkpoint("");
        Path file = tar.write(dir.resolve("cp"), compression);
        try (CheckpointSource source = CheckpointSources.open(file)) {
            Map<String, byte[]> firstBytes = new java.util.HashMap<>();
            source.scan((entry, content) -> {
                firstBytes.put(entry.name(), content.readNBytes(3));
                content.close();
            });
            assertThat(firstBytes).hasSize(EXPECTED_NAMES.size());
            assertThat(firstBytes.get("checkpoint/core-1.img"))
                    .isEqualTo(java.util.Arrays.copyOf(tar.files().get("checkpoint/core-1.img"), 3));
        }
    }

    @Test
    void containerdArchiveWithGzipRootfsDiffListsNestedEntries() throws IOException {
        byte[] rootfs = TarBuilder.compress(TarBuilder.tar().dir("etc/").file("etc/hosts", "127.0.0.1 x\n")
                .file("usr/bin/tool", TarBuilder.random(5000, 9)).bytes(), Compression.GZIP);
        Path file = TarBuilder.tar().file("config.dump", "{}").file("spec.dump", "{}").file("status", "{}")
                .file("status.dump", "{}").file("container.log", "log\n").dir("checkpoint")
                .file("checkpoint/inventory.img", "x").file("rootfs-diff.tar", rootfs)
                .write(dir.resolve("containerd.tar"), Compression.NONE);
        try (CheckpointSource source = CheckpointSources.open(file)) {
            RandomAccessEntries ra = source.randomAccess().orElseThrow();
            try (InputStream in = ra.open("rootfs-diff.tar")) {
                NestedTar.Listing listing = NestedTar.inspect(in, file + "!rootfs-diff.tar", OpenOptions.defaults());
                assertThat(listing.compression()).isEqualTo(Compression.GZIP);
                assertThat(listing.entries()).extracting(EntryInfo::name)
                        .containsExactly("etc", "etc/hosts", "usr/bin/tool");
            }
        }
    }

    @Test
    void repeatedScansDoNotRepeatWarnings() throws IOException {
        Path file = TarBuilder.checkpoint("").file("../evil", "x").write(dir.resolve("cp.gz"), Compression.GZIP);
        try (CheckpointSource source = CheckpointSources.open(file)) {
            Collector.scan(source);
            Collector.scan(source);
            assertThat(source.warnings()).containsExactly("entry '../evil' escapes the checkpoint root: ignored");
        }
    }

    @Test
    void closedSourceRefusesToScan() throws IOException {
        Path file = TarBuilder.checkpoint("").write(dir.resolve("cp.tar"), Compression.NONE);
        CheckpointSource source = CheckpointSources.open(file);
        source.close();
        source.close();
        assertThatThrownBy(() -> Collector.scan(source)).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }
}
