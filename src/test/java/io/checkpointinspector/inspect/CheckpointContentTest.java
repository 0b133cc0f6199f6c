package io.checkpointinspector.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.checkpointinspector.archive.CheckpointFormatException;
import io.checkpointinspector.criu.RecordTree;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The on-demand content service the views read through, on the real fixtures in every form. */
class CheckpointContentTest {

    @ParameterizedTest
    @ValueSource(strings = {"podman-zstd.tar.zst", "podman-gzip.tar.gz", "podman-none.tar", "oci-archive.tar",
        "docker-archive.tar"})
    void readsEntriesRecordsAndRootfsFiles(String fixture) throws Exception {
        CheckpointContent content = new CheckpointContent(Fixtures.path(fixture));

        CheckpointContent.Bytes config = content.bytes("config.dump", 64, () -> false);
        assertThat(config.data()).hasSize(64);
        assertThat(config.truncated()).isTrue();
        assertThat(config.size()).isGreaterThan(64);
        assertThat(new String(config.data(), StandardCharsets.UTF_8)).startsWith("{");

        CheckpointContent.Records pstree = content.records("checkpoint/pstree.img", () -> false);
        assertThat(pstree.kind()).isEqualTo("PSTREE");
        assertThat(pstree.total()).isEqualTo(5);
        RecordTree.Node first = pstree.records().get(0);
        assertThat(first.value()).startsWith("PstreeEntry");
        assertThat(first.child("pid").value()).isEqualTo("1");

        var hello = content.rootfsFile("/added/hello.txt", 1024, () -> false).orElseThrow();
        assertThat(new String(hello.data(), StandardCharsets.UTF_8)).isEqualTo("hello from the fixture container\n");
        assertThat(hello.truncated()).isFalse();
        // Twice: compressed sources answer the second time from memory, with the same bytes.
        assertThat(content.rootfsFile("/added/sub/dir/deep.txt", 4, () -> false).orElseThrow().data())
                .isEqualTo("deep".getBytes(StandardCharsets.UTF_8));
        assertThat(content.rootfsFile("/etc/fixture-delete-me", 10, () -> false)).isEmpty();

        // The on-demand SHA-256 (what the window offers for large files) agrees with the content.
        java.util.concurrent.atomic.AtomicLong hashed = new java.util.concurrent.atomic.AtomicLong();
        assertThat(content.rootfsSha256("/added/hello.txt", () -> false, hashed::set)).contains(
                java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(
                        "hello from the fixture container\n".getBytes(StandardCharsets.UTF_8))));
        assertThat(hashed.get()).isEqualTo(33);
        assertThat(content.rootfsSha256("/added/link", () -> false, d -> { })).isEmpty();
        assertThatThrownBy(() -> content.rootfsSha256("/added/hello.txt", () -> true, d -> { }))
                .isInstanceOf(CancellationException.class);
    }

    @Test
    void recordsKeepExtraPayloadAndPartialInformation() throws Exception {
        CheckpointContent content = new CheckpointContent(Fixtures.path("podman-none.tar"));
        CheckpointContent.Records pipes = content.records("checkpoint/pipes-data.img", () -> false);
        assertThat(pipes.records()).isNotEmpty();
        assertThat(pipes.records().get(0).child("extra payload")).isNotNull();
        assertThat(CheckpointContent.hasRecords("checkpoint/core-1.img")).isTrue();
        assertThat(CheckpointContent.hasRecords("checkpoint/pages-1.img")).isFalse();
        assertThat(CheckpointContent.hasRecords("config.dump")).isFalse();
    }

    @Test
    void anyByteOfAnyEntryCanBeRead() throws Exception {
        String pages = "checkpoint/pages-5.img";
        CheckpointContent zstd = new CheckpointContent(Fixtures.path("podman-zstd.tar.zst"));
        CheckpointContent plain = new CheckpointContent(Fixtures.path("podman-none.tar"));
        long size = plain.bytes(pages, 0, 0, () -> false).size();
        assertThat(size).isEqualTo(1126400);
        CheckpointContent.Bytes tail = zstd.bytes(pages, size - 16, 4096, () -> false);
        assertThat(tail.offset()).isEqualTo(size - 16);
        assertThat(tail.data()).hasSize(16).isEqualTo(plain.bytes(pages, size - 16, 4096, () -> false).data());
        assertThat(tail.truncated()).isFalse();
        CheckpointContent.Bytes middle = plain.bytes(pages, 0x10000, 32, () -> false);
        assertThat(middle.truncated()).isTrue();
        assertThat(middle.data()).isEqualTo(zstd.bytes(pages, 0x10000, 32, () -> false).data());
        assertThat(plain.bytes(pages, size + 100, 10, () -> false).data()).isEmpty();
    }

    /** Paging through an entry (served from a 1 MiB window) gives exactly the entry's bytes, page after page. */
    @Test
    void pagingThroughAnEntryGivesItsBytesInOrder() throws Exception {
        String pages = "checkpoint/pages-5.img";
        CheckpointContent zstd = new CheckpointContent(Fixtures.path("podman-zstd.tar.zst"));
        // more than the window in one read: read directly, the reference
        byte[] whole = zstd.bytes(pages, 0, 4 << 20, () -> false).data();
        assertThat(whole).hasSize(1126400);
        java.io.ByteArrayOutputStream paged = new java.io.ByteArrayOutputStream();
        long at = 0;
        // an odd page size, so that pages straddle the window's boundaries
        int page = 60_000;
        while (true) {
            CheckpointContent.Bytes b = zstd.bytes(pages, at, page, () -> false);
            assertThat(b.offset()).isEqualTo(at);
            paged.writeBytes(b.data());
            at += b.data().length;
            if (!b.truncated()) {
                break;
            }
            assertThat(b.data()).hasSize(page);
        }
        assertThat(paged.toByteArray()).isEqualTo(whole);
        // and backwards
        CheckpointContent.Bytes back = zstd.bytes(pages, 1_000_000, 100, () -> false);
        assertThat(back.data()).isEqualTo(java.util.Arrays.copyOfRange(whole, 1_000_000, 1_000_100));
    }

    @Test
    void missingEntryNamesSourceAndEntry() {
        CheckpointContent content = new CheckpointContent(Fixtures.path("podman-zstd.tar.zst"));
        assertThatThrownBy(() -> content.bytes("checkpoint/nope.img", 10, () -> false))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("podman-zstd.tar.zst").hasMessageContaining("checkpoint/nope.img");
    }

    @Test
    void brokenImageIsAnErrorWithFileAndEntry(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        CheckpointContent content = new CheckpointContent(BrokenFixture.write(tmp.resolve("broken.tar")));
        assertThatThrownBy(() -> content.records("checkpoint/core-12.img", () -> false))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("broken.tar").hasMessageContaining("checkpoint/core-12.img");
    }

    @Test
    void cancelledReadStops() {
        CheckpointContent content = new CheckpointContent(Fixtures.path("podman-gzip.tar.gz"));
        assertThatThrownBy(() -> content.bytes("deleted.files", 10, () -> true))
                .isInstanceOf(CancellationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"podman-none.tar", "podman-zstd.tar.zst"})
    void saveEntryWritesTheWholeEntryToANewFileOnly(String fixture, @org.junit.jupiter.api.io.TempDir
            java.nio.file.Path tmp) throws Exception {
        CheckpointContent content = new CheckpointContent(Fixtures.path(fixture));
        java.nio.file.Path target = tmp.resolve("i15-pages-5.img");
        long n = content.saveEntry("checkpoint/pages-5.img", target, () -> false);
        assertThat(n).isEqualTo(1126400);
        byte[] expected = content.bytes("checkpoint/pages-5.img", 0L, CheckpointContent.MAX_BYTES, () -> false).data();
        assertThat(java.nio.file.Files.readAllBytes(target)).isEqualTo(expected);
        java.nio.file.Files.writeString(target, "keep");
        assertThatThrownBy(() -> content.saveEntry("spec.dump", target, () -> false))
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        assertThat(java.nio.file.Files.readString(target)).isEqualTo("keep");
        java.nio.file.Path cancelled = tmp.resolve("i15-cancelled");
        assertThatThrownBy(() -> content.saveEntry("checkpoint/pages-5.img", cancelled, () -> true))
                .isInstanceOf(CancellationException.class);
        assertThat(cancelled).doesNotExist();
    }
}
