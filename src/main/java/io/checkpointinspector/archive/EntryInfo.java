package io.checkpointinspector.archive;

import java.time.Instant;
import java.util.Objects;

/**
 * One checkpoint entry.
 *
 * @param name       normalised, relative to the checkpoint root, '/'-separated, no leading "./" or "/",
 *                   e.g. "checkpoint/pstree.img"; never escapes the root
 * @param type       entry kind
 * @param size       content length in bytes; 0 for everything but {@link EntryType#FILE}
 * @param mode       permission bits (e.g. 0644), without the file-type bits
 * @param linkTarget target of a symlink or hardlink exactly as recorded (may point outside the root:
 *                   it is never followed); null for other types
 * @param modified   modification time; {@link Instant#EPOCH} when the source does not say
 */
public record EntryInfo(String name, EntryType type, long size, int mode, String linkTarget, Instant modified) {

    public EntryInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size + " for " + name);
        }
        if (modified == null) {
            modified = Instant.EPOCH;
        }
    }

    public boolean isFile() {
        return type == EntryType.FILE;
    }

    public boolean isDirectory() {
        return type == EntryType.DIRECTORY;
    }

    public boolean isLink() {
        return type == EntryType.SYMLINK || type == EntryType.HARDLINK;
    }

    /** Last path segment, e.g. "pstree.img" for "checkpoint/pstree.img". */
    public String fileName() {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? name : name.substring(slash + 1);
    }
}
