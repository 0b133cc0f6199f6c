package io.checkpointinspector.archive;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Map;

/**
 * Walks tar headers with every size bounded: pax and GNU long-name records are capped, the number of entries is
 * capped, and declared sizes are checked against what is present. Header-only types (links, directories, devices,
 * FIFOs) carry no data, as in Go's archive/tar, which wrote the archives we read.
 */
final class TarReader {

    private static final int BLOCK = Magic.BLOCK;
    /** Trailing bytes of a file range examined for hidden data; more than this is reported by size alone. */
    private static final long TRAILER_SCAN = 1 << 20;

    private final TarInput in;
    private final OpenOptions options;
    private final SourceRef source;
    private final Warnings warnings;
    private final byte[] block = new byte[BLOCK];

    private String currentName;
    private long currentSize;
    private long dataStart;
    /** The data of the current entry; null before the first. */
    private EntryContent current;
    private long padding;
    private int generation;
    private int entries;
    private boolean ended;
    private boolean cut;

    TarReader(TarInput in, OpenOptions options, SourceRef source, Warnings warnings) {
        this.in = in;
        this.options = options;
        this.source = source;
        this.warnings = warnings;
    }

    /** Number of entries returned so far. */
    int entries() {
        return entries;
    }

    /**
     * True once the archive turned out to end inside an entry (or a header): the scan stops there, a warning says
     * where, and {@link #next()} returns null from then on.
     */
    boolean wasCut() {
        return cut;
    }

    /** The next entry, or null at the end of the archive. */
    TarEntry next() throws IOException {
        if (ended) {
            return null;
        }
        if (!finishCurrent()) {
            return endWithoutMarker();
        }
        Map<String, String> pax = null;
        String longName = null;
        String longLink = null;
        long extendedBytes = 0;
        while (true) {
            long headerPos = in.position();
            int n;
            try {
                n = guarded(() -> in.readFully(block, 0, BLOCK));
            } catch (CheckpointFormatException e) {
                if (!isCompressedDataEnd(e)) {
                    throw e;
                }
                n = -1;
            }
            if (n == 0 && pax == null && longName == null && longLink == null) {
                return endWithoutMarker();
            }
            if (n < BLOCK) {
                return endInsideHeader(headerPos);
            }
            if (Magic.isZeroBlock(block)) {
                if (pax != null || longName != null || longLink != null) {
                    throw source.fail(currentName, "extended header at offset " + headerPos
                            + " is followed by the end-of-archive marker instead of an entry");
                }
                ended = true;
                return null;
            }
            if (!TarHeader.checksumMatches(block)) {
                throw source.fail(null, "corrupt tar header at offset " + headerPos + " (checksum mismatch"
                        + (currentName != null ? ", after entry " + currentName : "") + ")");
            }
            TarHeader h = TarHeader.parse(block);
            if (h.size() < 0) {
                throw source.fail(h.name(), "corrupt tar header at offset " + headerPos + " (invalid size field)");
            }
            if (isExtendedHeader(h.typeflag()) && h.size() <= options.maxSpecialBytes()) {
                extendedBytes += h.size();
                if (extendedBytes > 2L * options.maxSpecialBytes()) {
                    throw source.fail(h.name(), "extended headers of more than " + 2L * options.maxSpecialBytes()
                            + " bytes before one entry");
                }
            }
            switch (h.typeflag()) {
                case 'x', 'X' -> {
                    byte[] data = readSpecial(h, "pax extended header");
                    pax = PaxHeaders.parse(data, data.length, pax);
                    if (pax == null) {
                        throw source.fail(h.name(), "malformed pax extended header at offset " + headerPos);
                    }
                    continue;
                }
                case 'g' -> {
                    byte[] data = readSpecial(h, "pax global header");
                    // validated but not applied: global defaults would let one header rename every entry
                    if (PaxHeaders.parse(data, data.length, null) == null) {
                        throw source.fail(h.name(), "malformed pax global header at offset " + headerPos);
                    }
                    continue;
                }
                case 'L' -> {
                    longName = cString(readSpecial(h, "GNU long name"));
                    continue;
                }
                case 'K' -> {
                    longLink = cString(readSpecial(h, "GNU long link name"));
                    continue;
                }
                case 'V' -> {
                    skipOrFail(h.name(), h.size(), h.size());
                    skipPadding(h.size());
                    continue;
                }
                default -> {
                    return startEntry(h, pax, longName, longLink);
                }
            }
        }
    }

    /**
     * After {@link #next()} returned null: looks at what follows the end-of-archive marker. Streams are read to
     * their end, so compressed data is verified completely (truncation, checksums); data other than zero padding
     * is reported, since it is invisible to tar tools.
     */
    void verifyTrailer() throws IOException {
        if (cut) {
            return;
        }
        long known = in.remaining();
        if (known > TRAILER_SCAN) {
            warnings.add(source.label() + ": " + known + " bytes follow the end-of-archive marker");
            return;
        }
        byte[] buf = new byte[64 * 1024];
        long trailing = 0;
        boolean data = false;
        int n;
        while ((n = guarded(() -> in.read(buf, 0, buf.length))) > 0) {
            trailing += n;
            data = data || !Magic.isAllZero(buf, n);
        }
        if (data) {
            warnings.add(source.label() + ": " + trailing + " bytes follow the end-of-archive marker");
        }
    }

    /**
     * The current entry's data, bounded to its size. Invalid once {@link #next()} is called again. Read errors
     * become {@link CheckpointFormatException}s naming the entry.
     */
    InputStream content() {
        return current == null ? InputStream.nullInputStream() : current;
    }

    private TarEntry startEntry(TarHeader h, Map<String, String> pax, String longName, String longLink)
            throws IOException {
        String name = h.name();
        if (longName != null) {
            name = longName;
        }
        String link = longLink != null ? longLink : h.linkName();
        long size = h.size();
        Long mtime = h.mtime() >= 0 ? h.mtime() : null;
        Instant modified = null;
        boolean sparse = h.typeflag() == 'S';
        if (pax != null) {
            name = pax.getOrDefault("path", name);
            link = pax.getOrDefault("linkpath", link);
            if (pax.containsKey("size")) {
                size = parseSize(pax.get("size"), name);
            }
            modified = parsePaxTime(pax.get("mtime"));
            if (pax.keySet().stream().anyMatch(k -> k.startsWith("GNU.sparse."))) {
                sparse = true;
                name = pax.getOrDefault("GNU.sparse.name", name);
            }
        }
        if (modified == null) {
            modified = mtime != null ? instant(mtime, 0) : Instant.EPOCH;
        }
        if (sparse && h.typeflag() == 'S') {
            skipSparseExtensions(name);
        }
        EntryType type = typeOf(h.typeflag(), name);
        long dataSize = hasData(h.typeflag()) ? size : 0;
        if (!hasData(h.typeflag()) && size > 0) {
            warnings.add("entry '" + name + "' of type '" + (char) h.typeflag() + "' declares " + size
                    + " bytes of data: ignored (this type has none)");
        }
        if (sparse) {
            type = EntryType.OTHER;
        }
        entries++;
        if (entries > options.maxEntries()) {
            throw source.fail(name, "more than " + options.maxEntries() + " entries: refusing to read further");
        }
        long known = in.remaining();
        if (known >= 0 && dataSize > known) {
            // Known before reading (a file): the entry is left out and the walk ends here.
            ended = true;
            cut = true;
            warnings.addCut(TruncatedEntryException.warning(source, name, dataSize, known));
            return null;
        }
        currentName = name;
        currentSize = dataSize;
        dataStart = in.position();
        padding = pad(dataSize);
        generation++;
        current = new EntryContent(generation, dataSize);
        return new TarEntry(name, type, dataSize, h.mode(), isLink(type) ? link : null, modified, in.position(),
                sparse, h.facts().withPax(pax));
    }

    private static boolean isExtendedHeader(byte flag) {
        return flag == 'x' || flag == 'X' || flag == 'g' || flag == 'L' || flag == 'K';
    }

    private static boolean isLink(EntryType type) {
        return type == EntryType.SYMLINK || type == EntryType.HARDLINK;
    }

    private static EntryType typeOf(byte flag, String name) {
        return switch (flag) {
            case '0', '7' -> EntryType.FILE;
            case 0 -> name.endsWith("/") ? EntryType.DIRECTORY : EntryType.FILE;
            case '1' -> EntryType.HARDLINK;
            case '2' -> EntryType.SYMLINK;
            case '5' -> EntryType.DIRECTORY;
            default -> EntryType.OTHER;
        };
    }

    private static boolean hasData(byte flag) {
        return switch (flag) {
            case '1', '2', '3', '4', '5', '6' -> false;
            case 0 -> true;
            default -> true;
        };
    }

    /** Skips what is left of the current entry; false when the archive ends inside the padding. */
    private boolean finishCurrent() throws IOException {
        if (currentName == null) {
            return true;
        }
        long left = current == null ? 0 : current.left();
        generation++;
        if (left > 0) {
            skipOrFail(currentName, left, currentSize);
        }
        long pad = padding;
        padding = 0;
        long skipped = guarded(() -> in.skip(pad));
        return skipped == pad;
    }

    private void skipOrFail(String name, long count, long declared) throws IOException {
        long skipped;
        try {
            skipped = guarded(() -> in.skip(count));
        } catch (CheckpointFormatException e) {
            if (!isCompressedDataEnd(e) || !name.equals(currentName)) {
                throw e;
            }
            throw cutShort(e);
        }
        if (skipped < count) {
            if (name.equals(currentName)) {
                throw cutShort(null);
            }
            long present = declared - count + skipped;
            throw source.fail(name, "truncated: declared " + declared + " bytes, " + present + " present");
        }
    }

    /** The current entry's data ends early: remembered, warned about once (entry, byte counts), and thrown. */
    private TruncatedEntryException cutShort(Throwable cause) {
        long present = Math.max(0, Math.min(currentSize, in.position() - dataStart));
        ended = true;
        cut = true;
        warnings.addCut(TruncatedEntryException.warning(source, currentName, currentSize, present));
        return new TruncatedEntryException(source, currentName, currentSize, present, cause);
    }

    private TarEntry endInsideHeader(long headerPos) {
        ended = true;
        cut = true;
        warnings.addCut(source.label() + ": the archive is cut short inside the tar header at offset " + headerPos
                + (currentName != null ? " (after entry " + currentName + ")" : "")
                + ": nothing after it was read");
        return null;
    }

    /** The decompressor ran out of input: the compressed file is cut. */
    private static boolean isCompressedDataEnd(CheckpointFormatException e) {
        return SourceRef.COMPRESSED_END.equals(e.getDetail());
    }

    private void skipPadding(long size) throws IOException {
        long pad = pad(size);
        if (guarded(() -> in.skip(pad)) < pad) {
            throw source.fail(currentName, "truncated: archive ends inside a header record");
        }
    }

    private TarEntry endWithoutMarker() {
        ended = true;
        if (entries > 0) {
            warnings.add(source.label() + ": the archive ends without the end-of-archive marker"
                    + " (after entry " + currentName + "): it may be truncated");
        }
        return null;
    }

    private byte[] readSpecial(TarHeader h, String what) throws IOException {
        if (h.size() > options.maxSpecialBytes()) {
            throw source.fail(h.name(), what + " of " + h.size() + " bytes exceeds the limit of "
                    + options.maxSpecialBytes() + " bytes");
        }
        int len = (int) h.size();
        byte[] data = new byte[len];
        int n = guarded(() -> in.readFully(data, 0, len));
        if (n < len) {
            throw source.fail(h.name(), "truncated: declared " + len + " bytes, " + n + " present");
        }
        skipPadding(len);
        return data;
    }

    /** Old GNU sparse headers may be followed by extension blocks of sparse descriptors. */
    private void skipSparseExtensions(String name) throws IOException {
        boolean extended = block[482] != 0;
        int maxBlocks = Math.max(1, options.maxSpecialBytes() / BLOCK);
        for (int i = 0; extended; i++) {
            if (i >= maxBlocks) {
                throw source.fail(name, "too many GNU sparse extension headers");
            }
            if (guarded(() -> in.readFully(block, 0, BLOCK)) < BLOCK) {
                throw source.fail(name, "truncated: GNU sparse extension header is incomplete");
            }
            extended = block[504] != 0;
        }
    }

    private long parseSize(String value, String name) throws CheckpointFormatException {
        try {
            long size = Long.parseLong(value.trim());
            if (size >= 0) {
                return size;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw source.fail(name, "invalid pax size '" + abbreviate(value) + "'");
    }

    private static Instant parsePaxTime(String value) {
        if (value == null || value.length() > 40) {
            return null;
        }
        try {
            BigDecimal t = new BigDecimal(value.trim());
            BigDecimal seconds = t.setScale(0, java.math.RoundingMode.FLOOR);
            long nanos = t.subtract(seconds).movePointRight(9).longValue();
            return instant(seconds.longValueExact(), nanos);
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    private static Instant instant(long seconds, long nanos) {
        try {
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (DateTimeException e) {
            return Instant.EPOCH;
        }
    }

    private static long pad(long size) {
        long rest = size % BLOCK;
        return rest == 0 ? 0 : BLOCK - rest;
    }

    private static String cString(byte[] data) {
        int end = 0;
        while (end < data.length && data[end] != 0) {
            end++;
        }
        return new String(data, 0, end, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private interface IoCall<T> {
        T call() throws IOException;
    }

    private <T> T guarded(IoCall<T> call) throws IOException {
        try {
            return call.call();
        } catch (IOException e) {
            throw source.translate(e, currentName);
        }
    }

    /** Data of the entry current when it was created; dead once the reader moves on. */
    private final class EntryContent extends BoundedStream {
        private final int owner;
        private boolean closed;

        EntryContent(int owner, long size) {
            super(size);
            this.owner = owner;
        }

        @Override
        protected boolean live() {
            return !closed && owner == generation;
        }

        @Override
        protected int readAt(long pos, byte[] b, int off, int len) throws IOException {
            try {
                return guarded(() -> in.read(b, off, len));
            } catch (CheckpointFormatException e) {
                if (!isCompressedDataEnd(e)) {
                    throw e;
                }
                throw cutShort(e);
            }
        }

        @Override
        protected int endedEarly(long pos) throws IOException {
            throw cutShort(null);
        }

        @Override
        protected long skipAt(long pos, long n) throws IOException {
            long done;
            try {
                done = guarded(() -> in.skip(n));
            } catch (CheckpointFormatException e) {
                if (!isCompressedDataEnd(e)) {
                    throw e;
                }
                throw cutShort(e);
            }
            if (done < n) {
                throw cutShort(null);
            }
            return done;
        }

        @Override
        public int available() {
            return live() ? (int) Math.min(Integer.MAX_VALUE, Math.min(left(), Math.max(0, in.remaining()))) : 0;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
