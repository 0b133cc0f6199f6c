package io.checkpointinspector.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Writes a report to the file the user chose, and nowhere else. */
public final class ReportFiles {

    private ReportFiles() {
    }

    /**
     * Writes text to target (replacing a regular file there). Refuses to write over the checkpoint itself and
     * does not follow a symbolic link at target.
     */
    public static void write(Path target, Path source, String text) throws IOException {
        if (Files.isSymbolicLink(target)) {
            throw new IOException(target + ": is a symbolic link; not followed");
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && Files.exists(source)
                && Files.isSameFile(target, source)) {
            throw new IOException(target + ": is the checkpoint being reported on; choose another file");
        }
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
