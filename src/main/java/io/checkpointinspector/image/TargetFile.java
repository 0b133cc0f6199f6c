package io.checkpointinspector.image;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The one file a build writes: a hidden temporary file beside the target, renamed onto it only when complete, so a
 * failed or cancelled build leaves nothing and a reader never sees half an image. Without overwrite, the rename is
 * a hard link (link(2) fails on an existing name, so a file that appeared meanwhile is not replaced either); with
 * overwrite it is rename(2), which replaces a regular file, and a link at the target is replaced, never followed.
 */
final class TargetFile implements AutoCloseable {

    private final Path target;
    private final Path temp;
    private final boolean overwrite;
    private final FileChannel channel;
    private boolean committed;

    private TargetFile(Path target, Path temp, boolean overwrite, FileChannel channel) {
        this.target = target;
        this.temp = temp;
        this.overwrite = overwrite;
        this.channel = channel;
    }

    /**
     * Checks target (not the source, not a link, not an existing file unless overwrite, and then only a regular
     * file; its folder exists) and creates the temporary file beside it.
     */
    static TargetFile create(Path target, boolean overwrite, Path source) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        Path folder = abs.getParent();
        if (folder == null || abs.getFileName() == null) {
            throw new IOException(target + ": not a file name");
        }
        if (Files.isSymbolicLink(abs)) {
            throw new IOException(target + ": is a symbolic link; not followed, nothing written");
        }
        if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
            if (!overwrite) {
                throw new IOException(target + ": exists; not overwritten (use --force to replace it)");
            }
            if (!Files.isRegularFile(abs, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(target + ": is not a regular file; not replaced");
            }
            if (Files.exists(source) && Files.isSameFile(abs, source)) {
                throw new IOException(target + ": is the checkpoint being read; not replaced");
            }
        }
        if (!Files.isDirectory(folder)) {
            throw new IOException(target + ": the folder " + folder + " does not exist");
        }
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        Path temp = folder.resolve("." + abs.getFileName() + ".partial-" + HexFormat.of().formatHex(random));
        // CREATE_NEW is O_CREAT|O_EXCL: never an existing file, never through a link
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        return new TargetFile(abs, temp, overwrite, channel);
    }

    FileChannel channel() {
        return channel;
    }

    Path target() {
        return target;
    }

    Path temp() {
        return temp;
    }

    /** Syncs the complete file and gives it the target's name. */
    void commit() throws IOException {
        channel.force(true);
        channel.close();
        if (overwrite) {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException(target + ": cannot be replaced in one step: " + e.getMessage(), e);
            }
        } else {
            try {
                Files.createLink(target, temp);
            } catch (FileAlreadyExistsException e) {
                throw new IOException(target + ": appeared while the image was being written; not overwritten", e);
            } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
                // a file system without hard links (vfat, some FUSE mounts): a move that does not replace
                Files.move(temp, target);
                committed = true;
                return;
            }
            Files.delete(temp);
        }
        committed = true;
    }

    /** Removes the temporary file unless committed. */
    @Override
    public void close() throws IOException {
        if (channel.isOpen()) {
            channel.close();
        }
        if (!committed) {
            Files.deleteIfExists(temp);
        }
    }
}
