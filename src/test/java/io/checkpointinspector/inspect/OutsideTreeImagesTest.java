package io.checkpointinspector.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkpointinspector.criu.proto.PagemapHead;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.model.OutsideTreeImages;
import io.checkpointinspector.model.ProcessInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint directory reused by a later dump: the real Podman fixture plus the images an earlier dump left of two
 * pids the current pstree.img does not list. Pid 2's images are pid 9's, so its pagemap names pages-2.img, which
 * now holds pid 9's pages (the usual leftover: CRIU numbers pages images from 1 in every dump); pid 20's pagemap
 * (rewritten with the generated protobuf classes) names pages-6.img, which no process of the tree names.
 */
class OutsideTreeImagesTest {

    @TempDir
    Path tmp;

    private Path dir;

    @BeforeEach
    void reusedCheckpointDirectory() throws IOException {
        dir = tmp.resolve("i15-reused");
        try (InputStream in = Files.newInputStream(Fixtures.path("podman-none.tar"));
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                Path target = dir.resolve(e.getName()).normalize();
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else if (e.isFile()) {
                    Files.createDirectories(target.getParent());
                    Files.write(target, tar.readAllBytes());
                }
            }
        }
        Path images = dir.resolve("checkpoint");
        for (String kind : List.of("core", "mm", "pagemap")) {
            Files.copy(images.resolve(kind + "-9.img"), images.resolve(kind + "-2.img"));
        }
        Files.copy(images.resolve("core-12.img"), images.resolve("core-20.img"));
        Files.copy(images.resolve("mm-12.img"), images.resolve("mm-20.img"));
        Files.write(images.resolve("pagemap-20.img"), withPagesId(Files.readAllBytes(images.resolve("pagemap-12.img")),
                6));
        Files.copy(images.resolve("pages-4.img"), images.resolve("pages-6.img"));
    }

    /** The pagemap image with its head's pages_id replaced: magics, then length-prefixed records. */
    private static byte[] withPagesId(byte[] image, int pagesId) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        int headLength = b.getInt(8);
        PagemapHead head = PagemapHead.parseFrom(Arrays.copyOfRange(image, 12, 12 + headLength));
        assertThat(head.getPagesId()).isEqualTo(4);
        byte[] newHead = head.toBuilder().setPagesId(pagesId).build().toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(image, 0, 8);
        out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(newHead.length).array());
        out.write(newHead);
        out.write(image, 12 + headLength, image.length - 12 - headLength);
        return out.toByteArray();
    }

    /** The same directory as Podman exports it (zstd tar), in the order the files are listed, pstree.img last. */
    private Path zstdArchive() throws IOException {
        Path file = tmp.resolve("i15-reused.tar.zst");
        try (OutputStream out = new com.github.luben.zstd.ZstdOutputStream(Files.newOutputStream(file));
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
                Stream<Path> files = Files.walk(dir)) {
            List<Path> all = files.filter(Files::isRegularFile).sorted().toList();
            for (Path p : all) {
                TarArchiveEntry e = new TarArchiveEntry(p.toFile(), dir.relativize(p).toString());
                tar.putArchiveEntry(e);
                Files.copy(p, tar);
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    @Test
    void onlyPidsOfTheTreeAreProcessesAndTheOthersAreListedUnderOneWarningEach() throws IOException {
        Checkpoint c = new CheckpointInspector().inspect(dir, InspectListener.NONE);
        assertThat(c.processes()).extracting(ProcessInfo::pid).containsExactly(1, 9, 10, 12, 11);
        assertThat(c.imagesOutsideTree()).containsExactly(
                new OutsideTreeImages(2, List.of("core-2.img", "mm-2.img", "pagemap-2.img")),
                new OutsideTreeImages(20, List.of("core-20.img", "mm-20.img", "pagemap-20.img", "pages-6.img")));
        assertThat(c.warnings()).contains("checkpoint/: images of pid 2, not in the process tree (core-2.img, "
                + "mm-2.img, pagemap-2.img): left out of the processes; memory search includes them only when asked",
                "checkpoint/: images of pid 20, not in the process tree (core-20.img, mm-20.img, pagemap-20.img, "
                        + "pages-6.img): left out of the processes; memory search includes them only when asked");
    }

    @Test
    void aStalePagemapNamingATreeProcesssPagesDoesNotHideThatProcesssArguments() throws IOException {
        Checkpoint inPlace = new CheckpointInspector().inspect(dir, InspectListener.NONE);
        Checkpoint streamed = new CheckpointInspector().inspect(zstdArchive(), InspectListener.NONE);
        ProcessInfo sleep = streamed.processes().stream().filter(p -> p.pid() == 9).findFirst().orElseThrow();
        assertThat(sleep.argsNote()).isNull();
        assertThat(sleep.env()).isNotEmpty().isEqualTo(inPlace.processes().get(1).env());
        assertThat(sleep.cmdline()).isEqualTo(inPlace.processes().get(1).cmdline());
        for (ProcessInfo p : streamed.processes()) {
            assertThat(p.argsNote()).as("pid %d", p.pid()).isNull();
        }
    }

    @Test
    void memorySearchLooksAtTheTreeUnlessAskedAndLabelsHitsOutsideIt() throws IOException {
        for (Path source : List.of(dir, zstdArchive())) {
            Checkpoint c = new CheckpointInspector().inspect(source, InspectListener.NONE);
            MemoryAccess memory = new MemoryAccess(source, c);
            byte[] busybox = "/bin/busybox".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            MemorySearchResult tree = memory.search(busybox, OptionalInt.empty(), 100, InspectListener.NONE);
            assertThat(tree.hits()).isNotEmpty().allMatch(MemoryHit::inProcessTree)
                    .extracting(MemoryHit::pid).doesNotContain(2, 20).contains(9, 12);
            assertThat(tree.processes()).isEqualTo(5);

            MemorySearchResult all = memory.search(new SearchPattern.Bytes(busybox, "bytes"), MemoryFilter.ALL, true,
                    100, InspectListener.NONE);
            Map<Boolean, List<MemoryHit>> byTree = all.hits().stream()
                    .collect(java.util.stream.Collectors.partitioningBy(MemoryHit::inProcessTree));
            assertThat(byTree.get(true)).hasSameSizeAs(tree.hits());
            // pid 20's pages are a copy of pid 12's, at the same addresses
            assertThat(byTree.get(false)).isNotEmpty().allMatch(h -> h.pid() == 20)
                    .extracting(MemoryHit::address).containsExactlyElementsOf(tree.hits().stream()
                            .filter(h -> h.pid() == 12).map(MemoryHit::address).toList());
            assertThat(all.processes()).isEqualTo(6);
            assertThat(all.warnings()).contains("pagemap-2.img (pid 2, not in the process tree) names pages-2.img,"
                    + " which holds the pages of pid 9: pid 2 not searched");
        }
    }

    @Test
    void aParentCycleIsCutWhereTheWarningSays() throws IOException {
        // pstree.img rewritten so that pid 1 (the container's init) names pid 9, its own child, as parent.
        Path pstree = dir.resolve("checkpoint/pstree.img");
        byte[] image = Files.readAllBytes(pstree);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(image, 0, 8);
        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        int at = 8;
        while (at < image.length) {
            int len = b.getInt(at);
            io.checkpointinspector.criu.proto.PstreeEntry e = io.checkpointinspector.criu.proto.PstreeEntry
                    .parseFrom(Arrays.copyOfRange(image, at + 4, at + 4 + len));
            if (e.getPid() == 1) {
                e = e.toBuilder().setPpid(9).build();
            }
            byte[] rec = e.toByteArray();
            out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(rec.length).array());
            out.write(rec);
            at += 4 + len;
        }
        Files.write(pstree, out.toByteArray());

        Checkpoint c = new CheckpointInspector().inspect(dir, InspectListener.NONE);
        assertThat(c.processes().get(0).ppid()).isEqualTo(9);
        assertThat(c.warnings()).contains("checkpoint/pstree.img: the parent links form a cycle (1 → 9 → 1, each"
                + " pid's parent after it): the link of pid 1 to its parent 9 is cut and pid 1 is shown as a root");
        var forest = ProcessForest.of(c.processes());
        assertThat(forest.roots()).extracting(ProcessInfo::pid).containsExactly(1);
        assertThat(forest.childrenOf(c.processes().get(0))).extracting(ProcessInfo::pid).containsExactly(9, 10, 11);
        assertThat(forest.size()).isEqualTo(5);
    }

    @Test
    void aSideFileNestedTooDeeplySaysSoInOurWords() throws IOException {
        Files.writeString(dir.resolve("spec.dump"), "[".repeat(500) + "]".repeat(500));
        Files.writeString(dir.resolve("network.status"), "{\"a\": tru}");
        Checkpoint c = new CheckpointInspector().inspect(dir, InspectListener.NONE);
        assertThat(c.warnings()).contains(dir + ": entry spec.dump: not valid JSON: nesting deeper than 200 levels");
        assertThat(c.warnings()).filteredOn(w -> w.contains("network.status")).singleElement().asString()
                .contains("at line 1, column").doesNotContain("StreamReadConstraints").doesNotContain("Source:")
                .doesNotContain("com.fasterxml");
    }
}
