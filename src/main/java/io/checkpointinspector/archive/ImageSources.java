package io.checkpointinspector.archive;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Opens the checkpoint layer of an image (OCI archive, docker archive, OCI layout directory). The image
 * container is indexed first (headers only for tars), so a manifest written after the blobs costs nothing; an
 * uncompressed layer is then indexed in place and read at random, a compressed one is streamed by scan.
 */
final class ImageSources {

    private ImageSources() {
    }

    static CheckpointSource open(Path path, SourceKind kind, BlobStore blobs, long bytes, OpenOptions options,
            SourceRef source, Warnings warnings, List<Closeable> resources) throws IOException {
        LayerProbe probe = new LayerProbe(options, source);
        ImageJson json = new ImageJson(blobs, options, source);
        if (kind != SourceKind.DOCKER_ARCHIVE) {
            Optional<JsonNode> index = json.read("index.json");
            Optional<ContainerdCheckpoints.Located> containerd = index.isPresent()
                    ? ContainerdCheckpoints.locate(index.get(), blobs, options, source, warnings) : Optional.empty();
            if (containerd.isPresent()) {
                return ContainerdCheckpoints.open(path, kind, blobs, bytes, containerd.get(), options, source,
                        warnings, resources, kind == SourceKind.OCI_LAYOUT_DIRECTORY ? "OCI layout directory"
                                : "OCI archive, outer tar uncompressed");
            }
        }
        ImageSelection selection = kind == SourceKind.DOCKER_ARCHIVE
                ? new DockerArchiveReader(json, blobs, probe, source, warnings).resolve()
                : new OciImageReader(json, blobs, probe, source, warnings).resolve();
        FileSlice layer = selection.layer();
        Compression compression = LayerProbe.compressionOf(layer);
        if (compression == null) {
            throw source.fail(selection.layerPath(), "the checkpoint layer is neither a tar nor gzip/zstd data");
        }
        checkMediaType(selection, compression, warnings);
        EntryStore store;
        if (compression == Compression.NONE) {
            IndexedEntries entries = IndexedEntries.build(layer, options, source, warnings);
            boolean checkpoint = entries.entries().stream()
                    .anyMatch(e -> CheckpointMarkers.isCheckpointMarker(e.name()));
            if (!checkpoint) {
                throw source.fail(selection.layerPath(), entries.entries().isEmpty()
                        ? "not a checkpoint: the image layer holds no entries"
                        : "not a checkpoint: the image layer holds no config.dump, spec.dump or checkpoint/");
            }
            store = new IndexedTarStore(entries);
        } else {
            TarProbe.Result found = TarProbe.probe(layer, compression, options, source);
            if (!found.checkpoint()) {
                rejectOrWarn(found, selection.layerPath(), source, warnings);
            }
            store = new StreamingTarStore(layer, compression, options, source, warnings);
        }
        String description = describe(kind, selection, compression);
        DefaultCheckpointSource.Facts facts = new DefaultCheckpointSource.Facts(path, kind, compression,
                description, bytes, Map.copyOf(selection.annotations()));
        return new DefaultCheckpointSource(facts, warnings, store, resources);
    }

    /** Shared with plain compressed tars: no marker among the first entries. */
    static void rejectOrWarn(TarProbe.Result found, String entry, SourceRef source, Warnings warnings)
            throws CheckpointFormatException {
        if (found.entries() == 0 && found.complete()) {
            throw source.fail(entry, "not a checkpoint: the archive holds no entries");
        }
        if (found.complete()) {
            throw source.fail(entry, "not a checkpoint: no config.dump, spec.dump or checkpoint/ entry (it holds "
                    + String.join(", ", found.firstNames()) + (found.entries() > found.firstNames().size()
                    ? ", ..." : "") + ")");
        }
        warnings.add("no config.dump, spec.dump or checkpoint/ among the first " + found.entries()
                + " entries: this may not be a checkpoint");
    }

    private static String describe(SourceKind kind, ImageSelection selection, Compression compression) {
        String container = switch (kind) {
            case DOCKER_ARCHIVE -> "docker archive (outer tar uncompressed)";
            case OCI_LAYOUT_DIRECTORY -> "OCI layout directory";
            default -> "OCI archive (outer tar uncompressed)";
        };
        String layer = compression == Compression.NONE ? "uncompressed" : compression.label() + "-compressed";
        String name = selection.imageName() == null ? "" : ", image " + selection.imageName();
        return container + ", checkpoint layer " + layer + name;
    }

    private static void checkMediaType(ImageSelection selection, Compression actual, Warnings warnings) {
        String mediaType = selection.mediaType();
        if (mediaType == null) {
            return;
        }
        Compression declared = null;
        if (mediaType.endsWith("+gzip") || mediaType.endsWith(".gzip")) {
            declared = Compression.GZIP;
        } else if (mediaType.endsWith("+zstd") || mediaType.endsWith(".zstd")) {
            declared = Compression.ZSTD;
        } else if (mediaType.endsWith(".tar") || mediaType.endsWith("/tar")) {
            declared = Compression.NONE;
        }
        if (declared != null && declared != actual) {
            warnings.add("layer " + selection.layerPath() + " is declared as " + EntryCatalog.printable(mediaType)
                    + " but its content is " + actual.label() + ": read by content");
        }
    }
}
