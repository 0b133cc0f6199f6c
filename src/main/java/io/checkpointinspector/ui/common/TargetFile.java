package io.checkpointinspector.ui.common;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** The checks a dialog makes on the file the user asks it to write, before the writer checks again. */
public final class TargetFile {

    private TargetFile() {
    }

    /** Why text cannot be written as a new (or, with replace, replaced) regular file; null when it can. */
    public static String reason(String text, boolean replace) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return "Choose a file to write.";
        }
        Path p;
        try {
            p = Path.of(t);
        } catch (InvalidPathException e) {
            return "Not a valid path: " + e.getReason();
        }
        if (!p.isAbsolute()) {
            return "Give an absolute path.";
        }
        if (Files.isSymbolicLink(p)) {
            return p + " is a symbolic link; links are not followed.";
        }
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                return p + " exists and is not a regular file.";
            }
            if (!replace) {
                return p + " exists; tick Replace to overwrite it.";
            }
        }
        Path folder = p.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            return "The folder " + folder + " does not exist.";
        }
        return null;
    }
}
