package io.checkpointinspector.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class NestedTarTest {

    private static byte[] rootfsDiff() throws IOException {
        return TarBuilder.tar().dir("etc/").file("etc/hosts", "127.0.0.1 localhost\n")
                .file("var/log/big.log", TarBuilder.random(200_000, 3)).symlink("etc/mtab", "/proc/mounts")
                .file("../../escape", "x").file("/abs", "y").bytes();
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void listsNestedTarsWhateverTheCompression(Compression compression) throws IOException {
        byte[] data = TarBuilder.compress(rootfsDiff(), compression);
        NestedTar.Listing listing = NestedTar.inspect(new ByteArrayInputStream(data), "cp.tar!rootfs-diff.tar",
                OpenOptions.defaults());
        assertThat(listing.compression()).isEqualTo(compression);
        assertThat(listing.entries()).extracting(EntryInfo::name)
                .containsExactly("etc", "etc/hosts", "var/log/big.log", "etc/mtab");
        assertThat(listing.entries().get(2).size()).isEqualTo(200_000);
        assertThat(listing.entries().get(3).linkTarget()).isEqualTo("/proc/mounts");
        assertThat(listing.warnings()).contains(
                "entry '../../escape' escapes the checkpoint root: listed as hostile, never saved",
                "entry '/abs' escapes the checkpoint root: listed as hostile, never saved");
        assertThat(NestedTar.list(new ByteArrayInputStream(data), "x")).hasSize(4);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void previewIsCappedAndFindsNormalisedNames(Compression compression) throws IOException {
        byte[] data = TarBuilder.compress(rootfsDiff(), compression);
        Optional<NestedTar.Preview> preview = NestedTar.preview(new ByteArrayInputStream(data), "x",
                "./var/log/big.log", 1000);
        assertThat(preview).isPresent();
        assertThat(preview.get().truncated()).isTrue();
        assertThat(preview.get().bytes()).isEqualTo(Arrays.copyOf(TarBuilder.random(200_000, 3), 1000));
        NestedTar.Preview hosts = NestedTar.preview(new ByteArrayInputStream(data), "x", "etc/hosts", 1000)
                .orElseThrow();
        assertThat(new String(hosts.bytes(), StandardCharsets.UTF_8)).isEqualTo("127.0.0.1 localhost\n");
        assertThat(hosts.truncated()).isFalse();
        assertThat(NestedTar.preview(new ByteArrayInputStream(data), "x", "nope", 10)).isEmpty();
        assertThat(NestedTar.preview(new ByteArrayInputStream(data), "x", "etc/mtab", 10).orElseThrow().bytes())
                .isEmpty();
    }

    @Test
    void callerStreamIsNotClosed() throws IOException {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream(TarBuilder.compress(rootfsDiff(), Compression.ZSTD)) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        NestedTar.list(in, "x");
        assertThat(closed[0]).isFalse();
    }

    @Test
    void emptyNestedTarHasNoEntries() throws IOException {
        assertThat(NestedTar.list(new ByteArrayInputStream(TarBuilder.tar().bytes()), "x")).isEmpty();
        assertThat(NestedTar.list(new ByteArrayInputStream(new byte[0]), "x")).isEmpty();
    }

    @Test
    void brokenNestedDataFailsWithFormatErrorsNamingTheLabel() throws IOException {
        assertThatThrownBy(() -> NestedTar.list(new ByteArrayInputStream("hello world".repeat(100).getBytes()),
                "cp.tar!rootfs-diff.tar")).isInstanceOf(CheckpointFormatException.class)
                .hasMessageStartingWith("cp.tar!rootfs-diff.tar: not a tar archive");
        byte[] gz = TarBuilder.compress(rootfsDiff(), Compression.GZIP);
        for (int cut : List.of(5, 30, gz.length / 2, gz.length - 9)) {
            // a cut compressed tar lists what came before the cut, with a warning, or fails as a format error
            try {
                NestedTar.Listing listing = NestedTar.inspect(new ByteArrayInputStream(Arrays.copyOf(gz, cut)), "n",
                        OpenOptions.defaults());
                assertThat(listing.warnings()).as("cut %d", cut).anyMatch(w -> w.startsWith("n: ")
                        && (w.contains("cut short") || w.contains("end-of-archive")));
            } catch (CheckpointFormatException e) {
                assertThat(e.getMessage()).startsWith("n: ");
            }
        }
    }

    @Test
    void nestedBombIsStopped() throws IOException {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        try (java.io.OutputStream out = TarBuilder.compress(buf, Compression.ZSTD)) {
            TarBuilder.tar().zeros("big", 32L << 20).writeTo(out);
        }
        OpenOptions small = OpenOptions.defaults().withDecompressionLimit(1 << 20, 1);
        assertThatThrownBy(() -> NestedTar.inspect(new ByteArrayInputStream(buf.toByteArray()), "n", small))
                .isInstanceOf(CheckpointFormatException.class).hasMessageContaining("decompression bomb");
    }
}
