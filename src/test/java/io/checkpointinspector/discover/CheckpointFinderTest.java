package io.checkpointinspector.discover;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkpointinspector.inspect.CheckpointInspector;
import io.checkpointinspector.inspect.InspectListener;
import io.checkpointinspector.model.Checkpoint;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFinderTest {

    /** 2020 and 2030: the real zstd fixture (2026) sorts between them. */
    private static final long OLDER = 1_600_000_000_000L;
    private static final long NEWER = 1_900_000_000_000L;

    @TempDir
    Path tmp;

    private static ScanReport scan(Place... places) {
        return new CheckpointFinder(ScanLimits.defaults()).scan(List.of(places));
    }

    @Test
    void kubeletFolderListsArchivesByContentNewestFirstAndReadsThemAsShowDoes() throws Exception {
        Path kubelet = Files.createDirectories(tmp.resolve("checkpoints"));
        Path older = Files.write(kubelet.resolve("checkpoint-pod_ns-ctr-2023.tar"), Stores.checkpointTar(OLDER));
        // named like nothing in particular: recognised by its bytes
        Path newer = Files.write(kubelet.resolve("data.bin"), Stores.checkpointTar(NEWER));
        Path zstd = Files.copy(Stores.FIXTURES.resolve("podman-zstd.tar.zst"), kubelet.resolve("x.tar.zst"));
        Files.writeString(kubelet.resolve("notes.txt"), "not a checkpoint");
        Files.write(kubelet.resolve("other.tar"), io.checkpointinspector.fuzz.FuzzSupport.tar(
                java.util.Map.of("etc/passwd", "root:x:0:0".getBytes())));
        Files.createSymbolicLink(kubelet.resolve("link.tar"), older);

        ScanReport report = scan(new Place(kubelet, PlaceKind.KUBELET));

        assertThat(report.rows()).extracting(FoundCheckpoint::path)
                .containsExactly(newer.toString(), zstd.toString(), older.toString())
                .doesNotContain(kubelet.resolve("link.tar").toString());
        Checkpoint shown = new CheckpointInspector().inspect(zstd, InspectListener.NONE);
        FoundCheckpoint z = report.rows().get(1);
        assertThat(z.container()).isEqualTo(shown.container().name()).isEqualTo("ci-fixture");
        assertThat(z.engine()).isEqualTo(shown.container().engine()).isEqualTo("Podman");
        assertThat(z.checkpointed()).isEqualTo(shown.container().checkpointed()).isNotNull();
        assertThat(z.bytes()).isEqualTo(Files.size(zstd));
        assertThat(z.error()).isNull();
        assertThat(report.rows().get(0).time()).isEqualTo(Instant.ofEpochMilli(NEWER));
        assertThat(report.rows().get(2).time()).isEqualTo(Instant.ofEpochMilli(OLDER));
        assertThat(report.rows()).allMatch(r -> r.place() == PlaceKind.KUBELET && r.where() == null);
        assertThat(report.notes()).isEmpty();
        assertThat(report.cutShort()).isFalse();
    }

    @Test
    void hostileAndBrokenFilesAreRowsWithTheirErrorAndTheScanGoesOn() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("evidence"));
        byte[] garbage = new byte[4096];
        new Random(11).nextBytes(garbage);
        garbage[0] = 0x1f;
        garbage[1] = (byte) 0x8b;
        garbage[2] = 8;
        Path gz = Files.write(dir.resolve("broken.gz"), garbage);
        byte[] zstd = Files.readAllBytes(Stores.FIXTURES.resolve("podman-zstd.tar.zst"));
        Path cut = Files.write(dir.resolve("cut.tar.zst"), java.util.Arrays.copyOf(zstd, zstd.length / 3));
        Path good = Files.write(dir.resolve("good.tar"), Stores.checkpointTar(OLDER));
        // a checkpoint whose pages entry claims far more bytes than the file holds
        byte[] lying = Stores.checkpointTar(OLDER);
        int header = headerOf(lying, "checkpoint/pages-1.img");
        System.arraycopy("77777777777".getBytes(), 0, lying, header + 124, 11);
        fixChecksum(lying, header);
        Path liar = Files.write(dir.resolve("lying.tar"), lying);
        // a tar that claims 8 GiB in its first header: nothing in it can be told to be a checkpoint
        byte[] opaque = Stores.checkpointTar(OLDER);
        System.arraycopy("77777777777".getBytes(), 0, opaque, 124, 11);
        fixChecksum(opaque, 0);
        Path unknown = Files.write(dir.resolve("opaque.tar"), opaque);

        ScanReport report = scan(new Place(dir, PlaceKind.USER));

        assertThat(report.rows()).extracting(FoundCheckpoint::path)
                .contains(gz.toString(), cut.toString(), good.toString(), liar.toString());
        FoundCheckpoint broken = row(report, gz);
        assertThat(broken.error()).contains(gz.toString()).contains("gzip");
        assertThat(broken.bytes()).isEqualTo(4096L);
        assertThat(row(report, good).error()).isNull();
        // read up to the cut, as show does (the cut is a warning of the model, not a failure)
        assertThat(row(report, liar).container()).isEqualTo("ci-fixture");
        assertThat(report.rows()).extracting(FoundCheckpoint::path).doesNotContain(unknown.toString());
        // readable rows come before broken ones of no time
        assertThat(report.rows().get(0).readable()).isTrue();
    }

    @Test
    void bigCompressedFilesAreListedNotRead() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("big"));
        Path big = dir.resolve("huge.tar.zst");
        Files.copy(Stores.FIXTURES.resolve("podman-zstd.tar.zst"), big);
        long size = Files.size(big);
        ScanReport report = new CheckpointFinder(new ScanLimits(2, 100, Duration.ofSeconds(10), size - 1))
                .scan(List.of(new Place(dir, PlaceKind.USER)));
        assertThat(report.rows()).singleElement().satisfies(r -> {
            assertThat(r.bytes()).isEqualTo(size);
            assertThat(r.container()).isNull();
            assertThat(r.error()).startsWith("not read here: a compressed archive");
        });
    }

    @Test
    void unpackedCheckpointFoldersAreRowsAndNotDescendedInto() throws Exception {
        Path recent = Files.createDirectories(tmp.resolve("recent"));
        Path unpacked = Stores.unpack(recent.resolve("unpacked"));
        Files.write(unpacked.resolve("checkpoint").resolve("nested.tar"), Stores.checkpointTar(NEWER));
        // an ML-style folder named checkpoint without CRIU images is nothing of ours
        Files.createDirectories(recent.resolve("model").resolve("checkpoint"));
        ScanReport report = scan(new Place(recent, PlaceKind.RECENT));
        assertThat(report.rows()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo(unpacked.toString());
            assertThat(r.container()).isEqualTo("ci-fixture");
            assertThat(r.place()).isEqualTo(PlaceKind.RECENT);
        });
    }

    @Test
    void recentFoldersAreTheFoldersOfRecentCheckpointsEachOnce() {
        List<Place> places = Places.recentFolders(List.of("/a/b/one.tar", "/a/b/two.tar", "/a/c/unpacked", "x\0y"));
        assertThat(places).containsExactly(new Place(Path.of("/a/b"), PlaceKind.RECENT),
                new Place(Path.of("/a/c"), PlaceKind.RECENT));
        assertThat(Places.defaults(Path.of("/home/u"), List.of("/a/b/one.tar"))).extracting(Place::path)
                .containsExactly(Places.KUBELET, Places.PODMAN_ROOT, Path.of("/home/u/.local/share/containers/storage"),
                        Places.CONTAINERD_CONTENT, Path.of("/a/b"));
    }

    @Test
    void placesThatCannotBeReadAreNotesNeverErrors() throws Exception {
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        ScanReport report = scan(new Place(tmp.resolve("missing"), PlaceKind.KUBELET),
                new Place(file, PlaceKind.RECENT),
                new Place(tmp.resolve("no-storage"), PlaceKind.PODMAN_STORAGE),
                new Place(file, PlaceKind.CONTAINERD_CONTENT));
        assertThat(report.rows()).isEmpty();
        assertThat(report.notes()).containsExactly(
                "kubelet " + tmp.resolve("missing") + ": skipped, missing",
                "recent folder " + file + ": skipped, not a folder",
                "Podman storage " + tmp.resolve("no-storage") + ": skipped, missing",
                "containerd content store " + file + ": skipped, not a folder");
        assertThat(ScanContext.reason(new AccessDeniedException("/x"))).isEqualTo("permission denied");
    }

    @Test
    void aFolderThisUserMayNotReadIsANote() throws Exception {
        Path locked = Files.createDirectories(tmp.resolve("locked"));
        Files.write(locked.resolve("c.tar"), Stores.checkpointTar(OLDER));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            boolean root = Files.isReadable(locked) && Files.isExecutable(locked);
            org.junit.jupiter.api.Assumptions.assumeFalse(root,
                    "running as root, who reads every folder (the non-root case is checked by hand, see README)");
            ScanReport report = scan(new Place(locked, PlaceKind.KUBELET));
            assertThat(report.rows()).isEmpty();
            assertThat(report.notes()).containsExactly("kubelet " + locked + ": skipped, permission denied");
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void boundsCutTheScanShortAndSaySo() throws Exception {
        Path deep = Files.createDirectories(tmp.resolve("a/b/c"));
        Files.write(deep.resolve("deep.tar"), Stores.checkpointTar(OLDER));
        ScanReport shallow = new CheckpointFinder(new ScanLimits(2, 100, Duration.ofSeconds(10), 1 << 20))
                .scan(List.of(new Place(tmp.resolve("a"), PlaceKind.USER)));
        assertThat(shallow.rows()).isEmpty();
        assertThat(shallow.cutShort()).isTrue();
        assertThat(shallow.notes()).containsExactly("folder " + tmp.resolve("a")
                + ": 1 folder deeper than 2 not searched (the depth bound)");
        ScanReport deeper = new CheckpointFinder(new ScanLimits(3, 100, Duration.ofSeconds(10), 1 << 20))
                .scan(List.of(new Place(tmp.resolve("a"), PlaceKind.USER)));
        assertThat(deeper.rows()).hasSize(1);
        assertThat(deeper.cutShort()).isFalse();

        Path many = Files.createDirectories(tmp.resolve("many"));
        for (int i = 0; i < 30; i++) {
            Files.writeString(many.resolve("f" + i), "x");
        }
        ScanReport entries = new CheckpointFinder(new ScanLimits(2, 10, Duration.ofSeconds(10), 1 << 20))
                .scan(List.of(new Place(many, PlaceKind.USER)));
        assertThat(entries.cutShort()).isTrue();
        assertThat(entries.notes()).containsExactly("folder " + many + ": stopped after 10 entries (the entries bound)");

        ScanReport timed = new CheckpointFinder(new ScanLimits(2, 100, Duration.ofNanos(1), 1 << 20))
                .scan(List.of(new Place(deep, PlaceKind.USER), new Place(many, PlaceKind.USER)));
        assertThat(timed.cutShort()).isTrue();
        assertThat(timed.rows()).isEmpty();
        assertThat(timed.notes()).first().asString().contains("time bound");
        assertThat(timed.notes()).contains("folder " + many + ": not reached");
    }

    @Test
    void cancellingReturnsWhatWasFoundSoFar() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("c"));
        Files.write(dir.resolve("c.tar"), Stores.checkpointTar(OLDER));
        ScanReport report = new CheckpointFinder(ScanLimits.defaults()).scan(List.of(new Place(dir, PlaceKind.USER)),
                () -> true);
        assertThat(report.rows()).isEmpty();
        assertThat(report.notes()).containsExactly("folder " + dir + ": not reached");
    }

    @Test
    void podmanCheckpointImagesAreReadInPlaceFromTheirLayerFolder() throws Exception {
        Path root = tmp.resolve("storage");
        String image = Stores.id('a');
        String layer = Stores.id('b');
        Path diff = Stores.unpack(root.resolve("overlay").resolve(layer).resolve("diff"));
        Stores.podmanImage(root, image, "localhost/ci-list-ckpt:latest", layer, Stores.podmanAnnotations("ci-fixture"));
        // an ordinary image: no annotations, never read
        String base = Stores.id('c');
        Stores.unpack(root.resolve("overlay").resolve(Stores.id('d')).resolve("diff"));
        Stores.podmanImage(root, base, "localhost/ci-busybox:latest", Stores.id('d'), null);
        // a checkpoint image whose layer is gone, and one naming a layer outside the store
        Stores.podmanImage(root, Stores.id('e'), "localhost/gone:latest", Stores.id('f'),
                Stores.podmanAnnotations("gone"));
        Stores.podmanImage(root, Stores.id('1'), "localhost/evil:latest", "../../../etc",
                Stores.podmanAnnotations("evil"));

        ScanReport report = scan(new Place(root, PlaceKind.PODMAN_STORAGE));

        assertThat(report.rows()).hasSize(3);
        FoundCheckpoint ok = report.rows().get(0);
        assertThat(ok.path()).isEqualTo(diff.toString());
        assertThat(ok.where()).isEqualTo("image localhost/ci-list-ckpt:latest");
        assertThat(ok.container()).isEqualTo("ci-fixture");
        assertThat(ok.engine()).isEqualTo("Podman");
        assertThat(ok.checkpointed()).isNotNull();
        assertThat(ok.error()).isNull();
        assertThat(report.rows().stream().filter(r -> "gone".equals(r.container())).findFirst().orElseThrow().error())
                .contains("is missing");
        assertThat(report.rows().stream().filter(r -> "evil".equals(r.container())).findFirst().orElseThrow().error())
                .contains("malformed").contains("../../../etc");
    }

    @Test
    void aBrokenPodmanImageListIsARow() throws Exception {
        Path root = tmp.resolve("storage");
        Files.createDirectories(root.resolve("overlay-images"));
        Files.writeString(root.resolve("overlay-images/images.json"), "[{\"id\": ");
        ScanReport report = scan(new Place(root, PlaceKind.PODMAN_STORAGE));
        assertThat(report.rows()).singleElement().satisfies(r -> {
            assertThat(r.error()).contains("images.json").contains("malformed JSON");
            assertThat(r.where()).isEqualTo("image list");
        });
        Path empty = Files.createDirectories(tmp.resolve("empty-storage"));
        assertThat(scan(new Place(empty, PlaceKind.PODMAN_STORAGE)).notes()).containsExactly("Podman storage " + empty
                + ": no image list of a driver this version reads (overlay, vfs)");
    }

    @Test
    void containerdCheckpointIndexesAreFoundAmongTheBlobs() throws Exception {
        Path content = tmp.resolve("io.containerd.content.v1.content");
        String index = Stores.id('9');
        Stores.blob(content, index, Stores.containerdIndex("localhost/ci-busybox:latest"));
        Stores.blob(content, Stores.id('8'), "{\"schemaVersion\":2,\"mediaType\":"
                + "\"application/vnd.docker.distribution.manifest.v2+json\",\"layers\":[]}");
        Stores.blob(content, Stores.id('7'), "{\"manifests\":[{\"mediaType\":"
                + "\"application/vnd.containerd.container.criu.checkpoint.criu.tar\", broken");
        Files.copy(Stores.FIXTURES.resolve("podman-none.tar"), content.resolve("blobs/sha256").resolve(Stores.id('6')),
                StandardCopyOption.REPLACE_EXISTING);
        Stores.blob(content, "not-a-digest", Stores.containerdIndex("x"));

        ScanReport report = scan(new Place(content, PlaceKind.CONTAINERD_CONTENT));

        assertThat(report.rows()).hasSize(2);
        FoundCheckpoint found = report.rows().stream().filter(r -> r.image() != null).findFirst().orElseThrow();
        assertThat(found.engine()).isEqualTo("containerd");
        assertThat(found.image()).isEqualTo("localhost/ci-busybox:latest");
        assertThat(found.where()).isEqualTo("image index sha256:" + index.substring(0, 12));
        assertThat(found.bytes()).isEqualTo(28L + 131 + 174080 + 2926);
        // its blobs are not there: the row says so, and names the index blob that Open… would be given
        assertThat(found.error()).isNotNull();
        assertThat(found.path()).isEqualTo(content.resolve("blobs/sha256").resolve(index).toString());
        FoundCheckpoint broken = report.rows().stream().filter(r -> r.image() == null).findFirst().orElseThrow();
        assertThat(broken.error()).contains("malformed JSON");
    }

    @Test
    void aContainerdCheckpointInTheContentStoreIsReadAsShowReadsItsIndexBlob() throws Exception {
        Path content = tmp.resolve("io.containerd.content.v1.content");
        Path index = Stores.containerdStore(content);
        Checkpoint shown = new CheckpointInspector().inspect(index, new InspectListener() { });

        ScanReport report = scan(new Place(content, PlaceKind.CONTAINERD_CONTENT));

        assertThat(report.rows()).hasSize(1);
        FoundCheckpoint row = report.rows().get(0);
        assertThat(row.error()).isNull();
        assertThat(row.path()).as("the index blob opens it").isEqualTo(index.toString());
        assertThat(row.engine()).isEqualTo("containerd").isEqualTo(shown.container().engine());
        assertThat(row.container()).isEqualTo(shown.container().id());
        assertThat(row.checkpointed()).isEqualTo(shown.container().checkpointed()).isNotNull();
        assertThat(row.image()).isEqualTo("localhost/base:latest");
        assertThat(row.where()).isEqualTo("image index sha256:" + index.getFileName().toString().substring(0, 12));

        ScanReport tooBig = new CheckpointFinder(new ScanLimits(2, 100, Duration.ofSeconds(10), 16))
                .scan(List.of(new Place(content, PlaceKind.CONTAINERD_CONTENT)));
        assertThat(tooBig.rows().get(0).error()).startsWith("not read here: its rw layer of");
        assertThat(tooBig.rows().get(0).path()).isEqualTo(index.toString());
    }

    @Test
    void newestFirstThenUntimedReadableThenBroken() {
        FoundCheckpoint a = row("2024-01-01T00:00:00Z", "/a", null);
        FoundCheckpoint b = row("2025-06-01T10:00:00+02:00", "/b", null);
        FoundCheckpoint c = row(null, "/c", null);
        FoundCheckpoint d = row(null, "/d", "broken");
        FoundCheckpoint e = row("not a time", "/e", null);
        List<FoundCheckpoint> rows = new java.util.ArrayList<>(List.of(d, c, a, e, b));
        rows.sort(CheckpointFinder.newestFirst());
        assertThat(rows).containsExactly(b, a, c, e, d);
    }

    private static FoundCheckpoint row(String time, String path, String error) {
        return new FoundCheckpoint("x", "Podman", null, time, 1L, path, PlaceKind.USER, null, error);
    }

    private static FoundCheckpoint row(ScanReport report, Path p) {
        return report.rows().stream().filter(r -> p.toString().equals(r.path())).findFirst().orElseThrow();
    }

    private static int headerOf(byte[] tar, String name) {
        byte[] n = name.getBytes();
        for (int off = 0; off + 512 <= tar.length; off += 512) {
            if (java.util.Arrays.equals(tar, off, off + n.length, n, 0, n.length) && tar[off + n.length] == 0) {
                return off;
            }
        }
        throw new IllegalArgumentException("no header for " + name);
    }

    private static void fixChecksum(byte[] tar, int off) {
        java.util.Arrays.fill(tar, off + 148, off + 156, (byte) ' ');
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += tar[off + i] & 0xff;
        }
        byte[] octal = String.format("%06o\0 ", sum).getBytes();
        System.arraycopy(octal, 0, tar, off + 148, 8);
    }

}
