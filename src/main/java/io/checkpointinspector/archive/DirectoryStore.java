package io.checkpointinspector.archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An unpacked checkpoint (or bare CRIU image directory, exposed under "checkpoint/"). Symlinks are reported,
 * never followed; only regular files are opened, and each open re-checks that the file is still a regular file
 * inside the directory.
 */
final class DirectoryStore implements EntryStore, RandomAccessEntries {

    private record Item(EntryInfo info, Path file) {
    }

    private final Path root;
    private final Path realRoot;
    private final SourceRef source;
    private final EntryLookup<Item> lookup;
    private final long bytes;

    private DirectoryStore(Path root, SourceRef source, List<Item> items) throws IOException {
        this.root = root;
        this.realRoot = root.toRealPath();
        this.source = source;
        this.lookup = new EntryLookup<>(items, Item::info);
        long sum = 0;
        for (Item item : items) {
            sum += item.info().size();
        }
        this.bytes = sum;
    }

    /** Walks root; prefix is "checkpoint/" for bare CRIU image directories, "" otherwise. */
    static DirectoryStore open(Path root, String prefix, OpenOptions options, SourceRef source, Warnings warnings)
            throws IOException {
        EntryCatalog catalog = new EntryCatalog(options, warnings, prefix);
        List<Item> items = new ArrayList<>();
        if (!prefix.isEmpty()) {
            String top = prefix.substring(0, prefix.length() - 1);
            items.add(new Item(new EntryInfo(top, EntryType.DIRECTORY, 0, mode(root), null,
                    Files.getLastModifiedTime(root).toInstant()), root));
        }
        Files.walkFileTree(root, EnumSet.noneOf(java.nio.file.FileVisitOption.class), Integer.MAX_VALUE,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                        if (!dir.equals(root)) {
                            add(dir, attrs);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        add(file, attrs);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        warnings.add("cannot read '" + EntryCatalog.printable(root.relativize(file).toString())
                                + "': " + e.getMessage());
                        return FileVisitResult.CONTINUE;
                    }

                    private void add(Path file, BasicFileAttributes attrs) throws IOException {
                        if (items.size() >= options.maxEntries()) {
                            throw source.fail(null, "more than " + options.maxEntries()
                                    + " entries: refusing to read further");
                        }
                        String rel = relativeName(root, file);
                        EntryType type = typeOf(attrs);
                        String link = type == EntryType.SYMLINK ? Files.readSymbolicLink(file).toString() : null;
                        EntryInfo info = catalog.accept(rel, type, attrs.size(), mode(file),
                                link, attrs.lastModifiedTime().toInstant(), false);
                        if (info != null) {
                            items.add(new Item(info, file));
                        }
                    }
                });
        items.sort(Comparator.comparing(i -> i.info().name()));
        return new DirectoryStore(root, source, items);
    }

    long bytes() {
        return bytes;
    }

    private static String relativeName(Path root, Path file) {
        Path rel = root.relativize(file);
        StringBuilder sb = new StringBuilder();
        for (Path part : rel) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(part);
        }
        return sb.toString();
    }

    private static EntryType typeOf(BasicFileAttributes attrs) {
        if (attrs.isSymbolicLink()) {
            return EntryType.SYMLINK;
        }
        if (attrs.isDirectory()) {
            return EntryType.DIRECTORY;
        }
        return attrs.isRegularFile() ? EntryType.FILE : EntryType.OTHER;
    }

    private static int mode(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            int mode = 0;
            for (PosixFilePermission p : perms) {
                mode |= 1 << (8 - p.ordinal());
            }
            return mode;
        } catch (IOException | UnsupportedOperationException e) {
            return 0;
        }
    }

    @Override
    public void scan(EntryVisitor visitor) throws IOException {
        ScanProgress progress = new ScanProgress(visitor, bytes);
        long done = 0;
        for (Item item : lookup.items()) {
            progress.entry(item.info().name(), done);
            try (InputStream content = item.info().isFile()
                    ? new ProgressInputStream(new BufferedInputStream(open(item), 64 * 1024), progress, done)
                    : InputStream.nullInputStream()) {
                visitor.visit(item.info(), content);
            }
            done += item.info().size();
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
        if (!item.info().isFile()) {
            return InputStream.nullInputStream();
        }
        SeekableByteChannel channel = openChecked(item);
        return new ExactLengthInputStream(Channels.newInputStream(channel), item.info().size(), source,
                item.info().name());
    }

    @Override
    public int read(String name, long offset, byte[] dst, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, dst.length);
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        Item item = lookup.require(name);
        long size = item.info().size();
        if (!item.info().isFile() || offset >= size) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        try (SeekableByteChannel channel = openChecked(item)) {
            channel.position(offset);
            ByteBuffer buf = ByteBuffer.wrap(dst, off, (int) Math.min(len, size - offset));
            int total = 0;
            while (buf.hasRemaining()) {
                int n = channel.read(buf);
                if (n < 0) {
                    break;
                }
                total += n;
            }
            if (total == 0) {
                throw source.fail(item.info().name(), "truncated: the file shrank since the directory was read");
            }
            return total;
        }
    }

    /** Opens without following links, after checking the file is still regular and inside the root. */
    private SeekableByteChannel openChecked(Item item) throws IOException {
        Path file = item.file();
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attrs.isRegularFile()) {
            throw source.fail(item.info().name(), "no longer a regular file: not read");
        }
        if (!file.toRealPath().startsWith(realRoot)) {
            throw source.fail(item.info().name(), "now resolves outside " + root + ": not read");
        }
        return Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }
}
