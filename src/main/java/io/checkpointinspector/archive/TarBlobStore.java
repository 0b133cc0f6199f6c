package io.checkpointinspector.archive;

import java.util.Optional;

/**
 * Files of an image tar, looked up in its header index. Links inside the tar are resolved (docker save writes
 * symlinks for repeated layers), but only within the tar and for a few hops.
 */
final class TarBlobStore implements BlobStore {

    private static final int MAX_HOPS = 8;

    private final IndexedEntries outer;
    private final int maxNameBytes;

    TarBlobStore(IndexedEntries outer, OpenOptions options) {
        this.outer = outer;
        this.maxNameBytes = options.maxNameBytes();
    }

    @Override
    public Optional<FileSlice> find(String path) {
        String key = EntryNames.lookupKey(path);
        for (int hop = 0; key != null && hop <= MAX_HOPS; hop++) {
            Optional<EntryInfo> info = outer.find(key);
            if (info.isEmpty()) {
                return Optional.empty();
            }
            EntryInfo e = info.get();
            switch (e.type()) {
                case FILE -> {
                    return outer.dataOf(key);
                }
                case SYMLINK -> key = EntryNames.resolveSymlink(e.name(), e.linkTarget(), maxNameBytes);
                case HARDLINK -> key = EntryNames.lookupKey(e.linkTarget());
                default -> {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
