package io.checkpointinspector.inspect;

import io.checkpointinspector.archive.CheckpointFormatException;
import io.checkpointinspector.archive.CheckpointSource;
import io.checkpointinspector.archive.CheckpointSources;
import io.checkpointinspector.archive.EntryInfo;
import io.checkpointinspector.archive.EntryVisitor;
import io.checkpointinspector.archive.NestedTar;
import io.checkpointinspector.archive.RandomAccessEntries;
import io.checkpointinspector.criu.CriuImageException;
import io.checkpointinspector.criu.ImageKind;
import io.checkpointinspector.criu.ImageReader;
import io.checkpointinspector.criu.RecordTree;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Bounded, on-demand reads of one checkpoint's entries for the window: the first bytes of an entry, the decoded
 * records of a CRIU image, the first bytes of a file inside rootfs-diff.tar. Every call re-opens the source;
 * random-access sources read the entry in place, compressed ones are scanned again up to the entry. Nothing is
 * extracted to disk. Errors name the source and the entry. Thread-safe.
 */
public final class CheckpointContent {

    /**
     * Bytes of an entry (or of a file in the rootfs diff) from offset on; size is the whole length, truncated
     * tells that the entry goes on after the bytes returned.
     */
    public record Bytes(String name, long size, byte[] data, boolean truncated, long offset) {

        public Bytes(String name, long size, byte[] data, boolean truncated) {
            this(name, size, data, truncated, 0);
        }
    }

    /** The decoded records of a CRIU image as crit-like trees; shown is at most {@link #MAX_RECORDS} of total. */
    public record Records(String name, String kind, List<RecordTree.Node> records, int total,
            List<String> warnings) {

        public Records {
            records = List.copyOf(records);
            warnings = List.copyOf(warnings);
        }
    }

    /** Entry name of the rootfs diff within a checkpoint. */
    public static final String ROOTFS_DIFF = SideFiles.ROOTFS_DIFF;

    /** Largest read handed out, whatever a caller asks for. */
    public static final int MAX_BYTES = NestedTar.MAX_PREVIEW_BYTES;

    /** Records turned into trees per image; a pagemap of a huge dump has far more than anyone reads. */
    public static final int MAX_RECORDS = 20_000;

    /** A compressed source's rootfs diff up to this size is kept after the first read, so previews are instant. */
    static final int ROOTFS_CACHE_BYTES = 64 << 20;

    private final Path path;
    private final Object cacheLock = new Object();
    private byte[] rootfsCache;

    /**
     * Bytes of an entry read at once and kept for the next pages: in a compressed archive each read decompresses up
     * to the entry again, so paging through an entry is served from this window (1 MiB) instead.
     */
    static final int WINDOW_BYTES = 1 << 20;

    /** The window read last (guarded by this). */
    private Bytes window;

    public CheckpointContent(Path path) {
        this.path = Objects.requireNonNull(path, "path");
    }

    public Path path() {
        return path;
    }

    /** Up to maxBytes (capped at {@link #MAX_BYTES}) from the start of the entry. */
    public Bytes bytes(String entryName, int maxBytes, BooleanSupplier cancelled) throws IOException {
        int cap = cap(maxBytes);
        return withEntry(entryName, cancelled, (info, in) -> {
            byte[] data = BoundedRead.upTo(in, cap);
            return new Bytes(entryName, info.entry().size(), data, info.entry().size() > data.length);
        });
    }

    /**
     * Up to maxBytes (capped at {@link #MAX_BYTES}) of the entry from offset on, so that any byte of any entry can be
     * looked at. Random-access sources read just those bytes; compressed ones decompress up to them.
     */
    public Bytes bytes(String entryName, long offset, int maxBytes, BooleanSupplier cancelled) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        int cap = cap(maxBytes);
        if (cap > WINDOW_BYTES) {
            return read(entryName, offset, cap, cancelled);
        }
        synchronized (this) {
            if (window != null && window.name().equals(entryName)) {
                Bytes hit = slice(window, offset, cap);
                if (hit != null) {
                    return hit;
                }
            }
        }
        long windowStart = offset & -(long) WINDOW_BYTES;
        if (offset + cap > windowStart + WINDOW_BYTES) {
            windowStart = offset;
        }
        Bytes read = read(entryName, windowStart, WINDOW_BYTES, cancelled);
        synchronized (this) {
            window = read;
        }
        Bytes part = slice(read, offset, cap);
        // an offset past the end of the entry: an empty read at the end, as a direct read would give
        return part != null ? part : read(entryName, offset, cap, cancelled);
    }

    private Bytes read(String entryName, long offset, int cap, BooleanSupplier cancelled) throws IOException {
        return withEntry(entryName, cancelled, (info, in) -> {
            long size = info.entry().size();
            long start = Math.min(offset, size);
            in.skipNBytes(start);
            byte[] data = BoundedRead.upTo(in, cap);
            return new Bytes(entryName, size, data, start + data.length < size, start);
        });
    }

    /** offset..offset+cap of w (or up to the entry's end), or null when w does not hold it. */
    private static Bytes slice(Bytes w, long offset, int cap) {
        long from = offset - w.offset();
        long windowEnd = w.offset() + w.data().length;
        long end = Math.min(offset + cap, w.size());
        if (from < 0 || offset > w.size() || end > windowEnd) {
            return null;
        }
        byte[] data = java.util.Arrays.copyOfRange(w.data(), (int) from, (int) (end - w.offset()));
        return new Bytes(w.name(), w.size(), data, end < w.size(), offset);
    }

    /** True when {@link #records} can decode the entry (a CRIU image with a record schema). */
    public static boolean hasRecords(String entryName) {
        String base = entryName.substring(entryName.lastIndexOf('/') + 1);
        return entryName.startsWith(SideFiles.CHECKPOINT_DIR) && ImageKind.forFileName(base)
                .map(k -> !k.isRaw() && k.isDecoded()).orElse(false);
    }

    /** The records of a CRIU image, unknown fields included, like {@code crit show}. */
    public Records records(String entryName, BooleanSupplier cancelled) throws IOException {
        return withEntry(entryName, cancelled, (info, in) -> {
            if (info.entry().size() > MAX_BYTES) {
                throw new CheckpointFormatException(path, entryName, info.entry().size() + " bytes is more than the "
                        + MAX_BYTES + " bytes decoded here");
            }
            ImageReader.DecodedImage image;
            try {
                image = ImageReader.read(entryName, in, ImageReader.Limits.DEFAULT);
            } catch (CriuImageException e) {
                throw new CheckpointFormatException(path, null, e.getMessage(), e);
            }
            List<RecordTree.Node> nodes = new ArrayList<>();
            for (ImageReader.Record r : image.entries()) {
                if (nodes.size() >= MAX_RECORDS) {
                    break;
                }
                nodes.add(recordNode(r));
            }
            String kind = image.kind() == null ? null : image.kind().critName();
            return new Records(entryName, kind, nodes, image.entries().size(), image.warnings());
        });
    }

    /**
     * Up to maxBytes of a file in the rootfs diff; path as in the model ("/added/hello.txt"). Empty when the diff
     * has no such entry.
     */
    public Optional<Bytes> rootfsFile(String rootfsPath, int maxBytes, BooleanSupplier cancelled)
            throws IOException {
        String key = rootfsPath.startsWith("/") ? rootfsPath.substring(1) : rootfsPath;
        int cap = cap(maxBytes);
        String label = path + "!" + ROOTFS_DIFF;
        byte[] cached = cachedRootfs();
        if (cached != null) {
            return preview(new ByteArrayInputStream(cached), label, key, cap, rootfsPath);
        }
        return withEntry(ROOTFS_DIFF, cancelled, (info, in) -> {
            if (!info.randomAccess() && info.entry().size() <= ROOTFS_CACHE_BYTES) {
                byte[] all = BoundedRead.all(path, ROOTFS_DIFF, in, ROOTFS_CACHE_BYTES);
                synchronized (cacheLock) {
                    rootfsCache = all;
                }
                return preview(new ByteArrayInputStream(all), label, key, cap, rootfsPath);
            }
            return preview(in, label, key, cap, rootfsPath);
        });
    }

    /**
     * The SHA-256 of a regular file in the rootfs diff, read to its end without holding it; path as in the model.
     * Empty when the diff has no such file. progress receives the file's bytes hashed so far.
     */
    public Optional<String> rootfsSha256(String rootfsPath, BooleanSupplier cancelled, LongConsumer progress)
            throws IOException {
        String key = rootfsPath.startsWith("/") ? rootfsPath.substring(1) : rootfsPath;
        String label = path + "!" + ROOTFS_DIFF;
        byte[] cached = cachedRootfs();
        if (cached != null) {
            return NestedTar.sha256(new ByteArrayInputStream(cached), label, key, cancelled, progress);
        }
        return withEntry(ROOTFS_DIFF, cancelled, (info, in) -> NestedTar.sha256(in, label, key, cancelled, progress));
    }

    private byte[] cachedRootfs() {
        synchronized (cacheLock) {
            return rootfsCache;
        }
    }

    private static Optional<Bytes> preview(InputStream in, String label, String key, int cap, String shownPath)
            throws IOException {
        return NestedTar.preview(in, label, key, cap)
                .map(p -> new Bytes(shownPath, p.entry().size(), p.bytes(), p.truncated()));
    }

    private static RecordTree.Node recordNode(ImageReader.Record r) {
        String type = r.message().getDescriptorForType().getName();
        RecordTree.Node tree = RecordTree.toNode("#" + r.index(), r.message());
        List<RecordTree.Node> children = new ArrayList<>(tree.children());
        if (r.extra() != null) {
            children.add(new RecordTree.Node("extra payload", extraText(r.extra()), List.of()));
        }
        String value = type + (r.partial() ? " (partial)" : "") + summary(tree.children());
        return new RecordTree.Node(tree.name(), value, children);
    }

    /** The first few plain fields in one line, so a list of records can be scanned without opening each. */
    private static String summary(List<RecordTree.Node> fields) {
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (RecordTree.Node f : fields) {
            if (!f.isLeaf() || f.value().length() > 40) {
                continue;
            }
            sb.append(shown == 0 ? "  { " : ", ").append(f.name()).append(": ").append(f.value());
            if (++shown == 4) {
                break;
            }
        }
        return shown == 0 ? "" : sb.append(shown < fields.size() ? ", … }" : " }").toString();
    }

    private static String extraText(ImageReader.ExtraPayload x) {
        StringBuilder sb = new StringBuilder().append(x.declaredLength()).append(" bytes");
        if (x.truncated()) {
            sb.append(" (truncated, ").append(x.readLength()).append(" present)");
        }
        if (x.head().length > 0) {
            sb.append(": ").append(RecordTree.hex(x.head(), x.head().length));
            if (x.head().length < x.readLength()) {
                sb.append('…');
            }
        }
        return sb.toString();
    }

    private static int cap(int maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("negative maxBytes " + maxBytes);
        }
        return Math.min(maxBytes, MAX_BYTES);
    }

    /** An entry being read; randomAccess tells whether it could be read again cheaply. */
    private record Located(EntryInfo entry, boolean randomAccess) {
    }

    /**
     * Writes the whole entry to target, which must not exist (never overwritten, never through a link); a failure
     * or cancel removes the part written. Returns the bytes written.
     */
    public long saveEntry(String entryName, Path target, BooleanSupplier cancelled) throws IOException {
        try {
            return withEntry(entryName, cancelled, (info, in) -> {
                try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(target,
                        java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    byte[] buf = new byte[1 << 16];
                    long total = 0;
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        checkCancelled(cancelled);
                        out.write(buf, 0, n);
                        total += n;
                    }
                    return total;
                }
            });
        } catch (IOException | RuntimeException e) {
            if (!(e instanceof java.nio.file.FileAlreadyExistsException)) {
                java.nio.file.Files.deleteIfExists(target);
            }
            throw e;
        }
    }

    @FunctionalInterface
    private interface EntryReader<T> {
        T read(Located info, InputStream content) throws IOException;
    }

    private <T> T withEntry(String entryName, BooleanSupplier cancelled, EntryReader<T> reader)
            throws IOException {
        Objects.requireNonNull(entryName, "entryName");
        try (CheckpointSource source = CheckpointSources.open(path)) {
            Optional<RandomAccessEntries> random = source.randomAccess();
            if (random.isPresent()) {
                EntryInfo entry = random.get().find(entryName).orElseThrow(() -> missing(entryName));
                checkCancelled(cancelled);
                try (InputStream in = random.get().open(entry.name())) {
                    return reader.read(new Located(entry, true), in);
                }
            }
            return scanFor(source, entryName, cancelled, reader);
        }
    }

    private <T> T scanFor(CheckpointSource source, String entryName, BooleanSupplier cancelled,
            EntryReader<T> reader) throws IOException {
        List<T> found = new ArrayList<>(1);
        try {
            source.scan(new EntryVisitor() {
                @Override
                public void visit(EntryInfo entry, InputStream content) throws IOException {
                    if (found.isEmpty() && entry.name().equals(entryName)) {
                        found.add(reader.read(new Located(entry, false), content));
                    }
                }

                @Override
                public boolean isCancelled() {
                    // Once the entry is read the rest of the archive is of no interest: stop the scan.
                    return !found.isEmpty() || cancelled.getAsBoolean();
                }
            });
        } catch (CancellationException | CheckpointFormatException e) {
            // A problem after the wanted entry does not spoil what was read.
            if (found.isEmpty()) {
                throw e;
            }
        }
        if (found.isEmpty()) {
            throw missing(entryName);
        }
        return found.get(0);
    }

    private void checkCancelled(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("reading " + path + " cancelled");
        }
    }

    private CheckpointFormatException missing(String entryName) {
        return new CheckpointFormatException(path, entryName, "no such entry in this checkpoint");
    }
}
