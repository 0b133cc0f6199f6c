package io.checkpointinspector.archive;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Entries of an uncompressed tar held in a file range, found by walking headers only (data is seeked over), read
 * afterwards with positional reads. The range may itself lie inside an outer tar (an image layer).
 */
final class IndexedEntries implements RandomAccessEntries {

    /** An entry and the absolute file position of its data. */
    record Item(EntryInfo info, long dataOffset) {
    }

    private final FileSlice range;
    private final SourceRef source;
    private final EntryLookup<Item> lookup;

    private IndexedEntries(FileSlice range, SourceRef source, List<Item> items) {
        this.range = range;
        this.source = source;
        this.lookup = new EntryLookup<>(items, Item::info);
    }

    static IndexedEntries build(FileSlice range, OpenOptions options, SourceRef source, Warnings warnings)
            throws IOException {
        return build(range, options, source, warnings, "");
    }

    /** prefix is prepended to every entry name ("checkpoint/" for containerd's tar of CRIU images), or "". */
    static IndexedEntries build(FileSlice range, OpenOptions options, SourceRef source, Warnings warnings,
            String prefix) throws IOException {
        TarReader reader = new TarReader(new ChannelTarInput(range), options, source, warnings);
        EntryCatalog catalog = new EntryCatalog(options, warnings, prefix);
        List<Item> items = new ArrayList<>();
        TarEntry e;
        while ((e = reader.next()) != null) {
            EntryInfo info = catalog.accept(e);
            if (info != null) {
                items.add(new Item(info, e.dataOffset()));
            }
        }
        reader.verifyTrailer();
        return new IndexedEntries(range, source, items);
    }

    FileSlice range() {
        return range;
    }

    List<Item> items() {
        return lookup.items();
    }

    @Override
    public List<EntryInfo> entries() {
        return lookup.infos();
    }

    @Override
    public Optional<EntryInfo> find(String name) {
        return lookup.find(name).map(Item::info);
    }

    /** The file range holding a regular file's data. */
    Optional<FileSlice> dataOf(String name) {
        return lookup.find(name).filter(i -> i.info().isFile()).map(this::slice);
    }

    private FileSlice slice(Item item) {
        return new FileSlice(range.file(), item.dataOffset(), item.info().size());
    }

    @Override
    public InputStream open(String name) throws IOException {
        Item item = lookup.require(name);
        return open(item);
    }

    InputStream open(Item item) {
        if (!item.info().isFile()) {
            return InputStream.nullInputStream();
        }
        return new ExactLengthInputStream(slice(item).stream(), item.info().size(), source, item.info().name());
    }

    @Override
    public int read(String name, long offset, byte[] dst, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, dst.length);
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        Item item = lookup.require(name);
        EntryInfo info = item.info();
        if (!info.isFile() || offset >= info.size()) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        int n = slice(item).read(offset, dst, off, len);
        if (n < 0) {
            throw source.fail(info.name(), "truncated: the file ends inside the entry (it changed since opening?)");
        }
        return n;
    }
}
