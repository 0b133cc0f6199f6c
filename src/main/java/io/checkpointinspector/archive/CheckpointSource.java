package io.checkpointinspector.archive;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An opened checkpoint in any of the supported forms; see {@link CheckpointSources#open}. */
public interface CheckpointSource extends Closeable {

    Path path();

    SourceKind kind();

    /** Compression of the checkpoint tar itself (for images: of the checkpoint layer; see {@link #description()}). */
    Compression compression();

    /** Human-readable form, e.g. "OCI archive, checkpoint layer gzip-compressed". */
    String description();

    /** Size on disk (directory: sum of regular files). */
    long bytes();

    /** OCI/docker image annotations and config labels; empty for plain archives and directories. */
    Map<String, String> annotations();

    /**
     * Present for containerd's checkpoint images (whatever holds them: OCI archive, layout directory, content
     * store): what their checkpoint index lists. See {@link ContainerdCheckpoints}.
     */
    default Optional<ContainerdImage> containerd() {
        return Optional.empty();
    }

    /** Problems found while opening and scanning (unsafe names, duplicates, ...), without repeats. */
    List<String> warnings();

    /**
     * The warning saying where the archive ends early (inside an entry or a header), once a read met the cut;
     * empty while the source reads whole. Problems that follow from the cut (images after it are missing) are
     * implied by it.
     */
    default Optional<String> cut() {
        return Optional.empty();
    }

    /**
     * Exactly one sequential pass over all checkpoint entries.
     *
     * @throws java.util.concurrent.CancellationException when visitor.isCancelled()
     * @throws CheckpointFormatException                  when the source turns out broken (truncated, bomb, ...)
     */
    void scan(EntryVisitor visitor) throws IOException;

    /**
     * Present when entries can be read at random: uncompressed tar, uncompressed layer inside an uncompressed
     * image tar or layout directory, directories.
     */
    Optional<RandomAccessEntries> randomAccess() throws IOException;
}
