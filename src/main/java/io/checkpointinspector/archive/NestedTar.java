package io.checkpointinspector.archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Reads a tar held in a checkpoint entry (rootfs-diff.tar: plain for Podman and CRI-O, gzip-compressed for
 * containerd; volume and /dev/shm tars). Compression is detected by content. The same safety rules and limits as
 * for checkpoints apply; the decompressed size is capped at {@link OpenOptions#minDecompressedBytes()} since the
 * compressed size of a stream is not known. The caller's stream is read but not closed.
 */
public final class NestedTar {

    /**
     * Entries of a nested tar, the problems found, and its compression. entries are those the safety rules let
     * through; members are every header entry, refused ones included and flagged (the tar's own root "./" aside).
     */
    public record Listing(List<EntryInfo> entries, List<String> warnings, Compression compression,
            List<TarMember> members) {

        public Listing(List<EntryInfo> entries, List<String> warnings, Compression compression) {
            this(entries, warnings, compression, List.of());
        }
    }

    /**
     * How much of a listing's regular files is hashed while listing: files up to perFile bytes, until total bytes
     * have been hashed. Larger files are left for {@link #sha256} on demand.
     */
    public record Hashing(long perFile, long total) {

        public static final Hashing NONE = new Hashing(0, 0);
        /** Small files only: a rootfs diff of many small files is hashed for free, a huge one costs no time. */
        public static final Hashing SMALL = new Hashing(1 << 20, 64L << 20);
        public static final Hashing ALL = new Hashing(Long.MAX_VALUE, Long.MAX_VALUE);
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
        return inspect(in, sourceLabel, options, Hashing.NONE);
    }

    public static Listing inspect(InputStream in, String sourceLabel, OpenOptions options, Hashing hashing)
            throws IOException {
        List<EntryInfo> entries = new ArrayList<>();
        List<TarMember> members = new ArrayList<>();
        Warnings warnings = new Warnings(options.maxWarnings());
        long[] hashed = {0};
        Compression compression = walk(in, sourceLabel, options, warnings, (reader, index, raw, info) -> {
            if (info != null) {
                if (entries.size() >= options.maxEntries()) {
                    throw SourceRef.labelled(sourceLabel).fail(info.name(), "more than " + options.maxEntries()
                            + " entries: refusing to read further");
                }
                entries.add(info);
            }
            TarMember m = member(index, raw, info, options);
            if (m == null) {
                return false;
            }
            if (m.isRegularFile() && m.size() <= hashing.perFile() && hashed[0] + m.size() <= hashing.total()) {
                hashed[0] += m.size();
                m = withSha256(m, digest(reader.content(), () -> false, done -> { }));
            }
            members.add(m);
            return false;
        });
        return new Listing(List.copyOf(entries), warnings.snapshot(), compression, List.copyOf(members));
    }

    /**
     * The hex SHA-256 of the whole content of the regular file entryName (normalised lookup, the first entry of that
     * name, as everywhere else); empty when there is no such file. Throws {@link CancellationException} when
     * cancelled turns true; progress receives the bytes hashed so far.
     */
    public static Optional<String> sha256(InputStream in, String sourceLabel, String entryName,
            BooleanSupplier cancelled, LongConsumer progress) throws IOException {
        String key = EntryNames.lookupKey(Objects.requireNonNull(entryName, "entryName"));
        if (key == null) {
            return Optional.empty();
        }
        String[] found = new String[1];
        walk(in, sourceLabel, OpenOptions.defaults(), Warnings.discarding(), (reader, index, raw, info) -> {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("hashing cancelled");
            }
            if (info == null || !info.name().equals(key)) {
                return false;
            }
            if (info.isFile()) {
                found[0] = digest(reader.content(), cancelled, progress);
            }
            return true;
        });
        return Optional.ofNullable(found[0]);
    }

    private static TarMember withSha256(TarMember m, String sha256) {
        return new TarMember(m.index(), m.name(), m.type(), m.size(), m.mode(), m.linkTarget(), m.modified(),
                m.facts(), sha256, m.refused(), m.sparse());
    }

    /** The member for a raw entry; null for the tar's root ("./"), which records no change. */
    private static TarMember member(int index, TarEntry raw, EntryInfo accepted, OpenOptions options) {
        EntryNames.Result r = EntryNames.normalize(raw.rawName(), options.maxNameBytes());
        TarMember.Refusal refused = null;
        String name;
        if (r.ok()) {
            name = r.name();
            if (accepted == null) {
                refused = TarMember.Refusal.DUPLICATE;
            } else if (raw.type() == EntryType.HARDLINK && EntryNames.linkEscapes(name, raw.linkTarget(), false)) {
                refused = TarMember.Refusal.HARDLINK_ESCAPES;
            }
        } else {
            if (r.problem() == EntryNames.Problem.ROOT) {
                return null;
            }
            name = EntryCatalog.printable(raw.rawName());
            refused = switch (r.problem()) {
                case ESCAPES -> TarMember.Refusal.ESCAPES;
                case TOO_LONG -> TarMember.Refusal.TOO_LONG;
                default -> TarMember.Refusal.INVALID;
            };
        }
        return new TarMember(index, name, raw.type(), raw.size(), raw.mode(), raw.linkTarget(), raw.modified(),
                raw.facts(), null, refused, raw.sparse());
    }

    private static String digest(InputStream content, BooleanSupplier cancelled, LongConsumer progress)
            throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        byte[] buf = new byte[64 * 1024];
        long done = 0;
        int n;
        while ((n = content.read(buf)) > 0) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("hashing cancelled");
            }
            sha.update(buf, 0, n);
            done += n;
            progress.accept(done);
        }
        return HexFormat.of().formatHex(sha.digest());
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
        walk(in, sourceLabel, options, Warnings.discarding(), (reader, index, raw, info) -> {
            if (info == null || !info.name().equals(key)) {
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
        /** Every raw entry, numbered from 0; info is null when the safety rules refuse it. Returns true to stop. */
        boolean handle(TarReader reader, int index, TarEntry raw, EntryInfo info) throws IOException;
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
                int index = 0;
                while ((e = reader.next()) != null) {
                    EntryInfo info = catalog.accept(e);
                    if (handler.handle(reader, index++, e, info)) {
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
