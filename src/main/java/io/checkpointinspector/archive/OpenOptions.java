package io.checkpointinspector.archive;

/**
 * Limits that keep reading hostile input bounded.
 *
 * @param minDecompressedBytes decompressed bytes always allowed (default 4 GiB)
 * @param decompressionRatio   allowed decompressed bytes per compressed byte (default 2000); the cap on a
 *                             compressed stream is max(minDecompressedBytes, ratio × compressed size)
 * @param maxEntries           entries per archive (default 1,000,000)
 * @param maxNameBytes         UTF-8 bytes of an entry name (default 4096); longer names are skipped with a warning
 * @param maxSpecialBytes      size of one PAX extended header or GNU long name/link record (default 1 MiB)
 * @param maxMetadataBytes     size of an image's index.json, manifest or config (default 16 MiB)
 * @param maxWarnings          warnings kept per source (default 1000)
 * @param probeEntries         entries a compressed tar is decompressed for at open to recognise it (default 256)
 * @param probeBytes           decompressed bytes read at open to recognise a compressed tar (default 64 MiB)
 */
public record OpenOptions(long minDecompressedBytes, long decompressionRatio, int maxEntries, int maxNameBytes,
        int maxSpecialBytes, int maxMetadataBytes, int maxWarnings, int probeEntries, long probeBytes) {

    private static final long GIB = 1L << 30;

    public OpenOptions {
        requirePositive(minDecompressedBytes, "minDecompressedBytes");
        requirePositive(decompressionRatio, "decompressionRatio");
        requirePositive(maxEntries, "maxEntries");
        requirePositive(maxNameBytes, "maxNameBytes");
        requirePositive(maxSpecialBytes, "maxSpecialBytes");
        requirePositive(maxMetadataBytes, "maxMetadataBytes");
        requirePositive(maxWarnings, "maxWarnings");
        requirePositive(probeEntries, "probeEntries");
        requirePositive(probeBytes, "probeBytes");
    }

    public static OpenOptions defaults() {
        return new OpenOptions(4 * GIB, 2000, 1_000_000, 4096, 1 << 20, 16 << 20, 1000, 256, 64L << 20);
    }

    /** Cap on the decompressed bytes of a stream whose compressed size is compressedBytes. */
    public long decompressedLimit(long compressedBytes) {
        long scaled = compressedBytes > Long.MAX_VALUE / decompressionRatio
                ? Long.MAX_VALUE : compressedBytes * decompressionRatio;
        return Math.max(minDecompressedBytes, scaled);
    }

    public OpenOptions withDecompressionLimit(long minBytes, long ratio) {
        return new OpenOptions(minBytes, ratio, maxEntries, maxNameBytes, maxSpecialBytes, maxMetadataBytes,
                maxWarnings, probeEntries, probeBytes);
    }

    public OpenOptions withMaxEntries(int max) {
        return new OpenOptions(minDecompressedBytes, decompressionRatio, max, maxNameBytes, maxSpecialBytes,
                maxMetadataBytes, maxWarnings, probeEntries, probeBytes);
    }

    private static void requirePositive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
