package io.checkpointinspector.discover;

import io.checkpointinspector.fuzz.FuzzSupport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Builds the places a scan looks in, from the real podman-none.tar fixture: folders, Podman and containerd stores. */
public final class Stores {

    static final Path FIXTURES = FuzzSupport.FIXTURES;

    private Stores() {
    }

    /** The fixture's files as a tar whose entries all carry mtime (inventory.img's is the checkpoint's time). */
    public static byte[] checkpointTar(long mtimeMillis) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(buf)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> f : FuzzSupport.podmanNoneFiles().entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(f.getValue().length);
                e.setModTime(mtimeMillis);
                out.putArchiveEntry(e);
                out.write(f.getValue());
                out.closeArchiveEntry();
            }
            out.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.toByteArray();
    }

    /** The fixture unpacked into dir, as Podman's layer folder holds a checkpoint image's content. */
    public static Path unpack(Path dir) throws IOException {
        for (Map.Entry<String, byte[]> f : FuzzSupport.podmanNoneFiles().entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
        }
        return dir;
    }

    static String id(char c) {
        return String.valueOf(c).repeat(64);
    }

    /** Writes overlay-images/images.json and each image's manifest; annotations null for an ordinary image. */
    static void podmanImage(Path root, String id, String name, String layer, String annotationsJson)
            throws IOException {
        Path images = root.resolve("overlay-images");
        Files.createDirectories(images.resolve(id));
        Path list = images.resolve("images.json");
        String entry = "{\"id\":\"" + id + "\",\"names\":[\"" + name + "\"],\"layer\":\"" + layer + "\"}";
        String old = Files.exists(list) ? Files.readString(list).trim() : "[]";
        String updated = old.equals("[]") ? "[" + entry + "]" : old.substring(0, old.length() - 1) + "," + entry + "]";
        Files.writeString(list, updated);
        Files.writeString(images.resolve(id).resolve("manifest"), "{\"schemaVersion\":2,\"layers\":[]"
                + (annotationsJson == null ? "" : ",\"annotations\":" + annotationsJson) + "}");
    }

    static String podmanAnnotations(String container) {
        return "{\"io.podman.annotations.checkpoint.name\":\"" + container
                + "\",\"io.podman.annotations.checkpoint.runtime.name\":\"runc\"}";
    }

    static void blob(Path content, String digest, String text) throws IOException {
        Path dir = content.resolve("blobs").resolve("sha256");
        Files.createDirectories(dir);
        Files.write(dir.resolve(digest), text.getBytes(StandardCharsets.UTF_8));
    }

    /** An index as `ctr containers checkpoint --task --rw` writes it (media types and annotations of containerd 1.6). */
    static String containerdIndex(String image) {
        return "{\"schemaVersion\":2,\"manifests\":["
                + "{\"mediaType\":\"application/vnd.containerd.container.checkpoint.runtime.options+proto\","
                + "\"digest\":\"sha256:" + id('1') + "\",\"size\":28},"
                + "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:" + id('2')
                + "\",\"size\":131},"
                + "{\"mediaType\":\"application/vnd.containerd.container.criu.checkpoint.criu.tar\","
                + "\"digest\":\"sha256:" + id('3') + "\",\"size\":174080},"
                + "{\"mediaType\":\"application/vnd.containerd.container.checkpoint.config.v1+proto\","
                + "\"digest\":\"sha256:" + id('4') + "\",\"size\":2926}],"
                + "\"annotations\":{\"io.containerd.checkpoint.runtime\":\"io.containerd.runc.v2\","
                + "\"org.opencontainers.image.ref.name\":\"" + image + "\"}}";
    }

    /**
     * A containerd content store holding one checkpoint image as `ctr containers checkpoint --task --rw` lays it
     * out, its CRIU tar holding the real podman-none.tar fixture's CRIU images; returns the index blob's file.
     */
    public static Path containerdStore(Path content) throws IOException {
        Map<String, byte[]> criu = new java.util.LinkedHashMap<>();
        FuzzSupport.podmanNoneFiles().forEach((name, bytes) -> {
            if (name.startsWith("checkpoint/")) {
                criu.put(name.substring("checkpoint/".length()), bytes);
            }
        });
        Map<String, byte[]> files = io.checkpointinspector.archive.ContainerdLayouts.layout(
                io.checkpointinspector.archive.ContainerdLayouts.blobs(criu,
                        io.checkpointinspector.archive.ContainerdLayouts.rwFiles()));
        com.fasterxml.jackson.databind.JsonNode top = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(files.get("index.json"));
        String index = top.path("manifests").path(0).path("digest").asText().substring("sha256:".length());
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (f.getKey().startsWith("blobs/")) {
                Path p = content.resolve(f.getKey());
                Files.createDirectories(p.getParent());
                Files.write(p, f.getValue());
            }
        }
        return content.resolve("blobs/sha256").resolve(index);
    }
}
