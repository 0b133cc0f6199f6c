package io.checkpointinspector.archive;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds tars for tests with commons-compress, keeping names exactly as given (no normalisation). */
final class TarBuilder {

    private interface Op {
        void write(TarArchiveOutputStream out) throws IOException;
    }

    /** Whole seconds, so commons-compress writes plain ustar headers rather than pax mtime records. */
    static final java.nio.file.attribute.FileTime MTIME = java.nio.file.attribute.FileTime.fromMillis(1_700_000_000_000L);

    private final List<Op> ops = new ArrayList<>();
    private final Map<String, byte[]> files = new LinkedHashMap<>();

    static TarBuilder tar() {
        return new TarBuilder();
    }

    /** A Podman-like checkpoint, names prefixed with prefix ("./" or ""). */
    static TarBuilder checkpoint(String prefix) throws IOException {
        return tar().dir(prefix.isEmpty() ? "./" : prefix)
                .file(prefix + "config.dump", "{\"id\":\"abc123\",\"name\":\"web\"}")
                .file(prefix + "spec.dump", "{\"ociVersion\":\"1.0.2\"}")
                .file(prefix + "network.status", "{}")
                .file(prefix + "stats-dump", random(200, 1))
                .dir(prefix + "checkpoint/")
                .file(prefix + "checkpoint/inventory.img", random(48, 2))
                .file(prefix + "checkpoint/pstree.img", random(64, 3))
                .file(prefix + "checkpoint/core-1.img", random(4096, 4))
                .file(prefix + "checkpoint/pages-1.img", random(300_000, 5))
                .file(prefix + "rootfs-diff.tar", tar().dir("etc/").file("etc/motd", "hello\n").bytes())
                .file(prefix + "deleted.files", "[\"/tmp/x\"]");
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    TarBuilder file(String name, String text) {
        return file(name, text.getBytes(StandardCharsets.UTF_8));
    }

    TarBuilder file(String name, byte[] data) {
        files.putIfAbsent(name, data);
        ops.add(out -> {
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            e.setSize(data.length);
            e.setMode(0100644);
            e.setLastModifiedTime(MTIME);
            out.putArchiveEntry(e);
            out.write(data);
            out.closeArchiveEntry();
        });
        return this;
    }

    /** A regular file whose header setup adjusts (owner, mode, time...). */
    TarBuilder file(String name, byte[] data, java.util.function.Consumer<TarArchiveEntry> setup) {
        files.putIfAbsent(name, data);
        ops.add(out -> {
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            e.setSize(data.length);
            e.setMode(0100644);
            e.setLastModifiedTime(MTIME);
            setup.accept(e);
            out.putArchiveEntry(e);
            out.write(data);
            out.closeArchiveEntry();
        });
        return this;
    }

    /** A header-only entry of any tar type (devices, FIFOs, links, directories) that setup adjusts. */
    TarBuilder special(String name, byte type, java.util.function.Consumer<TarArchiveEntry> setup) {
        ops.add(out -> {
            TarArchiveEntry e = new TarArchiveEntry(name, type, true);
            e.setLastModifiedTime(MTIME);
            setup.accept(e);
            out.putArchiveEntry(e);
            out.closeArchiveEntry();
        });
        return this;
    }

    /** A regular file of size zero bytes, streamed (for large sizes). */
    TarBuilder zeros(String name, long size) {
        ops.add(out -> {
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            e.setSize(size);
            e.setLastModifiedTime(MTIME);
            out.putArchiveEntry(e);
            byte[] chunk = new byte[1 << 20];
            for (long left = size; left > 0; left -= chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
            out.closeArchiveEntry();
        });
        return this;
    }

    TarBuilder dir(String name) {
        ops.add(out -> {
            TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", true);
            e.setLastModifiedTime(MTIME);
            out.putArchiveEntry(e);
            out.closeArchiveEntry();
        });
        return this;
    }

    TarBuilder symlink(String name, String target) {
        return link(name, target, TarConstants.LF_SYMLINK);
    }

    TarBuilder hardlink(String name, String target) {
        return link(name, target, TarConstants.LF_LINK);
    }

    private TarBuilder link(String name, String target, byte type) {
        ops.add(out -> {
            TarArchiveEntry e = new TarArchiveEntry(name, type, true);
            e.setLinkName(target);
            e.setLastModifiedTime(MTIME);
            out.putArchiveEntry(e);
            out.closeArchiveEntry();
        });
        return this;
    }

    /** Content of the files added, by name as given. */
    Map<String, byte[]> files() {
        return files;
    }

    byte[] bytes() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        writeTo(buf);
        return buf.toByteArray();
    }

    void writeTo(OutputStream sink) throws IOException {
        TarArchiveOutputStream out = new TarArchiveOutputStream(sink);
        out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        for (Op op : ops) {
            op.write(out);
        }
        out.finish();
        out.flush();
    }

    Path write(Path file, Compression compression) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file); OutputStream out = compress(raw, compression)) {
            writeTo(out);
        }
        return file;
    }

    static OutputStream compress(OutputStream raw, Compression compression) throws IOException {
        return switch (compression) {
            case NONE -> raw;
            case GZIP -> new GZIPOutputStream(raw, 64 * 1024);
            case ZSTD -> new ZstdOutputStream(raw, 3);
        };
    }

    static byte[] compress(byte[] data, Compression compression) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (OutputStream out = compress(buf, compression)) {
            out.write(data);
        }
        return buf.toByteArray();
    }
}
