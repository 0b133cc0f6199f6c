package io.checkpointinspector.archive;

import com.fasterxml.jackson.databind.JsonNode;
import io.checkpointinspector.archive.ContainerdImage.Blob;
import io.checkpointinspector.archive.ContainerdImage.Role;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * containerd's own checkpoint images ({@code ctr containers checkpoint [--task] [--rw] [--image]}, {@code ctr tasks
 * checkpoint}), recognised by content: an OCI image index that lists blobs by containerd's checkpoint media types
 * instead of image manifests. They are read where they are:
 * <ul>
 * <li>an OCI archive or OCI layout directory ({@code ctr images export --skip-manifest-json}), through
 * {@link CheckpointSources#open}: the layout's index.json points to the checkpoint index;</li>
 * <li>containerd's content store, through {@link #openContentStore(Path, String)} with the checkpoint index's
 * digest (the target digest {@code ctr images ls} shows for the checkpoint image), or through
 * {@link CheckpointSources#open} on the index blob's own file ({@code …/blobs/sha256/HEX}): its sibling blobs
 * are the store.</li>
 * </ul>
 * The blobs become entries the rest of the reader knows: the CRIU tar's files as {@code checkpoint/…} (indexed in
 * place, read at random; the tar is never compressed), the rw layer as {@code rootfs-diff.tar} (a gzip layer is
 * decompressed by whoever reads it, in one pass), and the small protobuf blobs under {@code containerd/}: the
 * config (the container's OCI spec wrapped in a protobuf Any; containerd 1.6 writes no other container record),
 * runc's checkpoint options and runtime options. Those small blobs and the index are read whole at open, and
 * their size and SHA-256 digest are checked against their descriptors; the CRIU tar and the rw layer are checked
 * for size only (checking their digest would mean reading them whole, which random access avoids). A blob that is
 * missing, of the wrong size or digest, or bigger than {@link OpenOptions#maxMetadataBytes()} where it is read
 * whole ends in a {@link CheckpointFormatException} naming it.
 */
public final class ContainerdCheckpoints {

    public static final String CRIU_TAR = "application/vnd.containerd.container.criu.checkpoint.criu.tar";
    public static final String CRIU_PRE_DUMP = "application/vnd.containerd.container.criu.checkpoint.predump.tar";
    public static final String CONFIG = "application/vnd.containerd.container.checkpoint.config.v1+proto";
    public static final String OPTIONS = "application/vnd.containerd.container.checkpoint.options.v1+proto";
    public static final String RUNTIME_OPTIONS = "application/vnd.containerd.container.checkpoint.runtime.options+proto";
    static final String RUNTIME_NAME = "application/vnd.containerd.container.checkpoint.runtime.name";
    static final String RESOURCE = "application/vnd.containerd.container.resource.tar";
    static final String RW_TAR = "application/vnd.containerd.container.rw.tar";

    /** Entry names the blobs are shown under. */
    public static final String CONFIG_ENTRY = "containerd/config.pb";
    public static final String OPTIONS_ENTRY = "containerd/checkpoint-options.pb";
    public static final String RUNTIME_OPTIONS_ENTRY = "containerd/runtime-options.pb";
    static final String ROOTFS_ENTRY = "rootfs-diff.tar";
    static final String CRIU_PREFIX = "checkpoint/";

    /** Index annotations containerd writes (the checkpoint's runtime, snapshotter and base image). */
    public static final String RUNTIME_ANNOTATION = "io.containerd.checkpoint.runtime";
    public static final String SNAPSHOTTER_ANNOTATION = "io.containerd.checkpoint.snapshotter";
    /** ctr tasks checkpoint names the base image under this key instead of the ref.name annotation. */
    public static final String TASK_IMAGE_ANNOTATION = "image.name";
    /** The image name a layout's index.json gives the checkpoint ({@code ctr images export}). */
    public static final String IMAGE_NAME_ANNOTATION = "io.containerd.image.name";

    private static final Set<String> MARKERS = Set.of(CRIU_TAR, CRIU_PRE_DUMP, CONFIG, OPTIONS, RUNTIME_OPTIONS,
            RUNTIME_NAME, RW_TAR);
    private static final Set<String> INDEX_TYPES = Set.of("application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");
    private static final Set<String> MANIFEST_TYPES = Set.of("application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json");
    private static final Set<String> LAYER_TYPES = Set.of("application/vnd.oci.image.layer.v1.tar+gzip",
            "application/vnd.oci.image.layer.v1.tar", "application/vnd.oci.image.layer.v1.tar+zstd",
            "application/vnd.docker.image.rootfs.diff.tar.gzip", RW_TAR);
    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final int MAX_BLOBS = 64;

    private ContainerdCheckpoints() {
    }

    /**
     * Opens the checkpoint image whose index has digest indexDigest in a containerd content store.
     *
     * @param contentRoot the store's root, holding {@code blobs/sha256/} (containerd's default:
     *                    {@code /var/lib/containerd/io.containerd.content.v1.content})
     * @param indexDigest "sha256:" and 64 lower-case hex digits
     * @throws NoSuchFileException       when the index blob is not in the store
     * @throws CheckpointFormatException when the blob is no containerd checkpoint index, or a blob it lists is
     *                                   broken
     */
    public static CheckpointSource openContentStore(Path contentRoot, String indexDigest) throws IOException {
        return openContentStore(contentRoot, indexDigest, OpenOptions.defaults());
    }

    public static CheckpointSource openContentStore(Path contentRoot, String indexDigest, OpenOptions options)
            throws IOException {
        if (indexDigest == null || !SHA256.matcher(indexDigest).matches()) {
            throw new IllegalArgumentException("not a sha256 digest: " + indexDigest);
        }
        Path blob = contentRoot.resolve("blobs/sha256").resolve(indexDigest.substring("sha256:".length()));
        if (!Files.isRegularFile(blob, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(blob.toString(), null, "no such blob in the content store");
        }
        return openIndexBlob(blob, contentRoot, indexDigest, options);
    }

    /**
     * For {@link FileSources}: a regular file that is a JSON document at {@code ROOT/blobs/ALG/HEX}. Empty when it is
     * not a containerd checkpoint index (the caller then reports the file as unrecognised).
     */
    static Optional<CheckpointSource> openIfIndexBlob(Path file, OpenOptions options) throws IOException {
        Path real = file.toRealPath();
        Path alg = real.getParent();
        Path blobsDir = alg == null ? null : alg.getParent();
        if (blobsDir == null || blobsDir.getParent() == null || !blobsDir.getFileName().toString().equals("blobs")
                || !alg.getFileName().toString().equals("sha256")) {
            return Optional.empty();
        }
        String digest = "sha256:" + real.getFileName();
        if (!SHA256.matcher(digest).matches()) {
            return Optional.empty();
        }
        SourceRef source = SourceRef.of(file);
        byte[] data = readSmall(real, options, source);
        JsonNode index = ImageJson.parse(data, null, source);
        if (!isCheckpointIndex(index)) {
            return Optional.empty();
        }
        return Optional.of(openIndexBlob(file, blobsDir.getParent(), digest, options));
    }

    private static byte[] readSmall(Path file, OpenOptions options, SourceRef source) throws IOException {
        long size = Files.size(file);
        if (size > options.maxMetadataBytes()) {
            throw source.fail(null, "image metadata of " + size + " bytes exceeds the limit of "
                    + options.maxMetadataBytes() + " bytes");
        }
        try (SharedFile f = SharedFile.open(file, true)) {
            byte[] data = new byte[(int) size];
            int n = f.readFully(0, data, 0, data.length);
            if (n != data.length) {
                throw source.fail(null, "truncated: the file shrank while it was read");
            }
            return data;
        }
    }

    private static CheckpointSource openIndexBlob(Path named, Path contentRoot, String digest, OpenOptions options)
            throws IOException {
        SourceRef source = SourceRef.of(named);
        Warnings warnings = new Warnings(options.maxWarnings());
        DirectoryBlobStore blobs = new DirectoryBlobStore(contentRoot, warnings);
        try {
            String indexPath = blobPath(digest);
            byte[] data = blob(blobs, indexPath, digest, -1, options, source, "checkpoint index");
            JsonNode index = ImageJson.parse(data, indexPath, source);
            if (!isCheckpointIndex(index)) {
                throw source.fail(indexPath, "not a containerd checkpoint: the index lists none of containerd's"
                        + " checkpoint media types");
            }
            Located located = new Located(index, indexPath, digest, null);
            return open(named, SourceKind.CONTAINERD_CONTENT_STORE, blobs, -1, located, options, source, warnings,
                    List.<Closeable>of(blobs), "containerd content store " + contentRoot);
        } catch (IOException | RuntimeException e) {
            blobs.close();
            throw e;
        }
    }

    /** A checkpoint index found in an image layout. */
    record Located(JsonNode index, String indexPath, String digest, String name) {
    }

    /** True when an index lists at least one blob by one of containerd's checkpoint media types. */
    static boolean isCheckpointIndex(JsonNode index) {
        for (JsonNode d : index.path("manifests")) {
            if (MARKERS.contains(d.path("mediaType").asText(""))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The checkpoint index of a layout, when it is one: index.json itself, or an index it points to. Only
     * descriptors typed as indexes are read here, so the protobuf blobs are never taken for JSON.
     */
    static Optional<Located> locate(JsonNode layoutIndex, BlobStore blobs, OpenOptions options, SourceRef source,
            Warnings warnings) throws IOException {
        if (isCheckpointIndex(layoutIndex)) {
            return Optional.of(new Located(layoutIndex, "index.json", null, null));
        }
        List<Located> found = new ArrayList<>();
        int read = 0;
        for (JsonNode d : layoutIndex.path("manifests")) {
            if (!INDEX_TYPES.contains(d.path("mediaType").asText("")) || read++ >= MAX_BLOBS) {
                continue;
            }
            Optional<String> path = ImageJson.blobPath(d);
            if (path.isEmpty() || blobs.find(path.get()).isEmpty()) {
                continue; // the OCI reader reports it
            }
            String digest = d.path("digest").asText();
            byte[] data = blob(blobs, path.get(), digest, d.path("size").asLong(-1), options, source,
                    "image index");
            JsonNode nested = ImageJson.parse(data, path.get(), source);
            if (isCheckpointIndex(nested)) {
                found.add(new Located(nested, path.get(), digest,
                        d.path("annotations").path(IMAGE_NAME_ANNOTATION).asText(null)));
            }
        }
        if (found.size() > 1) {
            warnings.add("the OCI layout holds " + found.size() + " containerd checkpoints; showing "
                    + Optional.ofNullable(found.get(0).name()).orElse("the first"));
        }
        return found.stream().findFirst();
    }

    /**
     * Opens the checkpoint that located describes, its blobs found in blobs. bytes is the size of the archive or
     * layout; -1 for a content store, where the sum of the listed blobs is taken.
     */
    static CheckpointSource open(Path path, SourceKind kind, BlobStore blobs, long bytes, Located located,
            OpenOptions options, SourceRef source, Warnings warnings, List<Closeable> resources, String container)
            throws IOException {
        Map<String, String> annotations = new LinkedHashMap<>();
        ImageJson.copyStrings(located.index().path("annotations"), annotations);
        List<Blob> listed = new ArrayList<>();
        ContainerdStore.Builder store = new ContainerdStore.Builder();
        FileSlice rw = null;
        String rwPath = null;
        IndexedEntries criu = null;
        int count = 0;
        for (JsonNode d : located.index().path("manifests")) {
            if (++count > MAX_BLOBS) {
                warnings.add("the checkpoint index lists more than " + MAX_BLOBS + " blobs: the rest are not read");
                break;
            }
            String mediaType = d.path("mediaType").asText("");
            String digest = d.path("digest").asText("");
            long size = d.path("size").asLong(-1);
            Role role = roleOf(mediaType);
            Optional<String> blobPath = ImageJson.blobPath(d);
            String label = EntryCatalog.printable(mediaType);
            if (blobPath.isEmpty()) {
                throw source.fail(located.indexPath(), "the " + label + " descriptor has no valid digest ('"
                        + EntryCatalog.printable(digest) + "')");
            }
            String entry = null;
            switch (role) {
                case CONFIG, CHECKPOINT_OPTIONS, RUNTIME_OPTIONS -> {
                    entry = role == Role.CONFIG ? CONFIG_ENTRY
                            : role == Role.CHECKPOINT_OPTIONS ? OPTIONS_ENTRY : RUNTIME_OPTIONS_ENTRY;
                    if (store.has(entry)) {
                        warnings.add("the checkpoint index lists a second " + label + " blob ("
                                + blobPath.get() + "): not read");
                        entry = null;
                    } else {
                        store.bytes(entry, blob(blobs, blobPath.get(), digest, size, options, source, label));
                    }
                }
                case CRIU_IMAGES -> {
                    if (criu != null) {
                        warnings.add("the checkpoint index lists a second CRIU blob (" + blobPath.get()
                                + "): not read");
                    } else {
                        FileSlice slice = slice(blobs, blobPath.get(), size, source, label);
                        if (LayerProbe.compressionOf(slice) != Compression.NONE) {
                            throw source.fail(blobPath.get(), "the CRIU blob (" + label + ") is not a tar");
                        }
                        criu = IndexedEntries.build(slice, options,
                                // "file: blob" so that every error, even from a later read, starts by naming the file
                                SourceRef.labelled(source.label() + ": " + blobPath.get()), warnings, CRIU_PREFIX);
                        entry = CRIU_PREFIX;
                    }
                }
                case RW_LAYER -> {
                    if (rw != null) {
                        warnings.add("the checkpoint index lists a second rw layer (" + blobPath.get()
                                + "): not read");
                    } else {
                        rw = slice(blobs, blobPath.get(), size, source, label);
                        rwPath = blobPath.get();
                        if (LayerProbe.compressionOf(rw) == null) {
                            throw source.fail(rwPath, "the rw layer (" + label + ") is neither a tar nor gzip/zstd"
                                    + " data");
                        }
                        entry = ROOTFS_ENTRY;
                    }
                }
                case CRIU_PRE_DUMP -> warnings.add("the checkpoint holds a pre-dump (" + blobPath.get()
                        + "): its pages are not read");
                case OTHER -> warnings.add("the checkpoint index lists a blob of unknown media type '" + label
                        + "' (" + blobPath.get() + "): not read");
                default -> {
                    // the base image's manifest: listed, not read
                }
            }
            listed.add(new Blob(role, mediaType, digest, size, entry));
        }
        if (criu == null) {
            warnings.add("the checkpoint holds no CRIU images (checkpointed without --task?): no processes");
        }
        if (criu != null) {
            store.criu(criu);
        }
        if (rw != null) {
            store.blob(ROOTFS_ENTRY, rw);
        }
        if (bytes < 0) {
            bytes = 0;
            for (Blob b : listed) {
                bytes += Math.max(0, b.size());
            }
        }
        ContainerdImage image = new ContainerdImage(located.digest(), located.name(), annotations, listed);
        Map<String, String> all = new LinkedHashMap<>(annotations);
        if (located.name() != null) {
            all.put(IMAGE_NAME_ANNOTATION, located.name());
        }
        String description = "containerd checkpoint image (" + container + (rw == null ? ", no rw layer"
                : ", rw layer " + describe(LayerProbe.compressionOf(rw))) + (criu == null ? ", no CRIU images" : "")
                + ")";
        DefaultCheckpointSource.Facts facts = new DefaultCheckpointSource.Facts(path, kind, Compression.NONE,
                description, bytes, all);
        return new DefaultCheckpointSource(facts, warnings, store.build(source), resources, image);
    }

    private static String describe(Compression c) {
        return c == Compression.NONE ? "uncompressed" : c.label() + "-compressed";
    }

    static Role roleOf(String mediaType) {
        return switch (mediaType) {
            case CRIU_TAR -> Role.CRIU_IMAGES;
            case CRIU_PRE_DUMP -> Role.CRIU_PRE_DUMP;
            case CONFIG -> Role.CONFIG;
            case OPTIONS -> Role.CHECKPOINT_OPTIONS;
            case RUNTIME_OPTIONS -> Role.RUNTIME_OPTIONS;
            default -> LAYER_TYPES.contains(mediaType) ? Role.RW_LAYER
                    : MANIFEST_TYPES.contains(mediaType) || INDEX_TYPES.contains(mediaType) ? Role.IMAGE_MANIFEST
                    : Role.OTHER;
        };
    }

    private static String blobPath(String digest) {
        return "blobs/sha256/" + digest.substring("sha256:".length());
    }

    /** The blob's range, checked against its declared size (-1: not declared) and the file's actual length. */
    private static FileSlice slice(BlobStore blobs, String path, long size, SourceRef source, String what)
            throws IOException {
        FileSlice slice = blobs.find(path).orElseThrow(() -> source.fail(path, "the " + what + " blob is missing"));
        if (size >= 0 && slice.length() != size) {
            throw source.fail(path, "the " + what + " blob holds " + slice.length() + " bytes, its descriptor says "
                    + size);
        }
        long present = slice.file().size() - slice.offset();
        if (present < slice.length()) {
            throw source.fail(path, "truncated: the " + what + " blob declares " + slice.length() + " bytes, "
                    + Math.max(0, present) + " present");
        }
        return slice;
    }

    /** A blob read whole, of at most maxMetadataBytes, checked against its size and (sha256) digest. */
    private static byte[] blob(BlobStore blobs, String path, String digest, long size, OpenOptions options,
            SourceRef source, String what) throws IOException {
        if (size > options.maxMetadataBytes()) {
            throw source.fail(path, "the " + what + " blob declares " + size + " bytes, more than the limit of "
                    + options.maxMetadataBytes() + " bytes");
        }
        FileSlice slice = slice(blobs, path, size, source, what);
        if (slice.length() > options.maxMetadataBytes()) {
            throw source.fail(path, "the " + what + " blob of " + slice.length() + " bytes exceeds the limit of "
                    + options.maxMetadataBytes() + " bytes");
        }
        byte[] data = new byte[(int) slice.length()];
        int n = data.length == 0 ? 0 : slice.read(0, data, 0, data.length);
        if (n != data.length) {
            throw source.fail(path, "truncated: the " + what + " blob declares " + data.length + " bytes, "
                    + Math.max(0, n) + " present");
        }
        if (digest.startsWith("sha256:")) {
            String actual = "sha256:" + sha256(data);
            if (!actual.equals(digest)) {
                throw source.fail(path, "the " + what + " blob's content has digest " + actual + ", not "
                        + EntryCatalog.printable(digest));
            }
        }
        return data;
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
