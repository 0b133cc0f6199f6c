package io.checkpointinspector.archive;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Entries readable at random. All methods are thread-safe. Names are looked up after normalisation, so
 * "./config.dump" finds "config.dump". Links, directories and other non-files have no content: {@link #open}
 * returns an empty stream and {@link #read} returns -1, so a link named like a checkpoint file never yields
 * another entry's bytes.
 */
public interface RandomAccessEntries {

    /** All entries in archive order (directory sources: sorted by name). */
    List<EntryInfo> entries();

    Optional<EntryInfo> find(String name);

    /** A stream bounded to the entry; {@link java.nio.file.NoSuchFileException} when absent. */
    InputStream open(String name) throws IOException;

    /** Positional read of up to len bytes at offset within the entry; -1 at (or past) the end. */
    int read(String name, long offset, byte[] dst, int off, int len) throws IOException;
}
