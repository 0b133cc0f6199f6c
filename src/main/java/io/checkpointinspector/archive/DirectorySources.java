package io.checkpointinspector.archive;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Opens a directory: an OCI layout, an unpacked checkpoint, or a bare CRIU image directory. */
final class DirectorySources {

    private DirectorySources() {
    }

    /** dir may itself be a symlink (the user named it); nothing below it is followed. */
    static CheckpointSource open(Path named, OpenOptions options) throws IOException {
        SourceRef source = SourceRef.of(named);
        Path dir = named.toRealPath();
        Warnings warnings = new Warnings(options.maxWarnings());
        if (isFile(dir, "config.dump") || isDirectory(dir, "checkpoint") || isFile(dir, "spec.dump")) {
            return directory(named, dir, SourceKind.CHECKPOINT_DIRECTORY, "", "checkpoint directory", options,
                    source, warnings);
        }
        if (isFile(dir, "oci-layout") || isFile(dir, "index.json")) {
            DirectoryBlobStore blobs = new DirectoryBlobStore(dir, warnings);
            try {
                return ImageSources.open(named, SourceKind.OCI_LAYOUT_DIRECTORY, blobs, regularBytes(dir, options,
                        source), options, source, warnings, List.<Closeable>of(blobs));
            } catch (IOException | RuntimeException e) {
                blobs.close();
                throw e;
            }
        }
        if (isFile(dir, "inventory.img")) {
            return directory(named, dir, SourceKind.CRIU_IMAGE_DIRECTORY, "checkpoint/",
                    "CRIU image directory (images shown under checkpoint/)", options, source, warnings);
        }
        if (Files.exists(dir.resolve("config.dump"), LinkOption.NOFOLLOW_LINKS)) {
            // a symlinked config.dump is reported, never read
            return directory(named, dir, SourceKind.CHECKPOINT_DIRECTORY, "", "checkpoint directory", options,
                    source, warnings);
        }
        throw source.fail(null, "not a checkpoint: the directory has no config.dump, spec.dump, checkpoint/,"
                + " inventory.img or OCI layout");
    }

    private static CheckpointSource directory(Path named, Path dir, SourceKind kind, String prefix,
            String description, OpenOptions options, SourceRef source, Warnings warnings) throws IOException {
        DirectoryStore store = DirectoryStore.open(dir, prefix, options, source, warnings);
        for (EntryInfo e : store.entries()) {
            if (e.isLink() && (CheckpointMarkers.isCheckpointMarker(e.name()) || e.name().equals("inventory.img"))) {
                warnings.add("'" + EntryCatalog.printable(e.name()) + "' is a symlink to '"
                        + EntryCatalog.printable(e.linkTarget()) + "': reported, not read");
            }
        }
        DefaultCheckpointSource.Facts facts = new DefaultCheckpointSource.Facts(named, kind, Compression.NONE,
                description, store.bytes(), Map.of());
        return new DefaultCheckpointSource(facts, warnings, store, List.of());
    }

    private static boolean isFile(Path dir, String name) {
        return Files.isRegularFile(dir.resolve(name), LinkOption.NOFOLLOW_LINKS);
    }

    private static boolean isDirectory(Path dir, String name) {
        return Files.isDirectory(dir.resolve(name), LinkOption.NOFOLLOW_LINKS);
    }

    private static long regularBytes(Path dir, OpenOptions options, SourceRef source) throws IOException {
        return DirectoryStore.open(dir, "", options, source, Warnings.discarding()).bytes();
    }
}
