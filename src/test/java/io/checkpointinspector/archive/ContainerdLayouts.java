package io.checkpointinspector.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.checkpointinspector.inspect.proto.RuncCheckpointOptions;
import io.checkpointinspector.inspect.proto.RuncOptions;
import io.checkpointinspector.inspect.proto.TypedBlob;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;

/**
 * Synthetic containerd checkpoint images laid out as {@code ctr images export --skip-manifest-json} writes them
 * (index.json → checkpoint index → blobs by media type), for hostile-input and fuzz tests; each blob's bytes and
 * descriptor can be altered. The real ones are made by src/test/scripts/make-containerd-fixtures.sh.
 */
public final class ContainerdLayouts {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A blob and the descriptor the index gives it (digest and size as declared, possibly lies). */
    public record Blob(String mediaType, byte[] bytes, String digest, long size) {
        public Blob(String mediaType, byte[] bytes) {
            this(mediaType, bytes, "sha256:" + ImageBuilder.sha256(bytes), bytes.length);
        }

        public Blob withBytes(byte[] b) {
            return new Blob(mediaType, b, digest, size);
        }

        public Blob withSize(long s) {
            return new Blob(mediaType, bytes, digest, s);
        }

        public Blob withDigest(String d) {
            return new Blob(mediaType, bytes, d, size);
        }

        /** Other content with a digest and size that match it. */
        public Blob replacedBy(byte[] b) {
            return new Blob(mediaType, b);
        }
    }

    private ContainerdLayouts() {
    }

    public static final String SPEC_TYPE = "types.containerd.io/opencontainers/runtime-spec/1/Spec";

    /** The spec as containerd's default spec would have it for container id in namespace "default". */
    public static byte[] spec(String id) {
        return ("{\"ociVersion\":\"1.0.2-dev\",\"process\":{\"args\":[\"sh\"],\"env\":[\"A=1\"],\"cwd\":\"/\"},"
                + "\"mounts\":[{\"destination\":\"/proc\",\"type\":\"proc\",\"source\":\"proc\"}],"
                + "\"linux\":{\"cgroupsPath\":\"/default/" + id + "\"}}").getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] any(String type, byte[] value) {
        return TypedBlob.newBuilder().setTypeUrl(ByteString.copyFromUtf8(type)).setValue(ByteString.copyFrom(value))
                .build().toByteArray();
    }

    /** The blobs of a `ctr containers checkpoint --task --rw`: CRIU tar of criuFiles, config, options, rw layer. */
    public static List<Blob> blobs(Map<String, byte[]> criuFiles, Map<String, byte[]> rwFiles) {
        List<Blob> out = new ArrayList<>();
        out.add(new Blob(ContainerdCheckpoints.RUNTIME_OPTIONS, any("containerd.runc.v1.Options",
                RuncOptions.newBuilder().setSystemdCgroup(true).build().toByteArray())));
        out.add(new Blob("application/vnd.oci.image.layer.v1.tar+gzip", gzip(tar(rwFiles))));
        out.add(new Blob(ContainerdCheckpoints.CRIU_TAR, tar(criuFiles)));
        out.add(new Blob(ContainerdCheckpoints.CONFIG, any(SPEC_TYPE, spec("synthetic-ctr"))));
        out.add(new Blob(ContainerdCheckpoints.OPTIONS, any("containerd.runc.v1.CheckpointOptions",
                RuncCheckpointOptions.newBuilder().setFileLocks(true).build().toByteArray())));
        return out;
    }

    /** Small CRIU-like files (random content, right names) for the CRIU tar. */
    public static Map<String, byte[]> smallCriuFiles() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("inventory.img", TarBuilder.random(48, 2));
        m.put("pstree.img", TarBuilder.random(64, 3));
        m.put("core-1.img", TarBuilder.random(512, 4));
        m.put("pages-1.img", TarBuilder.random(4096, 5));
        return m;
    }

    public static Map<String, byte[]> rwFiles() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("etc/motd", "hello\n".getBytes(StandardCharsets.UTF_8));
        m.put("etc/.wh.gone", new byte[0]);
        return m;
    }

    /** name → content of the OCI layout holding the checkpoint index over blobs (each blob altered by alter). */
    public static Map<String, byte[]> layout(List<Blob> blobs, UnaryOperator<ObjectNode> alterIndex) {
        try {
            Map<String, byte[]> files = new LinkedHashMap<>();
            ObjectNode index = JSON.createObjectNode();
            index.put("schemaVersion", 2);
            ArrayNode manifests = index.putArray("manifests");
            for (Blob b : blobs) {
                ObjectNode d = manifests.addObject();
                d.put("mediaType", b.mediaType()).put("digest", b.digest()).put("size", b.size());
                d.putObject("platform").put("architecture", "amd64").put("os", "linux");
                files.put("blobs/sha256/" + ImageBuilder.sha256(b.bytes()), b.bytes());
            }
            index.putObject("annotations").put(ContainerdCheckpoints.RUNTIME_ANNOTATION, "io.containerd.runc.v2")
                    .put(ContainerdCheckpoints.SNAPSHOTTER_ANNOTATION, "overlayfs")
                    .put("org.opencontainers.image.ref.name", "localhost/base:latest");
            byte[] indexBytes = JSON.writeValueAsBytes(alterIndex.apply(index));
            files.put("blobs/sha256/" + ImageBuilder.sha256(indexBytes), indexBytes);
            ObjectNode top = JSON.createObjectNode();
            top.put("schemaVersion", 2);
            ObjectNode d = top.putArray("manifests").addObject();
            d.put("mediaType", "application/vnd.oci.image.index.v1+json")
                    .put("digest", "sha256:" + ImageBuilder.sha256(indexBytes)).put("size", indexBytes.length);
            d.putObject("annotations").put(ContainerdCheckpoints.IMAGE_NAME_ANNOTATION, "localhost/synthetic:checkpoint")
                    .put("org.opencontainers.image.ref.name", "checkpoint");
            files.put("index.json", JSON.writeValueAsBytes(top));
            files.put("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Map<String, byte[]> layout(List<Blob> blobs) {
        return layout(blobs, UnaryOperator.identity());
    }

    /** A plain ustar of files in order. */
    public static byte[] tar(Map<String, byte[]> files) {
        TarBuilder t = TarBuilder.tar();
        files.forEach(t::file);
        try {
            return t.bytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(buf)) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.toByteArray();
    }
}
