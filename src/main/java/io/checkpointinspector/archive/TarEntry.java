package io.checkpointinspector.archive;

import java.time.Instant;

/**
 * A raw tar entry before name normalisation.
 *
 * @param size       bytes of data stored in the archive for this entry (0 for header-only types)
 * @param dataOffset position of the data as reported by the {@link TarInput}
 * @param sparse     a GNU sparse file whose stored data is not its content
 * @param facts      owner, device numbers and type byte as the header (and pax records) give them
 */
record TarEntry(String rawName, EntryType type, long size, int mode, String linkTarget, Instant modified,
        long dataOffset, boolean sparse, TarFacts facts) {
}
