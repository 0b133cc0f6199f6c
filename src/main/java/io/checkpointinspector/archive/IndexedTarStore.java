package io.checkpointinspector.archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** An uncompressed checkpoint tar: scanning walks the index and reads data by position. */
final class IndexedTarStore implements EntryStore {

    private final IndexedEntries entries;

    IndexedTarStore(IndexedEntries entries) {
        this.entries = entries;
    }

    @Override
    public void scan(EntryVisitor visitor) throws IOException {
        FileSlice range = entries.range();
        ScanProgress progress = new ScanProgress(visitor, range.length());
        for (IndexedEntries.Item item : entries.items()) {
            long at = item.dataOffset() - range.offset();
            progress.entry(item.info().name(), at);
            try (InputStream content = item.info().isFile()
                    ? new ProgressInputStream(new BufferedInputStream(entries.open(item), 64 * 1024), progress, at)
                    : InputStream.nullInputStream()) {
                visitor.visit(item.info(), content);
            }
        }
        progress.finish();
    }

    @Override
    public Optional<RandomAccessEntries> randomAccess() {
        return Optional.of(entries);
    }
}
