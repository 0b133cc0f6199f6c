package io.checkpointinspector.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Archives made from one real Podman checkpoint (src/test/resources/fixtures/, see its README), checked against
 * the facts recorded in expected.json. Skipped while the fixtures are absent.
 */
class RealFixturesTest {

    private static final Path FIXTURES = Path.of("src", "test", "resources", "fixtures");

    private static JsonNode expected() throws IOException {
        Path file = FIXTURES.resolve("expected.json");
        return Files.isRegularFile(file) ? new ObjectMapper().readTree(file.toFile()) : null;
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new LinkedHashSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @ParameterizedTest
    @CsvSource({
        "podman-zstd.tar.zst, TAR_ARCHIVE, ZSTD",
        "podman-gzip.tar.gz, TAR_ARCHIVE, GZIP",
        "podman-none.tar, TAR_ARCHIVE, NONE",
        "oci-archive.tar, OCI_ARCHIVE, ",
        "docker-archive.tar, DOCKER_ARCHIVE, "})
    void realCheckpointsExposeTheirEntries(String name, SourceKind kind, Compression compression)
            throws IOException {
        Path file = FIXTURES.resolve(name);
        assumeTrue(Files.isRegularFile(file), "fixture " + file + " not generated yet");
        try (CheckpointSource source = CheckpointSources.open(file)) {
            assertThat(source.kind()).isEqualTo(kind);
            if (compression != null) {
                assertThat(source.compression()).isEqualTo(compression);
            }
            assertThat(source.warnings()).isEmpty();
            List<String> names = new ArrayList<>();
            Map<String, byte[]> small = new HashMap<>();
            source.scan((entry, content) -> {
                names.add(entry.name());
                if (entry.name().equals("rootfs-diff.tar") || entry.name().equals("config.dump")) {
                    small.put(entry.name(), content.readAllBytes());
                }
            });
            assertThat(names).doesNotHaveDuplicates().contains("config.dump", "spec.dump", "checkpoint/pstree.img",
                    "checkpoint/inventory.img");
            assertThat(new String(small.get("config.dump"), StandardCharsets.UTF_8)).startsWith("{");
            JsonNode expected = expected();
            if (expected != null) {
                JsonNode observed = expected.path("observed");
                assertThat(new LinkedHashSet<>(names)).isEqualTo(strings(observed.path("checkpointArchiveEntries")));
                List<EntryInfo> nested = NestedTar.list(new ByteArrayInputStream(small.get("rootfs-diff.tar")),
                        file + "!rootfs-diff.tar");
                assertThat(nested).extracting(EntryInfo::name)
                        .containsExactlyInAnyOrderElementsOf(strings(observed.path("rootfsDiffTarEntries")));
                String hello = new String(NestedTar.preview(new ByteArrayInputStream(small.get("rootfs-diff.tar")),
                        "x", "added/hello.txt", 4096).orElseThrow().bytes(), StandardCharsets.UTF_8);
                assertThat(hello).isEqualTo(expected.path("rootfs").path("files").path("/added/hello.txt").asText());
            }
            if (source.randomAccess().isPresent()) {
                RandomAccessEntries ra = source.randomAccess().get();
                try (InputStream in = ra.open("config.dump")) {
                    assertThat(in.readAllBytes()).isEqualTo(small.get("config.dump"));
                }
                assertThat(ra.entries()).extracting(EntryInfo::name).containsExactlyElementsOf(names);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"oci-archive.tar", "docker-archive.tar"})
    void checkpointImagesCarryTheirNameAndAnnotations(String name) throws IOException {
        Path file = FIXTURES.resolve(name);
        assumeTrue(Files.isRegularFile(file), "fixture " + file + " not generated yet");
        JsonNode expected = expected();
        assumeTrue(expected != null, "expected.json missing");
        JsonNode image = expected.path("observed").path("checkpointImage");
        try (CheckpointSource source = CheckpointSources.open(file)) {
            assertThat(source.description()).contains(image.path("name").asText());
            if (source.kind() == SourceKind.OCI_ARCHIVE) {
                image.path("annotations").fields().forEachRemaining(a ->
                        assertThat(source.annotations()).containsEntry(a.getKey(), a.getValue().asText()));
                assertThat(source.annotations()).containsKeys("io.podman.annotations.checkpoint.name",
                        "io.podman.annotations.checkpoint.criu.version", "io.podman.annotations.checkpoint.runtime.name");
            }
        }
    }
}
