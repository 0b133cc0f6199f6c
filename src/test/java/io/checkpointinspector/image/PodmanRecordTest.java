package io.checkpointinspector.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.checkpointinspector.archive.CheckpointFormatException;
import io.checkpointinspector.inspect.InspectListener;
import io.checkpointinspector.inspect.LayoutFixtures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Podman-form record written for CRI-O and containerd (CRI plugin) archives, made from the real Podman fixture
 * in those engines' layouts (inspect.LayoutFixtures, synthetic metadata, real CRIU images), read back with
 * commons-compress; and the refusals when a value Podman needs is neither in the checkpoint nor given.
 */
class PodmanRecordTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ImageName NAME = ImageName.parse("ci-record-unit:1");

    @TempDir
    Path tmp;

    private static Map<String, byte[]> layer(Path image) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        OciArchiveFile oci = OciArchiveFile.read(image);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(oci.layerTar()))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                out.put(e.getName(), e.isFile() ? tar.readAllBytes() : new byte[0]);
            }
        }
        return out;
    }

    private static List<String> destinations(JsonNode spec) {
        List<String> out = new ArrayList<>();
        spec.path("mounts").forEach(m -> out.add(m.path("destination").asText()));
        return out;
    }

    @Test
    void aCriOArchiveGetsPodmansConfigDumpFromItsOwnValuesAndKeepsTheOriginal() throws Exception {
        LayoutFixtures f = new LayoutFixtures();
        Path source = f.crioArchive(tmp);
        Path out = tmp.resolve("crio-image.tar");
        CheckpointImageBuilder.Result r = new CheckpointImageBuilder().build(source, NAME, out, false,
                BuildOptions.none(), InspectListener.NONE);
        Map<String, byte[]> layer = layer(out);
        JsonNode config = JSON.readTree(layer.get("config.dump"));
        JsonNode expected = io.checkpointinspector.inspect.Fixtures.expected();
        assertThat(config.path("rootfsImageID").asText()).isEqualTo(expected.path("imageId").asText());
        assertThat(config.path("rootfsImageName").asText()).isEqualTo(expected.path("image").asText());
        assertThat(config.path("RawImageName").asText()).isEqualTo(expected.path("image").asText());
        assertThat(config.path("id").asText()).isEqualTo(expected.path("containerId").asText());
        assertThat(config.path("name").asText()).as("the container name read from k8s_NAME_POD_…").isEqualTo("ci-fixture");
        assertThat(config.path("runtime").asText()).isEqualTo("runc");
        assertThat(config.path("createdTime").asText()).isEqualTo(expected.path("created").asText());
        // nothing else: every field is one the checkpoint records
        assertThat(config.size()).isEqualTo(7);
        assertThat(layer).containsKey("config.dump.cri-o");
        assertThat(JSON.readTree(layer.get("config.dump.cri-o"))).isEqualTo(f.crioConfigDump());
        JsonNode spec = JSON.readTree(layer.get("spec.dump"));
        assertThat(destinations(spec)).doesNotContain("/etc/hosts", "/etc/hostname", "/etc/resolv.conf",
                "/dev/shm", "/run/.containerenv", "/dev/termination-log",
                "/var/run/secrets/kubernetes.io/serviceaccount").contains("/proc", "/dev", "/sys");
        assertThat(destinations(JSON.readTree(layer.get("spec.dump.cri-o")))).contains("/etc/hosts",
                "/dev/termination-log");
        assertThat(spec.path("annotations").path("io.container.manager").asText()).isEqualTo("cri-o");
        assertThat(r.annotations().get(CheckpointAnnotations.PODMAN + "rootfsImageID"))
                .isEqualTo(expected.path("imageId").asText());
        assertThat(r.annotations().get(CheckpointAnnotations.PODMAN + "runtime.name")).isEqualTo("runc");
        assertThat(r.annotations().omitted()).noneMatch(o -> o.contains("rootfsImageID"));
        assertThat(r.warnings()).anyMatch(w -> w.startsWith("spec.dump: bind mounts left out") && w.contains(
                "/dev/termination-log (from /var/lib/kubelet/pods/"));
        assertThat(layer).doesNotContainKey(PodmanRecord.CRIU_CONFIG_ENTRY);
    }

    @Test
    void aContainerdArchiveGetsRuncAndTheImageIdWithoutItsAlgorithm() throws Exception {
        LayoutFixtures f = new LayoutFixtures();
        Path source = f.containerdArchive(tmp);
        Path out = tmp.resolve("containerd-image.tar");
        Path criu = Files.writeString(tmp.resolve("criu.conf"), "skip-file-rwx-check\n");
        CheckpointImageBuilder.Result r = new CheckpointImageBuilder().build(source, NAME, out, false,
                new BuildOptions(null, null, criu, null), InspectListener.NONE);
        Map<String, byte[]> layer = layer(out);
        JsonNode config = JSON.readTree(layer.get("config.dump"));
        assertThat(config.path("rootfsImageID").asText()).isEqualTo(f.imageId()).doesNotStartWith("sha256:");
        assertThat(config.path("runtime").asText()).isEqualTo("runc");
        assertThat(layer).containsKeys("config.dump.containerd", "spec.dump.containerd");
        JsonNode spec = JSON.readTree(layer.get("spec.dump"));
        assertThat(spec.path("annotations").path(PodmanRecord.CRIU_CONFIG_ANNOTATION).asText())
                .isEqualTo(PodmanRecord.CRIU_CONFIG_ENTRY);
        assertThat(new String(layer.get(PodmanRecord.CRIU_CONFIG_ENTRY), StandardCharsets.UTF_8))
                .isEqualTo("skip-file-rwx-check\n");
        assertThat(r.warnings()).anyMatch(w -> w.equals("runtime: io.containerd.runc.v2 is containerd's shim for "
                + "runc; written as runc"));
        assertThat(r.annotations().get(CheckpointAnnotations.CRIU + "runtime.name"))
                .as("checkpointctl's annotation keeps what the checkpoint says").isEqualTo("io.containerd.runc.v2");
    }

    @Test
    void aGivenImageIdAndNameWinAndALookupIsNotAskedThen() throws Exception {
        LayoutFixtures f = new LayoutFixtures();
        Path source = f.crioArchive(tmp);
        Path out = tmp.resolve("given.tar");
        String id = "a".repeat(64);
        BuildOptions.ImageLookup never = name -> {
            throw new AssertionError("looked up " + name);
        };
        CheckpointImageBuilder.Result r = new CheckpointImageBuilder().build(source, NAME, out, false,
                new BuildOptions("sha256:" + id, "localhost/other:2", null, never), InspectListener.NONE);
        JsonNode config = JSON.readTree(layer(out).get("config.dump"));
        assertThat(config.path("rootfsImageID").asText()).isEqualTo(id);
        assertThat(config.path("rootfsImageName").asText()).isEqualTo("localhost/other:2");
        assertThat(r.warnings()).contains("rootfsImageID " + id + ": given with --rootfs-image-id");
    }

    @Test
    void aMissingImageIdIsRefusedNamingTheOptionAndNothingIsWritten() throws Exception {
        LayoutFixtures f = new LayoutFixtures();
        Path source = f.crioArchive(tmp);
        // a CRI-O record without rootfsImageRef: the id is nowhere in the checkpoint
        Path stripped = f.crioArchiveWithoutImageId(tmp.resolve("stripped"));
        Path out = tmp.resolve("refused.tar");
        assertThatThrownBy(() -> new CheckpointImageBuilder().build(stripped, NAME, out, false, BuildOptions.none(),
                InspectListener.NONE)).isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("records no Podman image id: give --rootfs-image-id ID");
        BuildOptions.ImageLookup none = name -> Optional.empty();
        assertThatThrownBy(() -> new CheckpointImageBuilder().build(stripped, NAME, out, false,
                new BuildOptions(null, null, null, none), InspectListener.NONE))
                .hasMessageContaining("the local image store has no image " + f.imageName());
        assertThat(out).doesNotExist();
        assertThat(Files.list(tmp).filter(p -> p.getFileName().toString().startsWith(".refused"))).isEmpty();
        assertThat(source).exists();
        assertThatThrownBy(() -> new CheckpointImageBuilder().build(source, NAME, out, false,
                new BuildOptions("not-an-id", null, null, null), InspectListener.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--rootfs-image-id");
    }

    @Test
    void aLookedUpIdIsSaidToComeFromTheLookup() throws Exception {
        LayoutFixtures f = new LayoutFixtures();
        Path stripped = f.crioArchiveWithoutImageId(tmp);
        Path out = tmp.resolve("looked-up.tar");
        String id = "b".repeat(64);
        CheckpointImageBuilder.Result r = new CheckpointImageBuilder().build(stripped, NAME, out, false,
                new BuildOptions(null, null, null, name -> Optional.of(id)), InspectListener.NONE);
        assertThat(JSON.readTree(layer(out).get("config.dump")).path("rootfsImageID").asText()).isEqualTo(id);
        assertThat(r.warnings()).anyMatch(w -> w.startsWith("rootfsImageID " + id + ": not in the checkpoint; the "
                + "id of " + f.imageName() + " as the local image store has it"));
    }

    @Test
    void aPodmanExportIsWrittenAsItIsUnlessACriuConfigurationIsGiven() throws Exception {
        Path source = io.checkpointinspector.inspect.Fixtures.path("podman-none.tar");
        Path plain = tmp.resolve("plain.tar");
        new CheckpointImageBuilder().build(source, NAME, plain, false, BuildOptions.none(), InspectListener.NONE);
        assertThat(layer(plain)).doesNotContainKeys("config.dump.podman", "spec.dump.podman");
        Path criu = Files.writeString(tmp.resolve("c.conf"), "tcp-established\n");
        Path with = tmp.resolve("with.tar");
        new CheckpointImageBuilder().build(source, NAME, with, false, new BuildOptions(null, null, criu, null),
                InspectListener.NONE);
        Map<String, byte[]> layer = layer(with);
        assertThat(layer).containsKey("spec.dump.podman").doesNotContainKey("config.dump.podman");
        assertThat(JSON.readTree(layer.get("spec.dump")).path("annotations").path("org.criu.config").asText())
                .isEqualTo("checkpoint/criu.conf");
        assertThat(layer.get("config.dump")).isEqualTo(layer(plain).get("config.dump"));
    }
}
