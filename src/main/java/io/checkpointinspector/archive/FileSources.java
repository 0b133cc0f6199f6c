package io.checkpointinspector.archive;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Opens a regular file: a (compressed) checkpoint tar, an OCI archive or a docker archive, told by content. */
final class FileSources {

    private FileSources() {
    }

    static CheckpointSource open(Path path, SharedFile file, OpenOptions options) throws IOException {
        SourceRef source = SourceRef.of(path);
        Warnings warnings = new Warnings(options.maxWarnings());
        long size = file.size();
        if (size == 0) {
            throw source.fail(null, "not a checkpoint: the file is empty");
        }
        byte[] head = new byte[Magic.BLOCK];
        int n = file.readFully(0, head, 0, head.length);
        FileSlice whole = new FileSlice(file, 0, size);
        List<Closeable> resources = List.of(file);
        Compression compression = Magic.compression(head, n);
        if (compression != null) {
            return openCompressed(path, whole, compression, options, source, warnings, resources);
        }
        if (Magic.looksLikeTarHeader(head, n) || (n == Magic.BLOCK && Magic.isZeroBlock(head))) {
            return openTar(path, whole, options, source, warnings, resources);
        }
        if (n > 0 && head[0] == '{') {
            Optional<CheckpointSource> index = ContainerdCheckpoints.openIfIndexBlob(path, options);
            if (index.isPresent()) {
                file.close(); // the content store's blobs are opened one by one
                return index.get();
            }
        }
        throw source.fail(null, "not a checkpoint: unrecognised format (it starts with " + Magic.preview(head, n)
                + "; expected a tar, gzip or zstd archive)");
    }

    private static CheckpointSource openCompressed(Path path, FileSlice whole, Compression compression,
            OpenOptions options, SourceRef source, Warnings warnings, List<Closeable> resources) throws IOException {
        TarProbe.Result found = TarProbe.probe(whole, compression, options, source);
        if (!found.checkpoint() && found.imageContainer()) {
            throw source.fail(null, "not supported: a " + compression.label() + "-compressed image archive;"
                    + " decompress it and open the tar (podman image save writes it uncompressed)");
        }
        if (!found.checkpoint()) {
            ImageSources.rejectOrWarn(found, null, source, warnings);
        }
        DefaultCheckpointSource.Facts facts = new DefaultCheckpointSource.Facts(path, SourceKind.TAR_ARCHIVE,
                compression, "checkpoint tar archive, " + compression.label() + "-compressed", whole.length(),
                Map.of());
        return new DefaultCheckpointSource(facts, warnings,
                new StreamingTarStore(whole, compression, options, source, warnings), resources);
    }

    private static CheckpointSource openTar(Path path, FileSlice whole, OpenOptions options, SourceRef source,
            Warnings warnings, List<Closeable> resources) throws IOException {
        IndexedEntries entries = IndexedEntries.build(whole, options, source, warnings);
        if (entries.entries().isEmpty()) {
            throw source.fail(null, "not a checkpoint: the archive holds no entries"
                    + (warnings.cut() != null ? " (" + warnings.cut().substring(source.label().length() + 2) + ")"
                    : ""));
        }
        if (entries.entries().stream().anyMatch(e -> CheckpointMarkers.isCheckpointMarker(e.name()))) {
            DefaultCheckpointSource.Facts facts = new DefaultCheckpointSource.Facts(path, SourceKind.TAR_ARCHIVE,
                    Compression.NONE, "checkpoint tar archive, uncompressed", whole.length(), Map.of());
            return new DefaultCheckpointSource(facts, warnings, new IndexedTarStore(entries), resources);
        }
        TarBlobStore blobs = new TarBlobStore(entries, options);
        if (entries.find("oci-layout").isPresent() || entries.find("index.json").isPresent()) {
            return ImageSources.open(path, SourceKind.OCI_ARCHIVE, blobs, whole.length(), options, source,
                    warnings, resources);
        }
        if (entries.find("manifest.json").isPresent()) {
            Optional<JsonNode> manifest = new ImageJson(blobs, options, source).read("manifest.json");
            if (manifest.isPresent() && DockerArchiveReader.looksLikeDockerManifest(manifest.get())) {
                return ImageSources.open(path, SourceKind.DOCKER_ARCHIVE, blobs, whole.length(), options, source,
                        warnings, resources);
            }
        }
        if (warnings.cut() != null && entries.entries().stream().anyMatch(e -> e.name().startsWith("blobs/"))) {
            // image archives put index.json after the blobs: a cut archive has lost it
            throw source.fail(null, "truncated: the archive holds image blobs but ends before its index.json ("
                    + warnings.cut().substring(source.label().length() + 2) + ")");
        }
        List<String> names = entries.entries().stream().limit(5).map(EntryInfo::name).toList();
        throw source.fail(null, "not a checkpoint: no config.dump, spec.dump or checkpoint/ entry, and no OCI or"
                + " docker image layout (it holds " + String.join(", ", names)
                + (entries.entries().size() > names.size() ? ", ..." : "") + ")");
    }
}
