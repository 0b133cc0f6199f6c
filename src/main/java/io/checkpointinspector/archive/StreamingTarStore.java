package io.checkpointinspector.archive;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** A compressed checkpoint tar: each scan decompresses the stream once, never to disk, never whole in memory. */
final class StreamingTarStore implements EntryStore {

    private final FileSlice range;
    private final Compression compression;
    private final OpenOptions options;
    private final SourceRef source;
    private final Warnings warnings;

    StreamingTarStore(FileSlice range, Compression compression, OpenOptions options, SourceRef source,
            Warnings warnings) {
        this.range = range;
        this.compression = compression;
        this.options = options;
        this.source = source;
        this.warnings = warnings;
    }

    @Override
    public void scan(EntryVisitor visitor) throws IOException {
        ScanProgress progress = new ScanProgress(visitor, range.length());
        progress.checkCancelled();
        boolean zstd = compression == Compression.ZSTD;
        try (InputStream data = zstd ? TarProbe.decompressZstd(range, options, source, progress::advanceTo)
                : TarProbe.decompress(compression, new ProgressInputStream(range.stream(), progress, 0),
                        range.length(), options, source)) {
            InputStream watched = new CancellationWatch(data, progress);
            TarReader reader = new TarReader(new StreamTarInput(watched, zstd), options, source, warnings);
            EntryCatalog catalog = new EntryCatalog(options, warnings, "");
            EntryInfo last = null;
            while (true) {
                TarEntry e;
                try {
                    e = reader.next();
                } catch (TruncatedEntryException cut) {
                    // The previous entry was not read to its end by the visitor, and the skip past it found the cut.
                    visitor.cutShort(last);
                    break;
                }
                if (e == null) {
                    break;
                }
                progress.checkCancelled();
                EntryInfo info = catalog.accept(e);
                if (info == null) {
                    continue;
                }
                last = info;
                progress.entry(info.name());
                try (InputStream content = info.isFile() ? reader.content() : InputStream.nullInputStream()) {
                    visitor.visit(info, content);
                } catch (TruncatedEntryException cut) {
                    if (!reader.wasCut()) {
                        throw cut;
                    }
                }
                if (reader.wasCut()) {
                    visitor.cutShort(info);
                    break;
                }
            }
            reader.verifyTrailer();
        }
        progress.finish();
    }

    /** Lets cancellation interrupt long runs of highly compressed data. */
    private static final class CancellationWatch extends java.io.FilterInputStream {
        private final ScanProgress progress;
        private long count;

        CancellationWatch(InputStream in, ScanProgress progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
                progress.decompressed(count);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long done = in.skip(n);
            count += Math.max(0, done);
            progress.decompressed(count);
            return done;
        }
    }

    @Override
    public Optional<RandomAccessEntries> randomAccess() {
        return Optional.empty();
    }
}
