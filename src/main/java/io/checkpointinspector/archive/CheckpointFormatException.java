package io.checkpointinspector.archive;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Unrecognised or broken checkpoint input. The message reads "SOURCE: entry NAME: DETAIL" (or "SOURCE: DETAIL"
 * when no entry is concerned), e.g.
 * "/x/a.tar.zst: entry checkpoint/core-1.img: truncated: declared 4096 bytes, 100 present".
 */
public class CheckpointFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path sourcePath;
    private final String sourceLabel;
    private final String entryName;
    private final String detail;

    public CheckpointFormatException(Path sourcePath, String entryName, String detail) {
        this(sourcePath, entryName, detail, null);
    }

    public CheckpointFormatException(Path sourcePath, String entryName, String detail, Throwable cause) {
        this(sourcePath, String.valueOf(sourcePath), entryName, detail, cause);
    }

    /** For sources that are not files of their own, e.g. a tar nested in an entry ("a.tar!rootfs-diff.tar"). */
    public CheckpointFormatException(String sourceLabel, String entryName, String detail, Throwable cause) {
        this(null, sourceLabel, entryName, detail, cause);
    }

    private CheckpointFormatException(Path sourcePath, String sourceLabel, String entryName, String detail,
            Throwable cause) {
        super(format(sourceLabel, entryName, detail), cause);
        this.sourcePath = sourcePath;
        this.sourceLabel = sourceLabel;
        this.entryName = entryName;
        this.detail = detail;
    }

    private static String format(String source, String entry, String detail) {
        StringBuilder sb = new StringBuilder(String.valueOf(source)).append(": ");
        if (entry != null) {
            sb.append("entry ").append(entry).append(": ");
        }
        return sb.append(detail).toString();
    }

    /** The file concerned; null when the source is not a file (nested tar). */
    public Path getSourcePath() {
        return sourcePath;
    }

    public String getSourceLabel() {
        return sourceLabel;
    }

    /** The entry concerned, or null. */
    public String getEntryName() {
        return entryName;
    }

    /** The message without source and entry. */
    public String getDetail() {
        return detail;
    }
}
