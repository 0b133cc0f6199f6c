package io.checkpointinspector.archive;

/** Kind of a checkpoint entry. Links are reported, never followed. */
public enum EntryType {
    FILE,
    DIRECTORY,
    SYMLINK,
    HARDLINK,
    /** Devices, FIFOs, sparse or unknown tar types: reported without content. */
    OTHER
}
