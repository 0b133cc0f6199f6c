package io.checkpointinspector.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.checkpointinspector.archive.CheckpointFormatException;
import io.checkpointinspector.archive.EvidenceTars;
import io.checkpointinspector.inspect.CheckpointInspector;
import io.checkpointinspector.inspect.Fixtures;
import io.checkpointinspector.inspect.InspectListener;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.model.ProcessInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.CompressorStreamFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Images built from the real Podman fixtures, read back with commons-compress: the OCI layout (index, manifest,
 * config, every digest and size), the layer's entries against the source's, the annotations against what the
 * fixture's container was and against Podman's own checkpoint image of it (oci-archive.tar); and what is refused.
 */
class CheckpointImageBuilderTest {

    private static final ImageName NAME = ImageName.parse("ci-build-unit:1");
    private static final JsonNode EXPECTED = Fixtures.expected();

    @TempDir
    Path tmp;

    private CheckpointImageBuilder.Result build(Path source, Path target) throws IOException {
        return new CheckpointImageBuilder().build(source, NAME, target, false, InspectListener.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"podman-none.tar", "podman-zstd.tar.zst", "podman-gzip.tar.gz"})
    void aPodmanExportBecomesAValidOciImageHoldingExactlyItsEntries(String fixture) throws Exception {
        Path source = Fixtures.path(fixture);
        Path out = tmp.resolve("image.tar");
        CheckpointImageBuilder.Result r = build(source, out);
        OciArchiveFile oci = OciArchiveFile.read(out);

        assertThat(oci.order()).first().isEqualTo("oci-layout");
        assertThat(oci.order()).last().isEqualTo("index.json");
        assertThat(oci.order()).contains("blobs/", "blobs/sha256/").hasSize(7);
        assertThat(new String(oci.files().get("oci-layout"))).isEqualTo("{\"imageLayoutVersion\": \"1.0.0\"}");
        assertThat(oci.index().path("schemaVersion").asInt()).isEqualTo(2);
        assertThat(oci.index().path("manifests")).hasSize(1);
        JsonNode ref = oci.index().path("manifests").get(0);
        assertThat(ref.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(ref.path("annotations").path("org.opencontainers.image.ref.name").asText())
                .isEqualTo("localhost/ci-build-unit:1");
        assertThat(ref.path("digest").asText()).isEqualTo(r.manifestDigest());
        assertThat(oci.manifest().path("schemaVersion").asInt()).isEqualTo(2);
        assertThat(oci.manifest().path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(oci.manifest().path("config").path("mediaType").asText())
                .isEqualTo("application/vnd.oci.image.config.v1+json");
        JsonNode layer = oci.manifest().path("layers").get(0);
        assertThat(oci.manifest().path("layers")).hasSize(1);
        assertThat(layer.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
        assertThat(layer.path("digest").asText()).isEqualTo(r.layerDigest());
        assertThat(r.layerBytes()).isEqualTo(oci.layerGzip().length);
        assertThat(r.layerTarBytes()).isEqualTo(oci.layerTar().length);
        assertThat(r.fileBytes()).isEqualTo(Files.size(out));

        JsonNode config = oci.config();
        assertThat(config.path("architecture").asText()).isEqualTo("amd64");
        assertThat(config.path("os").asText()).isEqualTo("linux");
        assertThat(config.path("rootfs").path("type").asText()).isEqualTo("layers");
        assertThat(Fixtures.texts(config.path("rootfs").path("diff_ids")))
                .containsExactly(OciArchiveFile.sha256(oci.layerTar()));
        assertThat(r.diffId()).isEqualTo(OciArchiveFile.sha256(oci.layerTar()));

        Map<String, byte[]> sourceEntries = entries(source);
        Map<String, byte[]> layerEntries = oci.layerEntries();
        assertThat(layerEntries.keySet()).containsExactlyElementsOf(sourceEntries.keySet());
        sourceEntries.forEach((name, data) -> assertThat(layerEntries.get(name)).as(name).isEqualTo(data));
        assertThat(r.entries()).isEqualTo(sourceEntries.size());

        Map<String, String> a = oci.annotations();
        String p = CheckpointAnnotations.PODMAN;
        assertThat(a).containsEntry(p + "name", EXPECTED.path("containerName").asText())
                .containsEntry(p + "rootfsImageName", EXPECTED.path("image").asText())
                .containsEntry(p + "rawImageName", EXPECTED.path("image").asText())
                .containsEntry(p + "rootfsImageID", EXPECTED.path("imageId").asText())
                .containsEntry(p + "runtime.name", EXPECTED.path("runtime").asText())
                .containsEntry(p + "host.arch", "amd64")
                .containsEntry(CheckpointAnnotations.CRIU + "engine.name", "Podman")
                .containsEntry(CheckpointAnnotations.CRIU + "container.name", EXPECTED.path("containerName").asText());
        // a Podman export holds no dump.log, so nothing tells the CRIU version: left out and said
        assertThat(a).doesNotContainKey(p + "criu.version");
        assertThat(r.annotations().omitted()).anyMatch(o -> o.startsWith(p + "criu.version:"))
                .anyMatch(o -> o.startsWith(p + "podman.version:"));
    }

    @Test
    void ourReaderReadsTheImageAsTheSameCheckpoint() throws Exception {
        Path source = Fixtures.path("podman-zstd.tar.zst");
        Path out = tmp.resolve("image.tar");
        build(source, out);
        CheckpointInspector inspector = new CheckpointInspector();
        Checkpoint before = inspector.inspect(source, InspectListener.NONE);
        Checkpoint after = inspector.inspect(out, InspectListener.NONE);
        assertThat(after.source().kind()).isEqualTo("OCI_ARCHIVE");
        assertThat(after.container().name()).isEqualTo(before.container().name());
        assertThat(after.container().id()).isEqualTo(before.container().id());
        assertThat(after.container().runtime()).isEqualTo(before.container().runtime());
        assertThat(after.processes().stream().map(ProcessInfo::pid).toList())
                .isEqualTo(before.processes().stream().map(ProcessInfo::pid).toList());
        assertThat(after.processes().stream().map(ProcessInfo::cmdline).toList())
                .isEqualTo(before.processes().stream().map(ProcessInfo::cmdline).toList());
        assertThat(after.rootfsDiff().entries()).isEqualTo(before.rootfsDiff().entries());
        assertThat(after.sizes()).isEqualTo(before.sizes());
    }

    @Test
    void theSameCheckpointGivesTheSameBytes() throws Exception {
        Path a = tmp.resolve("a.tar");
        Path b = tmp.resolve("b.tar");
        build(Fixtures.path("podman-gzip.tar.gz"), a);
        build(Fixtures.path("podman-gzip.tar.gz"), b);
        assertThat(OciArchiveFile.sha256(Files.readAllBytes(a))).isEqualTo(OciArchiveFile.sha256(
                Files.readAllBytes(b)));
    }

    /**
     * Podman's own checkpoint image of the fixture container (oci-archive.tar, made with --create-image): the same
     * layout, a layer with the same entries, and every annotation we write that Podman writes has Podman's value;
     * what Podman has and we do not is exactly the host facts and the CRIU version no export records.
     */
    @Test
    void structurallyLikePodmansOwnCheckpointImage() throws Exception {
        Path out = tmp.resolve("image.tar");
        build(Fixtures.path("podman-none.tar"), out);
        OciArchiveFile ours = OciArchiveFile.read(out);
        OciArchiveFile podman = OciArchiveFile.read(Fixtures.path("oci-archive.tar"));

        assertThat(new TreeSet<>(ours.order())).isEqualTo(withBlobNames(podman.order(), ours.order()));
        assertThat(ours.manifest().path("layers").get(0).path("mediaType").asText())
                .isEqualTo(podman.manifest().path("layers").get(0).path("mediaType").asText());
        assertThat(ours.layerEntries().keySet()).isEqualTo(podman.layerEntries().keySet());
        assertThat(ours.config().path("architecture")).isEqualTo(podman.config().path("architecture"));
        assertThat(ours.config().path("os")).isEqualTo(podman.config().path("os"));

        Map<String, String> theirs = podman.annotations();
        Map<String, String> mine = ours.annotations();
        mine.forEach((k, v) -> {
            if (k.startsWith(CheckpointAnnotations.PODMAN)) {
                assertThat(theirs).as(k).containsEntry(k, v);
            } else {
                assertThat(k).startsWith(CheckpointAnnotations.CRIU);
            }
        });
        Set<String> missing = new TreeSet<>(theirs.keySet());
        missing.removeAll(mine.keySet());
        Set<String> hostFacts = new TreeSet<>();
        CheckpointAnnotations.PODMAN_HOST_FACTS.forEach(f -> hostFacts.add(CheckpointAnnotations.PODMAN + f));
        hostFacts.add(CheckpointAnnotations.PODMAN + "criu.version");
        // buildah writes these two empty for an image from scratch; empty says nothing, so we leave them out
        hostFacts.add("org.opencontainers.image.base.digest");
        hostFacts.add("org.opencontainers.image.base.name");
        assertThat(missing).isEqualTo(hostFacts);
    }

    /** The order of Podman's tar with its blob names replaced by ours (blob names are digests: they differ). */
    private static Set<String> withBlobNames(List<String> podman, List<String> ours) {
        Set<String> out = new TreeSet<>();
        podman.stream().filter(n -> !n.startsWith("blobs/sha256/") || n.equals("blobs/sha256/")).forEach(out::add);
        ours.stream().filter(n -> n.startsWith("blobs/sha256/") && !n.equals("blobs/sha256/")).forEach(out::add);
        assertThat(podman.stream().filter(n -> n.startsWith("blobs/sha256/") && !n.equals("blobs/sha256/")))
                .hasSize(3);
        return out;
    }

    @Test
    void aCheckpointImageAsTheSourceKeepsTheHostFactsItCarries() throws Exception {
        Path out = tmp.resolve("image.tar");
        CheckpointImageBuilder.Result r = build(Fixtures.path("oci-archive.tar"), out);
        Map<String, String> theirs = OciArchiveFile.read(Fixtures.path("oci-archive.tar")).annotations();
        Map<String, String> mine = OciArchiveFile.read(out).annotations();
        theirs.forEach((k, v) -> {
            if (k.startsWith(CheckpointAnnotations.PODMAN)) {
                assertThat(mine).as(k).containsEntry(k, v);
            }
        });
        assertThat(mine).containsEntry(CheckpointAnnotations.CRIU + "criu.version",
                theirs.get(CheckpointAnnotations.PODMAN + "criu.version"));
        assertThat(r.annotations().omitted()).isEmpty();
        assertThat(OciArchiveFile.read(out).layerEntries().keySet())
                .isEqualTo(OciArchiveFile.read(Fixtures.path("oci-archive.tar")).layerEntries().keySet());
    }

    @Test
    void aDockerArchiveLostItsAnnotationsSoTheyAreTakenFromTheCheckpoint() throws Exception {
        Path out = tmp.resolve("image.tar");
        CheckpointImageBuilder.Result r = build(Fixtures.path("docker-archive.tar"), out);
        assertThat(r.annotations().get(CheckpointAnnotations.PODMAN + "runtime.name")).isEqualTo("runc");
        assertThat(r.annotations().get(CheckpointAnnotations.PODMAN + "podman.version")).isNull();
    }

    // ---------------------------------------------------------------- the one file written

    @Test
    void anExistingFileIsNotReplacedWithoutForceAndReplacedWithIt() throws Exception {
        Path out = tmp.resolve("image.tar");
        Files.writeString(out, "keep me");
        assertThatThrownBy(() -> build(Fixtures.path("podman-none.tar"), out))
                .hasMessageContaining("exists; not overwritten");
        assertThat(Files.readString(out)).isEqualTo("keep me");
        assertOnly(out);
        new CheckpointImageBuilder().build(Fixtures.path("podman-none.tar"), NAME, out, true, InspectListener.NONE);
        OciArchiveFile.read(out);
        assertOnly(out);
    }

    @Test
    void aLinkIsNeverFollowedNorTheSourceReplaced() throws Exception {
        Path victim = tmp.resolve("victim");
        Files.writeString(victim, "keep me");
        Path link = Files.createSymbolicLink(tmp.resolve("link.tar"), victim);
        assertThatThrownBy(() -> new CheckpointImageBuilder().build(Fixtures.path("podman-none.tar"), NAME, link,
                true, InspectListener.NONE)).hasMessageContaining("symbolic link");
        assertThat(Files.readString(victim)).isEqualTo("keep me");
        Path copy = Files.copy(Fixtures.path("podman-none.tar"), tmp.resolve("source.tar"));
        assertThatThrownBy(() -> new CheckpointImageBuilder().build(copy, NAME, copy, true, InspectListener.NONE))
                .hasMessageContaining("is the checkpoint being read");
        assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(Fixtures.path("podman-none.tar")));
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("victim", "link.tar",
                    "source.tar");
        }
    }

    @Test
    void aCancelledBuildLeavesNothing() throws Exception {
        Path out = tmp.resolve("image.tar");
        AtomicLong calls = new AtomicLong();
        InspectListener cancelInTheSecondPass = new InspectListener() {
            @Override
            public void progress(long bytesDone, long bytesTotal, String currentEntry) {
                if (currentEntry != null && currentEntry.startsWith("writing ")) {
                    calls.incrementAndGet();
                }
            }

            @Override
            public boolean isCancelled() {
                return calls.get() > 3;
            }
        };
        assertThatThrownBy(() -> new CheckpointImageBuilder().build(Fixtures.path("podman-zstd.tar.zst"), NAME, out,
                false, cancelInTheSecondPass)).isInstanceOf(CancellationException.class);
        assertThat(calls.get()).isGreaterThan(3);
        assertOnly();
    }

    // ---------------------------------------------------------------- hostile and unusable input

    @Test
    void aHostileRootfsEntryStopsTheBuildBeforeAnythingIsWritten() throws Exception {
        Path source = EvidenceTars.podmanCheckpoint(tmp.resolve("evidence.tar"));
        Path out = tmp.resolve("image.tar");
        assertThatThrownBy(() -> build(source, out)).isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("rootfs-diff.tar").hasMessageContaining("hostile entry '../")
                .hasMessageContaining("nothing is written");
        assertOnly(source);
    }

    @Test
    void aHostileMemberOfAnotherTarTheEngineUnpacksStopsTheBuildToo() throws Exception {
        byte[] devshm = tar(Map.of("../../etc/cron.d/evil", "* * * * * root sh\n".getBytes()));
        Path source = rewrite(Fixtures.path("podman-none.tar"), tmp.resolve("devshm.tar"),
                e -> e.name().equals("devshm-checkpoint.tar") ? e.with(devshm) : e);
        Path out = tmp.resolve("image.tar");
        assertThatThrownBy(() -> build(source, out)).isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("devshm-checkpoint.tar")
                .hasMessageContaining("hostile entry '../../etc/cron.d/evil'");
        assertOnly(source);
    }

    @Test
    void withoutSpecDumpNoImageIsBuilt() throws Exception {
        Path source = rewrite(Fixtures.path("podman-none.tar"), tmp.resolve("nospec.tar"),
                e -> e.name().equals("spec.dump") ? null : e);
        assertThatThrownBy(() -> build(source, tmp.resolve("image.tar"))).isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("spec.dump").hasMessageContaining("could not be restored");
        assertOnly(source);
    }

    @Test
    void aCutArchiveIsRefusedAndLeavesNothing() throws Exception {
        byte[] whole = Files.readAllBytes(Fixtures.path("podman-none.tar"));
        Path source = Files.write(tmp.resolve("cut.tar"), java.util.Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> build(source, tmp.resolve("image.tar")))
                .isInstanceOf(CheckpointFormatException.class).hasMessageContaining("cut");
        assertOnly(source);
    }

    private void assertOnly(Path... expected) throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files).containsExactlyInAnyOrder(expected);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** name → content of a (possibly compressed) tar, directories as empty arrays. */
    static Map<String, byte[]> entries(Path source) throws Exception {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (InputStream raw = new java.io.BufferedInputStream(Files.newInputStream(source));
                InputStream in = source.toString().endsWith(".tar") ? raw
                        : new CompressorStreamFactory().createCompressorInputStream(raw);
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                out.put(e.getName(), e.isFile() ? tar.readAllBytes() : new byte[0]);
            }
        }
        return out;
    }

    record Item(String name, TarArchiveEntry header, byte[] data) {
        Item with(byte[] content) {
            return new Item(name, header, content);
        }
    }

    /** source's entries through edit (null drops one) into an uncompressed tar. */
    static Path rewrite(Path source, Path target, UnaryOperator<Item> edit) throws IOException {
        List<Item> items = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(source))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                Item i = edit.apply(new Item(e.getName(), e, e.isFile() ? tar.readAllBytes() : new byte[0]));
                if (i != null) {
                    items.add(i);
                }
            }
        }
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(target))) {
            for (Item i : items) {
                TarArchiveEntry h = new TarArchiveEntry(i.name(), i.header().getLinkFlag());
                h.setMode(i.header().getMode());
                h.setModTime(i.header().getModTime());
                h.setSize(i.header().isFile() ? i.data().length : 0);
                out.putArchiveEntry(h);
                out.write(i.data());
                out.closeArchiveEntry();
            }
        }
        return target;
    }

    static byte[] tar(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            for (var f : files.entrySet()) {
                TarArchiveEntry h = new TarArchiveEntry(f.getKey(), true);
                h.setSize(f.getValue().length);
                h.setModTime(FileTime.fromMillis(1_700_000_000_000L));
                out.putArchiveEntry(h);
                out.write(f.getValue());
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
