package io.checkpointinspector.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The zstd slice decoder gives what zstd-jni's stream gives, fails where it must, and leaves no thread behind. */
class ZstdSliceInputStreamTest {

    @TempDir
    Path dir;

    private final List<SharedFile> files = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (SharedFile f : files) {
            f.close();
        }
    }

    private FileSlice slice(byte[] prefix, byte[] data, byte[] suffix) throws IOException {
        Path p = dir.resolve("f" + files.size());
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(prefix);
        all.write(data);
        all.write(suffix);
        Files.write(p, all.toByteArray());
        SharedFile f = SharedFile.open(p, false);
        files.add(f);
        return new FileSlice(f, prefix.length, data.length);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = new byte[7919];
        int n;
        while ((n = in.read(b, 0, b.length)) >= 0) {
            out.write(b, 0, n);
        }
        return out.toByteArray();
    }

    /** Text-like and random bytes: some blocks compress, some are stored raw. */
    private static byte[] data(int size, long seed) {
        byte[] d = TarBuilder.random(size, seed);
        for (int i = 0; i < size; i += 3) {
            d[i] = (byte) ('a' + i % 7);
        }
        return d;
    }

    @Test
    void decodesWhatTheStreamDecoderDecodesInsideASliceOfALargerFile() throws IOException {
        byte[] plain = data(5_000_000, 1);
        byte[] packed = Zstd.compress(plain, 3);
        AtomicLong taken = new AtomicLong();
        try (InputStream in = new ZstdSliceInputStream(slice(new byte[777], packed, new byte[999]), taken::set)) {
            assertThat(readAll(in)).isEqualTo(plain);
        }
        assertThat(taken.get()).isEqualTo(packed.length);
        try (InputStream reference = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(packed))) {
            assertThat(readAll(reference)).isEqualTo(plain);
        }
    }

    @Test
    void concatenatedFramesAndASkippableFrameAreOneStream() throws IOException {
        byte[] a = data(300_000, 2);
        byte[] b = data(2_500_000, 3);
        byte[] skippable = {0x50, 0x2a, 0x4d, 0x18, 4, 0, 0, 0, 1, 2, 3, 4};
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        packed.write(Zstd.compress(a, 1));
        packed.write(skippable);
        packed.write(Zstd.compress(b, 19));
        try (InputStream in = new ZstdSliceInputStream(slice(new byte[0], packed.toByteArray(), new byte[0]),
                x -> { })) {
            byte[] got = readAll(in);
            assertThat(got.length).isEqualTo(a.length + b.length);
            assertThat(Arrays.copyOf(got, a.length)).isEqualTo(a);
            assertThat(Arrays.copyOfRange(got, a.length, got.length)).isEqualTo(b);
        }
    }

    @Test
    void skipsCountOnlyBytesThatAreThere() throws IOException {
        byte[] plain = data(3_000_000, 4);
        try (InputStream in = new ZstdSliceInputStream(slice(new byte[5], Zstd.compress(plain, 3), new byte[5]),
                x -> { })) {
            assertThat(in.skip(1_234_567)).isEqualTo(1_234_567);
            byte[] next = in.readNBytes(1000);
            assertThat(next).isEqualTo(Arrays.copyOfRange(plain, 1_234_567, 1_235_567));
            assertThat(in.skip(10_000_000)).isEqualTo(plain.length - 1_235_567);
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.skip(5)).isZero();
        }
    }

    @Test
    void dataCutInsideAFrameEndsInEofAfterTheBytesBeforeTheCut() throws IOException {
        byte[] plain = data(4_000_000, 5);
        byte[] packed = Zstd.compress(plain, 3);
        Random random = new Random(6);
        for (int round = 0; round < 12; round++) {
            int cut = 1 + random.nextInt(packed.length - 2);
            byte[] head = Arrays.copyOf(packed, cut);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            try (InputStream in = new ZstdSliceInputStream(slice(new byte[0], head, new byte[100]), x -> { })) {
                byte[] b = new byte[65536];
                assertThatThrownBy(() -> {
                    int m;
                    while ((m = in.read(b, 0, b.length)) >= 0) {
                        got.write(b, 0, m);
                    }
                }).as("cut at %d", cut).isInstanceOf(IOException.class);
            } catch (IOException e) {
                // a cut inside the first block fails when the decoder starts
                assertThat(cut).isLessThan(200_000);
            }
            byte[] before = got.toByteArray();
            assertThat(before).isEqualTo(Arrays.copyOf(plain, before.length));
        }
        // the suffix after the slice is never read: a cut slice of a whole file is still cut
        try (InputStream in = new ZstdSliceInputStream(slice(new byte[0], Arrays.copyOf(packed, packed.length - 1),
                Arrays.copyOfRange(packed, packed.length - 1, packed.length)), x -> { })) {
            assertThatThrownBy(() -> readAll(in)).isInstanceOf(EOFException.class);
        }
    }

    @Test
    void aSkipThatMeetsTheCutCountsTheBytesBeforeItAndTheNextCallFails() throws IOException {
        byte[] plain = data(3_000_000, 11);
        byte[] packed = Zstd.compress(plain, 3);
        byte[] cut = Arrays.copyOf(packed, packed.length * 2 / 3);
        long decodable = 0;
        try (InputStream in = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(cut))) {
            byte[] b = new byte[4096];
            for (int n = in.read(b); n >= 0; n = in.read(b)) {
                decodable += n;
            }
        } catch (IOException expected) {
            // the cut
        }
        assertThat(decodable).isBetween(1L, plain.length - 1L);
        try (InputStream in = new ZstdSliceInputStream(slice(new byte[0], cut, new byte[0]), x -> { })) {
            assertThat(in.skip(plain.length)).isEqualTo(decodable);
            assertThatThrownBy(() -> in.skip(1)).isInstanceOf(EOFException.class);
        }
    }

    @Test
    void corruptDataIsAnIOException() throws IOException {
        byte[] packed = Zstd.compress(data(1_000_000, 7), 3);
        for (int at : new int[] {5, 100, packed.length / 2, packed.length - 3}) {
            byte[] bad = packed.clone();
            bad[at] ^= (byte) 0x5a;
            try (InputStream in = new ZstdSliceInputStream(slice(new byte[0], bad, new byte[0]), x -> { })) {
                // a flip in a raw block's payload changes bytes, not structure, and zstd-jni writes no checksum:
                // such a flip decodes; what must never happen is anything but an IOException
                readAll(in);
            } catch (IOException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
        byte[] garbage = TarBuilder.random(50_000, 8);
        garbage[0] = 0x28;
        garbage[1] = (byte) 0xb5;
        garbage[2] = 0x2f;
        garbage[3] = (byte) 0xfd;
        assertThatThrownBy(() -> {
            try (InputStream in = new ZstdSliceInputStream(slice(new byte[0], garbage, new byte[0]), x -> { })) {
                readAll(in);
            }
        }).isInstanceOf(IOException.class);
    }

    @Test
    void progressThrowingCancellationStopsTheReadAndCloseEndsTheThread() throws IOException {
        byte[] plain = data(8_000_000, 9);
        FileSlice s = slice(new byte[0], Zstd.compress(plain, 1), new byte[0]);
        InputStream in = new ZstdSliceInputStream(s, done -> {
            if (done > 2_000_000) {
                throw new java.util.concurrent.CancellationException("cancelled");
            }
        });
        assertThatThrownBy(() -> in.skip(plain.length)).isInstanceOf(java.util.concurrent.CancellationException.class);
        in.close();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("zstd input of")
                && t.isAlive());
        // closing half-way through a read-ahead, then again, is fine
        InputStream other = new ZstdSliceInputStream(s, x -> { });
        assertThat(other.read()).isEqualTo(plain[0] & 0xff);
        other.close();
        other.close();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("zstd input of")
                && t.isAlive());
    }

    @Test
    void aFileThatCannotBeReadIsAnIOException() throws IOException {
        FileSlice s = slice(new byte[0], Zstd.compress(data(100_000, 10), 3), new byte[0]);
        s.file().close();
        assertThatThrownBy(() -> new ZstdSliceInputStream(s, x -> { }).close()).isInstanceOf(IOException.class);
    }
}
