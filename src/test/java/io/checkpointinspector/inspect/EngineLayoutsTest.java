package io.checkpointinspector.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.model.CheckpointedContainer;
import io.checkpointinspector.model.MountInfo;
import io.checkpointinspector.model.ProcessInfo;
import io.checkpointinspector.model.RootfsEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Podman checkpoint reshaped as CRI-O, containerd, an unpacked directory, a bare CRIU image directory and an
 * unknown layout ({@link LayoutFixtures}); each must give the engine's metadata where the layout holds it, and the
 * process tree recorded in expected.json in every case.
 */
class EngineLayoutsTest {

    @TempDir
    static Path tmp;

    private static LayoutFixtures layouts;
    private static JsonNode expected;
    private static Checkpoint crio;
    private static Checkpoint containerd;
    private static Checkpoint unpacked;
    private static Checkpoint bare;
    private static Checkpoint unknown;
    private static Path crioPath;
    private static Path containerdPath;

    @BeforeAll
    static void buildAndInspect() throws IOException {
        layouts = new LayoutFixtures();
        expected = layouts.expected();
        crioPath = layouts.crioArchive(tmp);
        containerdPath = layouts.containerdArchive(tmp);
        crio = inspect(crioPath);
        containerd = inspect(containerdPath);
        unpacked = inspect(layouts.unpackedDirectory(tmp));
        bare = inspect(layouts.bareCriuDirectory(tmp));
        unknown = inspect(layouts.unknownLayout(tmp));
    }

    private static Checkpoint inspect(Path path) throws IOException {
        return new CheckpointInspector().inspect(path, InspectListener.NONE);
    }

    @Nested
    class Crio {

        @Test
        void archiveHasCrioEntriesAndNoNetworkStatus() throws IOException {
            List<String> names = tarNames(crioPath);
            assertThat(names).contains("config.dump", "spec.dump", "bind.mounts", "stats-dump", "dump.log",
                    "rootfs-diff.tar", "deleted.files", LayoutFixtures.CRIO_LOG_ENTRY, "checkpoint/pstree.img");
            assertThat(names).doesNotContain("network.status", "ctr.log", "status", "status.dump");
            assertThat(crio.source().kind()).isEqualTo("TAR_ARCHIVE");
            assertThat(crio.source().compression()).isEqualTo("NONE");
        }

        @Test
        void containerMetadataFromAnnotationsAndReducedConfigDump() {
            CheckpointedContainer c = crio.container();
            assertThat(c.engine()).isEqualTo("CRI-O");
            // io.kubernetes.cri-o.Metadata's name, not config.dump's k8s_ci-fixture_ci-pod_... name
            assertThat(c.name()).isEqualTo(expected.path("containerName").asText());
            assertThat(c.id()).isEqualTo(expected.path("containerId").asText());
            assertThat(c.pod()).isEqualTo(LayoutFixtures.POD);
            assertThat(c.namespace()).isEqualTo(LayoutFixtures.NAMESPACE);
            assertThat(c.ip()).isEqualTo(LayoutFixtures.CRIO_IP);
            assertThat(c.mac()).as("CRI-O records no MAC").isNull();
            assertThat(c.created()).isEqualTo(expected.path("created").asText());
            assertThat(c.checkpointed()).as("config.dump checkpointedTime, not inventory.img's mtime")
                    .isEqualTo(LayoutFixtures.CRIO_CHECKPOINTED);
            assertThat(c.image()).isEqualTo(expected.path("image").asText());
            assertThat(c.imageId()).isEqualTo(expected.path("imageId").asText());
            assertThat(c.runtime()).isEqualTo(LayoutFixtures.CRIO_RUNTIME);
            assertThat(c.annotations()).containsEntry("io.container.manager", "cri-o")
                    .containsEntry("io.kubernetes.cri-o.IP.0", LayoutFixtures.CRIO_IP);
        }

        @Test
        void criuVersionFromTopLevelDumpLog() {
            assertThat(crio.criu().version()).isEqualTo(LayoutFixtures.CRIU_VERSION);
            assertThat(crio.criu().arch()).isEqualTo("x86_64");
        }

        @Test
        void mountsFromSpecIncludeTheBindMountsListedInBindMounts() {
            List<String> destinations = crio.mounts().stream().map(MountInfo::destination).toList();
            assertThat(destinations).containsAll(layouts.crioBindMountDestinations());
            assertThat(destinations).contains("/proc", "/dev/shm", "/run/.containerenv");
        }

        @Test
        void processTree() {
            assertProcessTree(crio);
        }

        @Test
        void rootfsDiffAndDeletedFiles() {
            assertPodmanRootfs(crio);
            assertThat(crio.rootfsDiff().deleted()).containsExactlyElementsOf(Fixtures.texts(expected.at("/rootfs/deleted")));
        }

        @Test
        void noMissingOrBrokenFileWarnings() {
            assertThat(crio.warnings()).noneMatch(w -> w.contains("missing") || w.contains("not valid JSON")
                    || w.startsWith("unknown layout"));
        }
    }

    @Nested
    class Containerd {

        @Test
        void archiveHasContainerdEntriesAndGzipRootfsDiff() throws IOException {
            List<String> names = tarNames(containerdPath);
            assertThat(names).contains("config.dump", "spec.dump", "status", "status.dump", "stats-dump",
                    "container.log", "dump.log", "rootfs-diff.tar", "checkpoint/pstree.img");
            assertThat(names).doesNotContain("network.status", "deleted.files", "bind.mounts");
            byte[] diff = layouts.containerdRwLayer();
            assertThat(diff[0] & 0xff).as("gzip magic").isEqualTo(0x1f);
            assertThat(diff[1] & 0xff).isEqualTo(0x8b);
            assertThat(containerd.source().compression()).as("the outer tar is not compressed").isEqualTo("NONE");
        }

        @Test
        void containerMetadataFromCriAnnotationsAndConfigDump() {
            CheckpointedContainer c = containerd.container();
            assertThat(c.engine()).isEqualTo("containerd");
            // io.kubernetes.cri.container-name, not config.dump's ci-fixture_ci-pod_... name
            assertThat(c.name()).isEqualTo(expected.path("containerName").asText());
            assertThat(c.id()).isEqualTo(expected.path("containerId").asText());
            assertThat(c.pod()).isEqualTo(LayoutFixtures.POD);
            assertThat(c.namespace()).isEqualTo(LayoutFixtures.NAMESPACE);
            assertThat(c.ip()).as("containerd records no IP in a container checkpoint").isNull();
            assertThat(c.mac()).as("containerd records no MAC").isNull();
            assertThat(c.created()).isEqualTo(expected.path("created").asText());
            assertThat(c.checkpointed()).isEqualTo(LayoutFixtures.CONTAINERD_CHECKPOINTED);
            assertThat(c.image()).isEqualTo(expected.path("image").asText());
            assertThat(c.imageId()).isEqualTo("sha256:" + expected.path("imageId").asText());
            assertThat(c.runtime()).isEqualTo(LayoutFixtures.CONTAINERD_RUNTIME);
            assertThat(c.annotations()).containsEntry("io.kubernetes.cri.sandbox-name", LayoutFixtures.POD)
                    .doesNotContainKey("io.container.manager");
        }

        @Test
        void criuVersionFromTopLevelDumpLog() {
            assertThat(containerd.criu().version()).isEqualTo(LayoutFixtures.CRIU_VERSION);
        }

        @Test
        void processTree() {
            assertProcessTree(containerd);
        }

        @Test
        void gzipRootfsDiffIsListed() throws IOException {
            assertPodmanRootfs(containerd);
            List<String> paths = containerd.rootfsDiff().entries().stream().map(RootfsEntry::path).toList();
            // the rw layer also holds the changed file (Podman's and CRI-O's tars hold only added files)
            assertThat(paths).contains(LayoutFixtures.CHANGED_FILE);
            RootfsEntry changed = containerd.rootfsDiff().entries().stream()
                    .filter(e -> e.path().equals(LayoutFixtures.CHANGED_FILE)).findFirst().orElseThrow();
            assertThat(changed.size()).isEqualTo(
                    expected.at("/rootfs/files").path(LayoutFixtures.CHANGED_FILE).asText().length());
            assertThat(containerd.sizes().rootfsDiffBytes()).as("size of the compressed entry")
                    .isEqualTo(layouts.containerdRwLayer().length);
            assertThat(containerd.warnings()).noneMatch(w -> w.contains("rootfs-diff.tar"));
        }

        @Test
        void whiteoutIsReportedAsDeleted() {
            assertThat(containerd.rootfsDiff().deleted()).containsExactlyElementsOf(
                    Fixtures.texts(expected.at("/rootfs/deleted")));
            assertThat(containerd.rootfsDiff().entries()).extracting(RootfsEntry::path)
                    .doesNotContain(layouts.containerdWhiteout());
        }

        @Test
        void noMissingOrBrokenFileWarnings() {
            assertThat(containerd.warnings()).noneMatch(w -> w.contains("missing") || w.contains("not valid JSON")
                    || w.startsWith("unknown layout"));
        }
    }

    @Nested
    class UnpackedDirectory {

        @Test
        void podmanMetadata() {
            CheckpointedContainer c = unpacked.container();
            assertThat(unpacked.source().kind()).isEqualTo("CHECKPOINT_DIRECTORY");
            assertThat(c.engine()).isEqualTo("Podman");
            assertThat(c.name()).isEqualTo(expected.path("containerName").asText());
            assertThat(c.id()).isEqualTo(expected.path("containerId").asText());
            assertThat(c.image()).isEqualTo(expected.path("image").asText());
            assertThat(c.imageId()).isEqualTo(expected.path("imageId").asText());
            assertThat(c.runtime()).isEqualTo(expected.path("runtime").asText());
            assertThat(c.created()).isEqualTo(expected.path("created").asText());
            assertThat(c.checkpointed()).as("from inventory.img's mtime").isNotNull();
            assertThat(c.pod()).isNull();
            assertThat(c.ip()).as("network none").isNull();
            assertThat(unpacked.warnings()).noneMatch(w -> w.contains("missing") || w.startsWith("unknown layout"));
        }

        @Test
        void processTree() {
            assertProcessTree(unpacked);
        }

        @Test
        void rootfsDiff() {
            assertPodmanRootfs(unpacked);
            assertThat(unpacked.rootfsDiff().deleted()).containsExactlyElementsOf(
                    Fixtures.texts(expected.at("/rootfs/deleted")));
        }
    }

    @Nested
    class BareCriuDirectory {

        @Test
        void processesWithoutContainerMetadata() {
            assertThat(bare.source().kind()).isEqualTo("CRIU_IMAGE_DIRECTORY");
            CheckpointedContainer c = bare.container();
            assertThat(c.engine()).isNull();
            assertThat(c.name()).isNull();
            assertThat(c.id()).isNull();
            assertThat(c.image()).isNull();
            assertThat(c.imageId()).isNull();
            assertThat(c.runtime()).isNull();
            assertThat(c.created()).isNull();
            assertThat(c.pod()).isNull();
            assertThat(c.namespace()).isNull();
            assertThat(c.ip()).isNull();
            assertThat(c.mac()).isNull();
            assertThat(c.annotations()).isEmpty();
            assertThat(bare.mounts()).isEmpty();
            assertThat(bare.warnings()).as("a bare CRIU directory has no engine by nature")
                    .noneMatch(w -> w.startsWith("unknown layout"));
            assertThat(bare.rootfsDiff().entries()).isEmpty();
            assertThat(bare.criu().arch()).isEqualTo("x86_64");
        }

        @Test
        void processTree() {
            assertProcessTree(bare);
        }

        @Test
        void noWarningAboutMissingSpecDump() {
            assertThat(bare.warnings()).noneMatch(w -> w.contains("spec.dump is missing"));
        }
    }

    @Nested
    class UnknownLayout {

        @Test
        void engineIsNotNamedAndAWarningSaysSo() {
            assertThat(unknown.container().engine()).isNull();
            assertThat(unknown.warnings()).anyMatch(w -> w.startsWith("unknown layout"));
            assertThat(unknown.container().name()).isNull();
            assertThat(unknown.container().pod()).isNull();
        }

        @Test
        void specMountsAndProcessesStillRead() {
            assertThat(unknown.mounts()).extracting(MountInfo::destination).contains("/proc", "/etc/hostname");
            assertProcessTree(unknown);
        }
    }

    /**
     * ContainerMetadata on its own, for what an archive cannot reach through CheckpointInspector yet: ModelBuilder
     * does not pass status.dump, and containerd archives from before config.dump carried createdTime.
     */
    @Nested
    class ContainerdStatusFiles {

        @Test
        void statusDumpSuppliesNamePodNamespaceImageAndCreated() {
            ObjectNode config = LayoutFixtures.JSON.createObjectNode();
            config.put("id", layouts.containerId());
            ObjectNode spec = LayoutFixtures.JSON.createObjectNode();
            spec.putObject("annotations");
            CheckpointedContainer c = new ContainerMetadata(config, spec, layouts.containerdStatus(),
                    layouts.containerdStatusDump(), null, Map.of()).containerInfo();
            assertThat(c.engine()).isEqualTo("containerd");
            assertThat(c.name()).isEqualTo("ci-fixture");
            assertThat(c.pod()).isEqualTo(LayoutFixtures.POD);
            assertThat(c.namespace()).isEqualTo(LayoutFixtures.NAMESPACE);
            assertThat(c.image()).isEqualTo(layouts.imageName());
            assertThat(c.imageId()).isEqualTo("sha256:" + layouts.imageId());
            assertThat(c.created()).as("created_at nanoseconds").isEqualTo(layouts.created());
        }

        @Test
        void statusFileCreatedAtNanosecondsBecomesAnInstant() {
            CheckpointedContainer c = new ContainerMetadata(null, null, layouts.containerdStatus(), null, null, Map.of())
                    .containerInfo();
            assertThat(c.engine()).isEqualTo("containerd");
            assertThat(c.created()).isEqualTo(layouts.created());
            assertThat(c.id()).isNull();
            assertThat(c.name()).isNull();
        }

        @Test
        void goZeroTimeIsAbsent() {
            ObjectNode config = layouts.crioConfigDump();
            config.put("checkpointedTime", "0001-01-01T00:00:00Z");
            CheckpointedContainer c = new ContainerMetadata(config, layouts.crioSpec(), null, null, Map.of())
                    .containerInfo();
            assertThat(c.checkpointed()).isNull();
        }

        @Test
        void podmanSpecWithoutManagerIsNotTakenForCrio() {
            // Podman also writes io.kubernetes.cri-o.Created and .TTY; only CRI-O writes .Metadata and .IP.n
            ObjectNode spec = layouts.podmanSpec();
            ((ObjectNode) spec.path("annotations")).remove("io.container.manager");
            assertThat(new ContainerMetadata(null, spec, null, null, Map.of()).engine()).isNull();
        }
    }

    // ---------------------------------------------------------------- shared assertions

    private static void assertProcessTree(Checkpoint c) {
        JsonNode truth = expected.path("processes");
        assertThat(c.processes()).extracting(ProcessInfo::pid)
                .containsExactlyInAnyOrderElementsOf(ints(truth, "pid"));
        for (JsonNode want : truth) {
            int pid = want.path("pid").asInt();
            ProcessInfo got = c.processes().stream().filter(p -> p.pid() == pid).findFirst().orElseThrow();
            assertThat(got.ppid()).as("ppid of %d", pid).isEqualTo(want.path("ppid").asInt());
            assertThat(got.comm()).as("comm of %d", pid).isEqualTo(want.path("comm").asText());
            assertThat(got.cmdline()).as("cmdline of %d", pid).isEqualTo(Fixtures.texts(want.path("cmdline")));
            assertThat(got.env()).as("env of %d", pid).isEqualTo(Fixtures.map(want.path("env")));
            assertThat(got.argsNote()).as("args note of %d", pid).isNull();
        }
    }

    private static void assertPodmanRootfs(Checkpoint c) {
        JsonNode rootfs = expected.path("rootfs");
        List<String> paths = c.rootfsDiff().entries().stream().map(RootfsEntry::path).toList();
        assertThat(paths).containsAll(Fixtures.texts(rootfs.path("added")));
        Optional<RootfsEntry> hello = c.rootfsDiff().entries().stream()
                .filter(e -> e.path().equals("/added/hello.txt")).findFirst();
        assertThat(hello).get().extracting(RootfsEntry::type, RootfsEntry::size)
                .containsExactly("file", (long) rootfs.path("files").path("/added/hello.txt").asText().length());
        assertThat(c.rootfsDiff().entries()).anySatisfy(e -> {
            assertThat(e.path()).isEqualTo("/added/link");
            assertThat(e.type()).isEqualTo("symlink");
            assertThat(e.link()).isEqualTo(rootfs.path("symlinks").path("/added/link").asText());
        });
        assertThat(c.sizes().rootfsDiffBytes()).isPositive();
    }

    private static List<String> tarNames(Path tar) throws IOException {
        List<String> out = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                out.add(e.getName());
            }
        }
        return out;
    }

    private static List<Integer> ints(JsonNode array, String field) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(field).asInt()));
        return out;
    }

}
