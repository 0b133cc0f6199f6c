package io.checkpointinspector.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageArchiveTest {

    static final String LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";
    static final String LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    static final String LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";

    @TempDir
    Path dir;

    private static TarBuilder checkpoint() throws IOException {
        return TarBuilder.checkpoint("");
    }

    private static String mediaType(Compression c) {
        return switch (c) {
            case NONE -> LAYER_TAR;
            case GZIP -> LAYER_GZIP;
            case ZSTD -> LAYER_ZSTD;
        };
    }

    private static ImageBuilder podmanImage(byte[] layer, Compression c) {
        return ImageBuilder.image().layer(layer, mediaType(c))
                .annotation("io.podman.annotations.checkpoint.name", "web")
                .annotation("io.podman.annotations.checkpoint.runtime.name", "crun")
                .annotation("io.podman.annotations.checkpoint.criu.version", "40000")
                .indexAnnotation("org.example.index", "yes")
                .label("io.buildah.version", "1.38.0");
    }

    @ParameterizedTest
    @CsvSource({"NONE", "GZIP", "ZSTD"})
    void ociArchiveExposesTheCheckpointLayer(Compression compression) throws IOException {
        TarBuilder cp = checkpoint();
        byte[] layer = TarBuilder.compress(cp.bytes(), compression);
        Path file = podmanImage(layer, compression).ociArchive(dir.resolve("image.tar"));
        try (CheckpointSource source = CheckpointSources.open(file)) {
            assertThat(source.kind()).isEqualTo(SourceKind.OCI_ARCHIVE);
            assertThat(source.compression()).isEqualTo(compression);
            assertThat(source.description()).startsWith("OCI archive (outer tar uncompressed), checkpoint layer "
                    + (compression == Compression.NONE ? "uncompressed" : compression.label() + "-compressed"))
                    .contains("localhost/cp-web:latest");
            assertThat(source.annotations()).containsEntry("io.podman.annotations.checkpoint.name", "web")
                    .containsEntry("io.podman.annotations.checkpoint.runtime.name", "crun")
                    .containsEntry("io.podman.annotations.checkpoint.criu.version", "40000")
                    .containsEntry("org.example.index", "yes")
                    .containsEntry(OciImageReader.REF_NAME, "localhost/cp-web:latest")
                    .containsEntry("io.buildah.version", "1.38.0");
            assertThat(source.warnings()).isEmpty();
            assertThat(source.randomAccess().isPresent()).isEqualTo(compression == Compression.NONE);
            Collector c = Collector.scan(source);
            assertThat(c.names()).contains("config.dump", "spec.dump", "checkpoint/pstree.img",
                    "checkpoint/inventory.img").doesNotContain("index.json", "oci-layout");
            assertThat(c.content.get("checkpoint/pages-1.img")).isEqualTo(cp.files().get("checkpoint/pages-1.img"));
            assertThat(c.progress.get(c.progress.size() - 1)[0]).isEqualTo(layer.length);
        }
    }

    @Test
    void uncompressedLayerInUncompressedImageIsReadAtRandomInPlace() throws IOException {
        TarBuilder cp = checkpoint();
        Path file = podmanImage(cp.bytes(), Compression.NONE).ociArchive(dir.resolve("image.tar"));
        try (CheckpointSource source = CheckpointSources.open(file)) {
            RandomAccessEntries ra = source.randomAccess().orElseThrow();
            byte[] pages = cp.files().get("checkpoint/pages-1.img");
            byte[] buf = new byte[1000];
            int n = ra.read("checkpoint/pages-1.img", 12345, buf, 0, buf.length);
            assertThat(n).isEqualTo(1000);
            assertThat(buf).isEqualTo(java.util.Arrays.copyOfRange(pages, 12345, 13345));
            try (InputStream in = ra.open("config.dump")) {
                assertThat(in.readAllBytes()).isEqualTo(cp.files().get("config.dump"));
            }
        }
    }

    @Test
    void multiLayerImagePicksTheLayerHoldingTheCheckpoint() throws IOException {
        byte[] base = TarBuilder.compress(TarBuilder.tar().dir("usr/").file("usr/bin/sh", "x").bytes(),
                Compression.GZIP);
        byte[] cp = TarBuilder.compress(checkpoint().bytes(), Compression.ZSTD);
        Path file = ImageBuilder.image().layer(base, LAYER_GZIP).layer(cp, LAYER_ZSTD)
                .ociArchive(dir.resolve("image.tar"));
        try (CheckpointSource source = CheckpointSources.open(file)) {
            assertThat(source.compression()).isEqualTo(Compression.ZSTD);
            assertThat(Collector.scan(source).names()).contains("config.dump").doesNotContain("usr/bin/sh");
        }
    }

    @Test
    void mediaTypeDisagreeingWithContentIsReadByContentWithAWarning() throws IOException {
        byte[] layer = TarBuilder.compress(checkpoint().bytes(), Compression.ZSTD);
        Path file = ImageBuilder.image().layer(layer, LAYER_GZIP).ociArchive(dir.resolve("image.tar"));
        try (CheckpointSource source = CheckpointSources.open(file)) {
            assertThat(source.compression()).isEqualTo(Compression.ZSTD);
            assertThat(source.warnings()).singleElement().asString().contains("declared as " + LAYER_GZIP);
        }
    }

    @ParameterizedTest
    @CsvSource({"NONE,false", "GZIP,false", "NONE,true"})
    void dockerArchiveExposesTheCheckpointLayer(Compression compression, boolean legacy) throws IOException {
        TarBuilder cp = checkpoint();
        byte[] layer = TarBuilder.compress(cp.bytes(), compression);
        Path file = podmanImage(layer, compression).dockerArchive(dir.resolve("docker.tar"), legacy);
        try (CheckpointSource source = CheckpointSources.open(file)) {
            assertThat(source.kind()).isEqualTo(SourceKind.DOCKER_ARCHIVE);
            assertThat(source.compression()).isEqualTo(compression);
            assertThat(source.description()).startsWith("docker archive").contains("localhost/cp-web:latest");
            assertThat(source.annotations()).containsEntry("io.buildah.version", "1.38.0");
            assertThat(source.randomAccess().isPresent()).isEqualTo(compression == Compression.NONE);
            Collector c = Collector.scan(source);
            assertThat(c.content.get("checkpoint/core-1.img")).isEqualTo(cp.files().get("checkpoint/core-1.img"));
        }
    }

    @ParameterizedTest
    @CsvSource({"NONE", "ZSTD"})
    void ociLayoutDirectory(Compression compression) throws IOException {
        TarBuilder cp = checkpoint();
        byte[] layer = TarBuilder.compress(cp.bytes(), compression);
        Path layout = podmanImage(layer, compression).ociLayoutDirectory(Files.createDirectory(dir.resolve("oci")));
        try (CheckpointSource source = CheckpointSources.open(layout)) {
            assertThat(source.kind()).isEqualTo(SourceKind.OCI_LAYOUT_DIRECTORY);
            assertThat(source.compression()).isEqualTo(compression);
            assertThat(source.annotations()).containsEntry("io.podman.annotations.checkpoint.name", "web");
            assertThat(source.bytes()).isGreaterThan(layer.length);
            Collector c = Collector.scan(source);
            assertThat(c.content.get("spec.dump")).isEqualTo(cp.files().get("spec.dump"));
            if (compression == Compression.NONE) {
                assertThat(source.randomAccess().orElseThrow().find("checkpoint/pstree.img")).isPresent();
            }
        }
    }

    @Test
    void symlinkedBlobInLayoutDirectoryIsNotFollowed() throws IOException {
        byte[] layer = checkpoint().bytes();
        Path layout = ImageBuilder.image().layer(layer, LAYER_TAR)
                .ociLayoutDirectory(Files.createDirectory(dir.resolve("oci")));
        Path blob = layout.resolve("blobs/sha256/" + ImageBuilder.sha256(layer));
        Path outside = Files.write(dir.resolve("outside.tar"), layer);
        Files.delete(blob);
        Files.createSymbolicLink(blob, outside);
        assertThatThrownBy(() -> CheckpointSources.open(layout)).isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("is missing");
    }

    @Test
    void digestThatWouldEscapeTheLayoutIsRefused() throws IOException {
        Map<String, byte[]> files = ImageBuilder.image().layer(checkpoint().bytes(), LAYER_TAR).ociFiles();
        files.put("index.json", ("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:../../../etc/passwd\","
                + "\"size\":1}]}").getBytes());
        TarBuilder tar = TarBuilder.tar();
        files.forEach(tar::file);
        Path file = tar.write(dir.resolve("image.tar"), Compression.NONE);
        assertThatThrownBy(() -> CheckpointSources.open(file)).isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("lists no image manifest");
    }

    @Test
    void imageWithoutCheckpointLayerIsRejected() throws IOException {
        byte[] layer = TarBuilder.tar().file("etc/os-release", "ID=x").bytes();
        Path file = ImageBuilder.image().layer(layer, LAYER_TAR).ociArchive(dir.resolve("image.tar"));
        assertThatThrownBy(() -> CheckpointSources.open(file)).isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("not a checkpoint");
    }

    @Test
    void compressedImageArchiveIsReportedAsUnsupported() throws IOException {
        Path plain = ImageBuilder.image().layer(checkpoint().bytes(), LAYER_TAR).ociArchive(dir.resolve("i.tar"));
        Path gz = Files.write(dir.resolve("i.tar.gz"), TarBuilder.compress(Files.readAllBytes(plain),
                Compression.GZIP));
        assertThatThrownBy(() -> CheckpointSources.open(gz)).isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("not supported: a gzip-compressed image archive");
    }

    @ParameterizedTest
    @CsvSource({"oci,NONE", "oci,GZIP", "docker,NONE", "docker,ZSTD"})
    void truncatedImageArchivesFailCleanly(String form, Compression compression) throws IOException {
        byte[] layer = TarBuilder.compress(checkpoint().bytes(), compression);
        ImageBuilder image = podmanImage(layer, compression);
        Path file = form.equals("oci") ? image.ociArchive(dir.resolve("i.tar"))
                : image.dockerArchive(dir.resolve("i.tar"), false);
        byte[] all = Files.readAllBytes(file);
        java.util.Random random = new java.util.Random(1);
        int failures = 0;
        for (int i = 0; i < 50; i++) {
            int cut = i < 5 ? List.of(1, 100, 511, 513, all.length - 1).get(i) : 1 + random.nextInt(all.length - 1);
            Path t = Files.write(dir.resolve("cut"), java.util.Arrays.copyOf(all, cut));
            try (CheckpointSource s = CheckpointSources.open(t)) {
                assertThat(Collector.scan(s).names()).as("cut at %d", cut).contains("deleted.files");
            } catch (CheckpointFormatException e) {
                failures++;
            }
        }
        assertThat(failures).isGreaterThan(40);
    }
}
