package io.checkpointinspector.archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a tar held in a checkpoint entry (rootfs-diff.tar: plain for Podman and CRI-O, gzip-compressed for
 * containerd; volume and /dev/shm tars). Compression is detected by content. The same safety rules and limits as
 * for checkpoints apply; the decompressed size is capped at {@link OpenOptions#minDecompressedBytes()} since the
 * compressed size of a stream is not known. The caller's stream is read but not closed.
 */
public final class NestedTar {

    /** Entries of a nested tar, the problems found, and its compression. */
    public record Listing(List<EntryInfo> entries, List<String> warnings, Compression compression) {
    }

    /**
     * The first bytes of one nested entry.
     *
     * @param truncated true when the entry is longer than the bytes returned
     */
    public record Preview(EntryInfo entry, byte[] bytes, boolean truncated) {
    }

    /** Largest preview handed out, whatever the caller asks for. */
    public static final int MAX_PREVIEW_BYTES = 64 << 20;

    private NestedTar() {
    }

    /** The entries of the tar in in; sourceLabel names it in errors, e.g. "/x/a.tar.zst!rootfs-diff.tar". */
    public static List<EntryInfo> list(InputStream in, String sourceLabel) throws IOException {
        return inspect(in, sourceLabel, OpenOptions.defaults()).entries();
    }

    public static Listing inspect(InputStream in, String sourceLabel, OpenOptions options) throws IOException {
        List<EntryInfo> entries = new ArrayList<>();
        Warnings warnings = new Warnings(options.maxWarnings());
        Compression compression = walk(in, sourceLabel, options, warnings, (reader, info) -> {
            if (entries.size() >= options.maxEntries()) {
                throw SourceRef.labelled(sourceLabel).fail(info.name(), "more than " + options.maxEntries()
                        + " entries: refusing to read further");
            }
            entries.add(info);
            return false;
        });
        return new Listing(List.copyOf(entries), warnings.snapshot(), compression);
    }

    /** Up to maxBytes of the nested entry named entryName (normalised lookup); empty when there is none. */
    public static Optional<Preview> preview(InputStream in, String sourceLabel, String entryName, int maxBytes)
            throws IOException {
        return preview(in, sourceLabel, entryName, maxBytes, OpenOptions.defaults());
    }

    public static Optional<Preview> preview(InputStream in, String sourceLabel, String entryName, int maxBytes,
            OpenOptions options) throws IOException {
        String key = EntryNames.lookupKey(Objects.requireNonNull(entryName, "entryName"));
        if (maxBytes < 0) {
            throw new IllegalArgumentException("negative maxBytes " + maxBytes);
        }
        if (key == null) {
            return Optional.empty();
        }
        int cap = Math.min(maxBytes, MAX_PREVIEW_BYTES);
        Preview[] found = new Preview[1];
        walk(in, sourceLabel, options, Warnings.discarding(), (reader, info) -> {
            if (!info.name().equals(key)) {
                return false;
            }
            int want = (int) Math.min(cap, info.size());
            byte[] bytes = reader.content().readNBytes(want);
            found[0] = new Preview(info, bytes, info.size() > bytes.length);
            return true;
        });
        return Optional.ofNullable(found[0]);
    }

    private interface EntryHandler {
        /** Returns true to stop. */
        boolean handle(TarReader reader, EntryInfo info) throws IOException;
    }

    private static Compression walk(InputStream in, String sourceLabel, OpenOptions options, Warnings warnings,
            EntryHandler handler) throws IOException {
        Objects.requireNonNull(in, "in");
        SourceRef source = SourceRef.labelled(String.valueOf(sourceLabel));
        BufferedInputStream buffered = new BufferedInputStream(new CloseShieldInputStream(in), 64 * 1024);
        byte[] head = new byte[Magic.BLOCK];
        buffered.mark(Magic.BLOCK);
        int n = new StreamTarInput(buffered).readFully(head, 0, head.length);
        buffered.reset();
        Compression detected = Magic.compression(head, n);
        Compression compression = detected == null ? Compression.NONE : detected;
        if (detected == null && n > 0 && !Magic.looksLikeTarHeader(head, n) && !Magic.isAllZero(head, n)) {
            throw source.fail(null, "not a tar archive (it starts with " + Magic.preview(head, n) + ")");
        }
        try (InputStream data = TarProbe.decompress(compression, buffered, -1, options.minDecompressedBytes(),
                source)) {
            TarReader reader = new TarReader(new StreamTarInput(data), options, source, warnings);
            EntryCatalog catalog = new EntryCatalog(options, warnings, "", false);
            try {
                TarEntry e;
                while ((e = reader.next()) != null) {
                    EntryInfo info = catalog.accept(e);
                    if (info != null && handler.handle(reader, info)) {
                        return compression;
                    }
                }
            } catch (TruncatedEntryException cut) {
                if (!reader.wasCut()) {
                    throw cut; // the outer entry is cut, not this tar: the outer scan reports it
                }
            }
            reader.verifyTrailer();
        }
        return compression;
    }
}
