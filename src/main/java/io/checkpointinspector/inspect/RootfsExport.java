package io.checkpointinspector.inspect;

import io.checkpointinspector.archive.CheckpointFormatException;
import io.checkpointinspector.model.RootfsEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Writes files of a checkpoint's rootfs diff to a place the user chose. Only regular files and folders are
 * written; links, devices, FIFOs and hostile entries (names escaping the root, duplicates) are skipped. Nothing
 * is written outside the chosen folder: every path segment is checked, no
 * existing link is ever followed (neither for folders nor for files) and existing files are never overwritten
 * when saving a folder.
 */
public final class RootfsExport {

    /** What a save did; skipped lists "path: reason" for everything not written. */
    public record Result(int files, long bytes, List<String> skipped) {

        public Result {
            skipped = List.copyOf(skipped);
        }
    }

    /** Folders saved at once; more is a job for the command line. */
    public static final int MAX_FILES = 10_000;

    private final CheckpointContent content;

    public RootfsExport(CheckpointContent content) {
        this.content = Objects.requireNonNull(content, "content");
    }

    /**
     * Writes one file of the diff to target, the exact path the user picked (replacing a regular file there,
     * refusing a link).
     */
    public Result saveFile(String rootfsPath, Path target, BooleanSupplier cancelled) throws IOException {
        CheckpointContent.Bytes bytes = read(rootfsPath, cancelled);
        if (Files.isSymbolicLink(target)) {
            throw new IOException(target + " is a link: not written");
        }
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            out.write(bytes.data());
        }
        return new Result(1, bytes.data().length, List.of());
    }

    /**
     * Writes the folder folderPath of the diff ("/added") and everything below it into targetDir, as
     * targetDir/added/...; entries are those of the model's diff (others are ignored).
     */
    public Result saveFolder(String folderPath, List<RootfsEntry> entries, Path targetDir, BooleanSupplier cancelled)
            throws IOException {
        String folder = trimSlashes(folderPath);
        String parent = folder.contains("/") ? folder.substring(0, folder.lastIndexOf('/') + 1) : "";
        Path base = targetDir.toRealPath();
        if (!Files.isDirectory(base)) {
            throw new IOException(targetDir + " is not a folder");
        }
        List<String> skipped = new ArrayList<>();
        int files = 0;
        long bytes = 0;
        for (RootfsEntry e : entries) {
            String p = trimSlashes(e.path());
            if (!(p.equals(folder) || folder.isEmpty() || p.startsWith(folder + "/"))) {
                continue;
            }
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("saving " + folderPath + " cancelled");
            }
            if (e.hostile() != null) {
                skipped.add(e.path() + ": hostile entry (" + e.hostile() + "), not written");
                continue;
            }
            String[] segments = relativeSegments(p.substring(parent.length()));
            if (segments == null) {
                skipped.add(e.path() + ": unsafe name, not written");
                continue;
            }
            switch (e.type()) {
                case "dir" -> ensureFolder(base, segments, skipped);
                case "file" -> {
                    if (files >= MAX_FILES) {
                        skipped.add(e.path() + ": more than " + MAX_FILES + " files, not written");
                        continue;
                    }
                    long n = writeNew(base, segments, e.path(), cancelled, skipped);
                    if (n >= 0) {
                        files++;
                        bytes += n;
                    }
                }
                default -> skipped.add(e.path() + ": " + e.type() + (e.link() == null ? "" : " to " + e.link())
                        + ", not written");
            }
        }
        return new Result(files, bytes, skipped);
    }

    private CheckpointContent.Bytes read(String rootfsPath, BooleanSupplier cancelled) throws IOException {
        CheckpointContent.Bytes bytes = content.rootfsFile(rootfsPath, CheckpointContent.MAX_BYTES, cancelled)
                .orElseThrow(() -> new CheckpointFormatException(content.path(), CheckpointContent.ROOTFS_DIFF,
                        rootfsPath + " is not in the rootfs diff"));
        if (bytes.truncated()) {
            throw new CheckpointFormatException(content.path(), CheckpointContent.ROOTFS_DIFF, rootfsPath + " has "
                    + bytes.size() + " bytes, more than the " + CheckpointContent.MAX_BYTES + " bytes saved at once");
        }
        return bytes;
    }

    /** Returns bytes written, or -1 when the file was skipped. */
    private long writeNew(Path base, String[] segments, String rootfsPath, BooleanSupplier cancelled,
            List<String> skipped) throws IOException {
        String[] parents = Arrays.copyOf(segments, segments.length - 1);
        Path dir = ensureFolder(base, parents, skipped);
        if (dir == null) {
            skipped.add(rootfsPath + ": its folder could not be made");
            return -1;
        }
        Path target = dir.resolve(segments[segments.length - 1]);
        CheckpointContent.Bytes bytes;
        try {
            bytes = read(rootfsPath, cancelled);
        } catch (CheckpointFormatException e) {
            skipped.add(rootfsPath + ": " + e.getDetail());
            return -1;
        }
        // CREATE_NEW never follows a link that is already there (O_CREAT|O_EXCL).
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            out.write(bytes.data());
        } catch (FileAlreadyExistsException e) {
            skipped.add(rootfsPath + ": " + target + " exists, not overwritten");
            return -1;
        }
        return bytes.data().length;
    }

    /** Makes base/segments... one level at a time; null (with a note) when an existing part is not a real folder. */
    private static Path ensureFolder(Path base, String[] segments, List<String> skipped) throws IOException {
        Path dir = base;
        for (String s : segments) {
            dir = dir.resolve(s);
            if (!dir.normalize().startsWith(base)) {
                skipped.add(dir + ": outside " + base + ", not written");
                return null;
            }
            BasicFileAttributes attrs = attributes(dir);
            if (attrs == null) {
                Files.createDirectory(dir);
            } else if (attrs.isSymbolicLink() || !attrs.isDirectory()) {
                skipped.add(dir + ": exists and is not a folder (links are not followed)");
                return null;
            }
        }
        return dir;
    }

    private static BasicFileAttributes attributes(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }

    /** Path segments of a relative name, or null when a segment could climb out or is not a plain name. */
    private static String[] relativeSegments(String relative) {
        if (relative.isEmpty()) {
            return new String[0];
        }
        String[] segments = relative.split("/");
        for (String s : segments) {
            if (s.isEmpty() || s.equals(".") || s.equals("..") || s.indexOf('\0') >= 0 || s.indexOf('\\') >= 0) {
                return null;
            }
        }
        return segments;
    }

    private static String trimSlashes(String p) {
        int start = 0;
        int end = p.length();
        while (start < end && p.charAt(start) == '/') {
            start++;
        }
        while (end > start && p.charAt(end - 1) == '/') {
            end--;
        }
        return p.substring(start, end);
    }
}
