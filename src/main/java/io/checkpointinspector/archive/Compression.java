package io.checkpointinspector.archive;

/** Compression of a checkpoint tar (for images: of the checkpoint layer). */
public enum Compression {
    NONE,
    GZIP,
    ZSTD;

    /** Lower-case name as used in descriptions ("none", "gzip", "zstd"). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
