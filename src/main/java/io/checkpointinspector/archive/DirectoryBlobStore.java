package io.checkpointinspector.archive;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Files of an OCI layout directory; symlinked blobs are refused, not followed. */
final class DirectoryBlobStore implements BlobStore, Closeable {

    private final Path root;
    private final Path realRoot;
    private final Warnings warnings;
    private final List<SharedFile> opened = new ArrayList<>();

    DirectoryBlobStore(Path root, Warnings warnings) throws IOException {
        this.root = root;
        this.realRoot = root.toRealPath();
        this.warnings = warnings;
    }

    @Override
    public synchronized Optional<FileSlice> find(String path) throws IOException {
        String key = EntryNames.lookupKey(path);
        if (key == null) {
            return Optional.empty();
        }
        Path file = root.resolve(key);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        }
        if (attrs.isSymbolicLink()) {
            warnings.add("'" + EntryCatalog.printable(key) + "' is a symlink: not followed");
            return Optional.empty();
        }
        if (!attrs.isRegularFile() || !file.toRealPath().startsWith(realRoot)) {
            return Optional.empty();
        }
        SharedFile shared = SharedFile.open(file, false);
        opened.add(shared);
        return Optional.of(new FileSlice(shared, 0, shared.size()));
    }

    @Override
    public synchronized void close() throws IOException {
        IOException failure = null;
        for (SharedFile f : opened) {
            try {
                f.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        opened.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
