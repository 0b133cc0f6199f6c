package io.checkpointinspector.archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Looks at the first entries of a tar (compressed or not) to tell what it holds, reading a bounded amount:
 * at most {@link OpenOptions#probeEntries()} entries and {@link OpenOptions#probeBytes()} decompressed bytes.
 */
final class TarProbe {

    /**
     * @param entries        entries seen (after the safety rules)
     * @param checkpoint     a checkpoint marker was seen (config.dump, spec.dump, checkpoint/)
     * @param imageContainer an OCI layout or docker-archive name was seen (oci-layout, index.json, ...)
     * @param complete       the whole archive was read
     * @param firstNames     the first few names, for messages
     */
    record Result(int entries, boolean checkpoint, boolean imageContainer, boolean complete, List<String> firstNames) {
    }

    private TarProbe() {
    }

    static Result probe(FileSlice range, Compression compression, OpenOptions options, SourceRef source)
            throws IOException {
        if (compression == Compression.NONE) {
            // headers only: data is seeked over, so no byte bound is needed
            return walk(new ChannelTarInput(range), options, source, Long.MAX_VALUE);
        }
        try (InputStream data = decompress(compression, range.stream(), range.length(), options, source)) {
            BufferedInputStream buffered = new BufferedInputStream(data, Magic.BLOCK);
            buffered.mark(Magic.BLOCK);
            byte[] head = new byte[Magic.BLOCK];
            int n;
            try {
                n = new StreamTarInput(buffered).readFully(head, 0, Magic.BLOCK);
                buffered.reset();
            } catch (IOException e) {
                throw source.translate(e, null);
            }
            if (n > 0 && !Magic.looksLikeTarHeader(head, n) && !Magic.isAllZero(head, n)) {
                throw source.fail(null, "not a checkpoint: the " + compression.label()
                        + "-compressed data is not a tar archive (it starts with " + Magic.preview(head, n) + ")");
            }
            return walk(new StreamTarInput(buffered), options, source, options.probeBytes());
        }
    }

    /** Opens the decompressed stream of compressed; decoder start-up failures become format errors. */
    static InputStream decompress(Compression compression, InputStream compressed, long compressedSize,
            OpenOptions options, SourceRef source) throws IOException {
        return decompress(compression, compressed, compressedSize, options.decompressedLimit(compressedSize), source);
    }

    /** The zstd data of range, read ahead and decoded through direct buffers (see {@link ZstdSliceInputStream}). */
    static InputStream decompressZstd(FileSlice range, OpenOptions options, SourceRef source,
            java.util.function.LongConsumer consumed) throws IOException {
        try {
            return Decompressors.openZstd(range, options.decompressedLimit(range.length()), consumed);
        } catch (CheckpointFormatException e) {
            throw e;
        } catch (IOException e) {
            throw source.translate(e, null);
        }
    }

    /** As above with an explicit cap; compressedSize is -1 when unknown. */
    static InputStream decompress(Compression compression, InputStream compressed, long compressedSize, long limit,
            SourceRef source) throws IOException {
        try {
            return Decompressors.open(compression, compressed, limit, compressedSize);
        } catch (CheckpointFormatException e) {
            throw e;
        } catch (IOException e) {
            compressed.close();
            throw source.fail(null, "corrupt " + compression.label() + " data: " + e.getMessage(), e);
        }
    }

    private static Result walk(TarInput input, OpenOptions options, SourceRef source, long maxBytes)
            throws IOException {
        long start = input.position();
        TarReader reader = new TarReader(input, options, source, Warnings.discarding());
        EntryCatalog catalog = new EntryCatalog(options, Warnings.discarding(), "");
        List<String> names = new ArrayList<>();
        int count = 0;
        boolean checkpoint = false;
        boolean image = false;
        while (true) {
            if (count >= options.probeEntries() || input.position() - start > maxBytes) {
                return new Result(count, checkpoint, image, false, names);
            }
            TarEntry e = reader.next();
            if (e == null) {
                return new Result(count, checkpoint, image, true, names);
            }
            EntryInfo info = catalog.accept(e);
            if (info == null) {
                continue;
            }
            count++;
            if (names.size() < 5) {
                names.add(info.name());
            }
            checkpoint |= CheckpointMarkers.isCheckpointMarker(info.name());
            image |= CheckpointMarkers.isImageContainerName(info.name());
            if (checkpoint) {
                return new Result(count, true, image, false, names);
            }
        }
    }
}
