package io.checkpointinspector.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectorySourceTest {

    @TempDir
    Path dir;

    private Path checkpointDirectory() throws IOException {
        Path root = Files.createDirectory(dir.resolve("cp"));
        Files.writeString(root.resolve("config.dump"), "{\"id\":\"abc\"}");
        Files.writeString(root.resolve("spec.dump"), "{}");
        Path images = Files.createDirectory(root.resolve("checkpoint"));
        Files.write(images.resolve("inventory.img"), TarBuilder.random(40, 1));
        Files.write(images.resolve("pstree.img"), TarBuilder.random(70, 2));
        Files.write(images.resolve("pages-1.img"), TarBuilder.random(100_000, 3));
        return root;
    }

    @Test
    void unpackedCheckpointDirectory() throws IOException {
        Path root = checkpointDirectory();
        try (CheckpointSource source = CheckpointSources.open(root)) {
            assertThat(source.kind()).isEqualTo(SourceKind.CHECKPOINT_DIRECTORY);
            assertThat(source.compression()).isEqualTo(Compression.NONE);
            assertThat(source.bytes()).isEqualTo(12 + 2 + 40 + 70 + 100_000);
            RandomAccessEntries ra = source.randomAccess().orElseThrow();
            assertThat(ra.entries()).extracting(EntryInfo::name).containsExactly("checkpoint",
                    "checkpoint/inventory.img", "checkpoint/pages-1.img", "checkpoint/pstree.img", "config.dump",
                    "spec.dump");
            byte[] buf = new byte[50];
            assertThat(ra.read("checkpoint/pages-1.img", 99_980, buf, 0, 50)).isEqualTo(20);
            Collector c = Collector.scan(source);
            assertThat(c.content.get("checkpoint/pstree.img")).isEqualTo(TarBuilder.random(70, 2));
            assertThat(c.progress.get(c.progress.size() - 1)[0]).isEqualTo(source.bytes());
        }
    }

    @Test
    void theNamedDirectoryMayBeASymlink() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("link"), checkpointDirectory());
        try (CheckpointSource source = CheckpointSources.open(link)) {
            assertThat(source.path()).isEqualTo(link);
            assertThat(Collector.scan(source).names()).contains("config.dump", "checkpoint/pstree.img");
        }
    }

    @Test
    void bareCriuImageDirectoryAppearsUnderCheckpoint() throws IOException {
        Path root = Files.createDirectory(dir.resolve("criu"));
        Files.write(root.resolve("inventory.img"), TarBuilder.random(40, 1));
        Files.write(root.resolve("pstree.img"), TarBuilder.random(70, 2));
        Files.writeString(root.resolve("dump.log"), "log");
        try (CheckpointSource source = CheckpointSources.open(root)) {
            assertThat(source.kind()).isEqualTo(SourceKind.CRIU_IMAGE_DIRECTORY);
            RandomAccessEntries ra = source.randomAccess().orElseThrow();
            assertThat(ra.entries()).extracting(EntryInfo::name).containsExactly("checkpoint",
                    "checkpoint/dump.log", "checkpoint/inventory.img", "checkpoint/pstree.img");
            try (InputStream in = ra.open("checkpoint/pstree.img")) {
                assertThat(in.readAllBytes()).isEqualTo(TarBuilder.random(70, 2));
            }
            assertThat(Collector.scan(source).names()).contains("checkpoint/inventory.img");
        }
    }

    @Test
    void symlinkedConfigDumpPointingOutsideIsReportedNotRead() throws IOException {
        Path root = checkpointDirectory();
        Path secret = Files.writeString(dir.resolve("secret"), "top secret");
        Files.delete(root.resolve("config.dump"));
        Files.createSymbolicLink(root.resolve("config.dump"), secret);
        Files.createSymbolicLink(root.resolve("checkpoint/escape"), dir);
        try (CheckpointSource source = CheckpointSources.open(root)) {
            RandomAccessEntries ra = source.randomAccess().orElseThrow();
            EntryInfo config = ra.find("config.dump").orElseThrow();
            assertThat(config.type()).isEqualTo(EntryType.SYMLINK);
            assertThat(config.linkTarget()).isEqualTo(secret.toString());
            assertThat(config.size()).isZero();
            try (InputStream in = ra.open("config.dump")) {
                assertThat(in.readAllBytes()).isEmpty();
            }
            assertThat(ra.find("checkpoint/escape/secret")).isEmpty();
            Collector c = Collector.scan(source);
            assertThat(c.content.get("config.dump")).isEmpty();
            assertThat(c.names()).noneMatch(n -> n.contains("secret"));
            assertThat(source.warnings()).anyMatch(w -> w.contains("config.dump") && w.contains("not"));
        }
    }

    @Test
    void directoryWithoutCheckpointIsRejected() throws IOException {
        Path root = Files.createDirectory(dir.resolve("other"));
        Files.writeString(root.resolve("readme"), "x");
        assertThatThrownBy(() -> CheckpointSources.open(root)).isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("not a checkpoint");
    }

    @Test
    void fileReplacedBySymlinkAfterOpeningIsNotRead() throws IOException {
        Path root = checkpointDirectory();
        Path secret = Files.writeString(dir.resolve("secret"), "top secret");
        try (CheckpointSource source = CheckpointSources.open(root)) {
            RandomAccessEntries ra = source.randomAccess().orElseThrow();
            Files.delete(root.resolve("spec.dump"));
            Files.createSymbolicLink(root.resolve("spec.dump"), secret);
            assertThatThrownBy(() -> ra.open("spec.dump")).isInstanceOf(CheckpointFormatException.class)
                    .hasMessageContaining("no longer a regular file");
        }
    }
}
