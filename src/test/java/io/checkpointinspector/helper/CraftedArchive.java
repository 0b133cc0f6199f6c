package io.checkpointinspector.helper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A real Podman export (a fixture) with its config.dump, spec.dump, rootfs-diff.tar or deleted.files changed:
 * every entry is copied as it is except the ones replaced, so the result differs from a real export only where a
 * test says so.
 */
final class CraftedArchive {

    static final Path FIXTURE = Path.of("src/test/resources/fixtures/podman-none.tar");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, byte[]> replaced = new LinkedHashMap<>();
    private final List<TarArchiveEntry> extra = new ArrayList<>();
    private final List<byte[]> extraData = new ArrayList<>();

    static CraftedArchive fromFixture() {
        return new CraftedArchive();
    }

    CraftedArchive config(Consumer<ObjectNode> change) throws IOException {
        return json("config.dump", change);
    }

    CraftedArchive spec(Consumer<ObjectNode> change) throws IOException {
        return json("spec.dump", change);
    }

    CraftedArchive json(String entry, Consumer<ObjectNode> change) throws IOException {
        byte[] current = replaced.containsKey(entry) ? replaced.get(entry) : read(entry);
        ObjectNode node = (ObjectNode) JSON.readTree(current);
        change.accept(node);
        replaced.put(entry, JSON.writeValueAsBytes(node));
        return this;
    }

    CraftedArchive replace(String entry, byte[] bytes) {
        replaced.put(entry, bytes);
        return this;
    }

    /** An entry appended after the fixture's entries (a second spec.dump, a symlink, ...). */
    CraftedArchive append(TarArchiveEntry e, byte[] data) {
        extra.add(e);
        extraData.add(data);
        return this;
    }

    Path write(Path target) throws IOException {
        try (InputStream in = Files.newInputStream(FIXTURE);
                TarArchiveInputStream tar = new TarArchiveInputStream(in);
                OutputStream out = Files.newOutputStream(target);
                TarArchiveOutputStream w = new TarArchiveOutputStream(out)) {
            w.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                byte[] data = tar.readAllBytes();
                String name = e.getName().replaceFirst("^\\./", "");
                if (replaced.containsKey(name)) {
                    data = replaced.get(name);
                    // a new header: changing the input's entry would change how far the reader skips
                    TarArchiveEntry copy = new TarArchiveEntry(e.getName());
                    copy.setMode(e.getMode());
                    copy.setModTime(e.getModTime());
                    copy.setUserId(e.getLongUserId());
                    copy.setGroupId(e.getLongGroupId());
                    copy.setSize(data.length);
                    e = copy;
                }
                w.putArchiveEntry(e);
                w.write(data);
                w.closeArchiveEntry();
            }
            for (int i = 0; i < extra.size(); i++) {
                w.putArchiveEntry(extra.get(i));
                w.write(extraData.get(i));
                w.closeArchiveEntry();
            }
        }
        return target;
    }

    static byte[] read(String entry) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(FIXTURE))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.getName().replaceFirst("^\\./", "").equals(entry)) {
                    return tar.readAllBytes();
                }
            }
        }
        throw new IOException(entry + " is not in " + FIXTURE);
    }

    static ObjectNode object(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static JsonNode node(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A small tar: each item is {name, type, linkOrContent}; type f (file), d (dir), l (symlink), h (hard link). */
    static byte[] tar(String[]... items) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream w = new TarArchiveOutputStream(bytes)) {
            for (String[] item : items) {
                TarArchiveEntry e;
                byte[] data = new byte[0];
                switch (item[1]) {
                    case "d" -> e = new TarArchiveEntry(item[0] + "/", TarArchiveEntry.LF_DIR);
                    case "l" -> {
                        e = new TarArchiveEntry(item[0], TarArchiveEntry.LF_SYMLINK);
                        e.setLinkName(item[2]);
                    }
                    case "h" -> {
                        e = new TarArchiveEntry(item[0], TarArchiveEntry.LF_LINK);
                        e.setLinkName(item[2]);
                    }
                    case "c" -> {
                        e = new TarArchiveEntry(item[0], TarArchiveEntry.LF_CHR);
                        e.setDevMajor(8);
                    }
                    default -> {
                        e = new TarArchiveEntry(item[0]);
                        data = item[2].getBytes(java.nio.charset.StandardCharsets.UTF_8);
                        e.setSize(data.length);
                    }
                }
                w.putArchiveEntry(e);
                w.write(data);
                w.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
