package io.checkpointinspector.cli;

import com.github.luben.zstd.Zstd;
import io.checkpointinspector.archive.RawTar;
import io.checkpointinspector.fuzz.FuzzSupport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Builds malformed and hostile archives byte by byte, for the command-line tests. */
final class TestArchives {

    static final Path FIXTURES = FuzzSupport.FIXTURES;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private TestArchives() {
    }

    static TestArchives tar() {
        return new TestArchives();
    }

    /** The regular files of the real podman-none.tar, by name, in archive order. */
    static Map<String, byte[]> podmanFiles() {
        return FuzzSupport.podmanNoneFiles();
    }

    /** A tar of the real checkpoint's files, minus the names given. */
    static TestArchives podmanWithout(String... names) {
        Map<String, byte[]> files = new LinkedHashMap<>(podmanFiles());
        for (String n : names) {
            if (files.remove(n) == null) {
                throw new IllegalArgumentException("no " + n + " in podman-none.tar");
            }
        }
        TestArchives t = tar();
        files.forEach(t::file);
        return t;
    }

    /** A tar of the real checkpoint's files with one entry's content replaced. */
    static TestArchives podmanWith(String name, byte[] content) {
        Map<String, byte[]> files = new LinkedHashMap<>(podmanFiles());
        if (files.replace(name, content) == null) {
            throw new IllegalArgumentException("no " + name + " in podman-none.tar");
        }
        TestArchives t = tar();
        files.forEach(t::file);
        return t;
    }

    TestArchives file(String name, byte[] data) {
        return entry(name, '0', data.length, null, data);
    }

    TestArchives file(String name, String text) {
        return file(name, text.getBytes(StandardCharsets.UTF_8));
    }

    TestArchives symlink(String name, String target) {
        return entry(name, '2', 0, target, new byte[0]);
    }

    TestArchives hardlink(String name, String target) {
        return entry(name, '1', 0, target, new byte[0]);
    }

    /** An entry whose header declares {@code declared} bytes while {@code data} follows (padded to 512). */
    TestArchives entry(String name, char type, long declared, String link, byte[] data) {
        out.writeBytes(header(name, type, declared, link));
        out.writeBytes(data);
        out.writeBytes(new byte[(512 - data.length % 512) % 512]);
        return this;
    }

    /** Just a header (the data it declares is expected to follow, e.g. from a compressed stream). */
    TestArchives header(String name, long declared) {
        out.writeBytes(header(name, '0', declared, null));
        return this;
    }

    /** The archive so far without the end-of-archive marker. */
    byte[] open() {
        return out.toByteArray();
    }

    /** The archive with its end-of-archive marker. */
    byte[] bytes() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(out.toByteArray());
        b.writeBytes(new byte[1024]);
        return b.toByteArray();
    }

    Path write(Path file) throws IOException {
        return Files.write(file, bytes());
    }

    /** A ustar header; sizes beyond 8 GiB - 1 use the GNU base-256 form. */
    static byte[] header(String name, char type, long size, String link) {
        if (name.getBytes(StandardCharsets.UTF_8).length > 100 || (link != null && link.length() > 100)) {
            throw new IllegalArgumentException("too long for a plain header: " + name);
        }
        return RawTar.header(name, type, size, link);
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(buf)) {
            o.write(data);
        }
        return buf.toByteArray();
    }

    static byte[] zstd(byte[] data) {
        return Zstd.compress(data, 3);
    }

    /** CRIU framing: u32 little-endian. */
    static byte[] le32(int... values) {
        byte[] b = new byte[values.length * 4];
        for (int i = 0; i < values.length; i++) {
            int v = values[i];
            b[4 * i] = (byte) v;
            b[4 * i + 1] = (byte) (v >>> 8);
            b[4 * i + 2] = (byte) (v >>> 16);
            b[4 * i + 3] = (byte) (v >>> 24);
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    /**
     * A checkpoint tar whose entry {@code bigEntry} holds {@code zeros} zero bytes, written as a stream of
     * compressed frames (zstd) or members (gzip), each 64 MiB of zeros, so a multi-GiB archive costs a few MB and
     * a fraction of a second to write.
     */
    static Path zeroBomb(Path file, boolean zstd, String bigEntry, long zeros) throws IOException {
        final int chunk = 64 << 20;
        byte[] head = tar().file("config.dump", "{\"name\":\"bomb\"}").header(bigEntry, zeros).open();
        byte[] zeroChunk = new byte[chunk];
        byte[] compressedChunk = zstd ? Zstd.compress(zeroChunk, 19) : gzip(zeroChunk);
        try (OutputStream o = Files.newOutputStream(file)) {
            o.write(zstd ? zstd(head) : gzip(head));
            long left = zeros;
            while (left >= chunk) {
                o.write(compressedChunk);
                left -= chunk;
            }
            byte[] tail = new byte[(int) left + (int) ((512 - left % 512) % 512) + 1024];
            o.write(zstd ? zstd(tail) : gzip(tail));
        }
        return file;
    }
}
