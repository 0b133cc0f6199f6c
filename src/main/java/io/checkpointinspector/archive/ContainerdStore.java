package io.checkpointinspector.archive;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The entries of a containerd checkpoint image, as the rest of the reader knows checkpoints: the small protobuf
 * blobs (read and checked at open, held in memory), the CRIU tar's entries under checkpoint/ (indexed in place,
 * read at random), and the rw layer as rootfs-diff.tar (its blob as it is, gzip included: whoever reads it
 * decompresses it in one pass).
 */
final class ContainerdStore implements EntryStore, RandomAccessEntries {

    /** One entry and where its bytes are: in memory, in the CRIU tar's index, or a whole blob. */
    private record Item(EntryInfo info, byte[] bytes, IndexedEntries criu, FileSlice blob) {
    }

    private final EntryLookup<Item> lookup;
    private final SourceRef source;
    private final long total;

    private ContainerdStore(List<Item> items, SourceRef source) {
        this.lookup = new EntryLookup<>(items, Item::info);
        this.source = source;
        long sum = 0;
        for (Item i : items) {
            sum += i.info().size();
        }
        this.total = sum;
    }

    static final class Builder {
        private final List<Item> items = new ArrayList<>();

        boolean has(String name) {
            return items.stream().anyMatch(i -> i.info().name().equals(name));
        }

        Builder bytes(String name, byte[] data) {
            items.add(new Item(new EntryInfo(name, EntryType.FILE, data.length, 0444, null, null), data, null, null));
            return this;
        }

        Builder criu(IndexedEntries entries) {
            for (EntryInfo e : entries.entries()) {
                items.add(new Item(e, null, entries, null));
            }
            return this;
        }

        Builder blob(String name, FileSlice slice) {
            items.add(new Item(new EntryInfo(name, EntryType.FILE, slice.length(), 0444, null, null), null, null,
                    slice));
            return this;
        }

        ContainerdStore build(SourceRef source) {
            return new ContainerdStore(items, source);
        }
    }

    @Override
    public void scan(EntryVisitor visitor) throws IOException {
        Objects.requireNonNull(visitor, "visitor");
        ScanProgress progress = new ScanProgress(visitor, total);
        long at = 0;
        for (Item item : lookup.items()) {
            progress.entry(item.info().name(), at);
            try (InputStream content = item.info().isFile()
                    ? new BufferedInputStream(open(item), 64 * 1024) : InputStream.nullInputStream()) {
                visitor.visit(item.info(), content);
            }
            at += item.info().size();
        }
        progress.finish();
    }

    @Override
    public Optional<RandomAccessEntries> randomAccess() {
        return Optional.of(this);
    }

    @Override
    public List<EntryInfo> entries() {
        return lookup.infos();
    }

    @Override
    public Optional<EntryInfo> find(String name) {
        return lookup.find(name).map(Item::info);
    }

    @Override
    public InputStream open(String name) throws IOException {
        return open(lookup.require(name));
    }

    private InputStream open(Item item) throws IOException {
        if (item.bytes() != null) {
            return new ByteArrayInputStream(item.bytes());
        }
        if (item.criu() != null) {
            return item.criu().open(item.info().name());
        }
        if (item.blob() != null) {
            return new ExactLengthInputStream(item.blob().stream(), item.blob().length(), source, item.info().name());
        }
        return InputStream.nullInputStream();
    }

    @Override
    public int read(String name, long offset, byte[] dst, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, dst.length);
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        Item item = lookup.require(name);
        if (item.criu() != null) {
            return item.criu().read(item.info().name(), offset, dst, off, len);
        }
        if (!item.info().isFile() || offset >= item.info().size()) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        if (item.bytes() != null) {
            int n = (int) Math.min(len, item.bytes().length - offset);
            System.arraycopy(item.bytes(), (int) offset, dst, off, n);
            return n;
        }
        int n = item.blob().read(offset, dst, off, len);
        if (n < 0) {
            throw source.fail(item.info().name(), "truncated: the file ends inside the blob (it changed since opening?)");
        }
        return n;
    }
}
