package io.checkpointinspector.helper;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An archive to restore, opened by the calling user.
 *
 * <p>Why this is safe against a swap between check and use: the file is opened once, by a thread that carries the
 * user's file-system identity ({@link AsUser}), so the kernel grants the open only if the user could read the
 * file. podman then gets that very open file as its stdin (the helper reopens /proc/self/fd/N, which names the
 * already opened inode, not the path) and imports /dev/stdin. The path is never looked up again as root, so no
 * later rename or symlink can make podman read a file the user could not read.
 */
public final class ArchiveSource implements AutoCloseable {

    private final int fd;
    private final Path path;

    private ArchiveSource(int fd, Path path) {
        this.fd = fd;
        this.path = path;
    }

    public static ArchiveSource open(Path path, Caller caller) throws RefusedException, IOException {
        int fd = AsUser.run(caller, () -> Posix.open(path.toString(),
                Posix.O_RDONLY | Posix.O_NONBLOCK | Posix.O_NOCTTY | Posix.O_CLOEXEC));
        if (fd < 0) {
            throw new RefusedException(Protocol.CODE_REFUSED, "the archive does not exist or is not readable by the calling user (uid "
                    + caller.uid() + "): " + path);
        }
        ArchiveSource source = new ArchiveSource(fd, path);
        if (!Files.isRegularFile(source.procPath())) {
            source.close();
            throw new RefusedException(Protocol.CODE_REFUSED, "the archive is not a regular file: " + path);
        }
        return source;
    }

    /** /proc/self/fd/N of the open file: reopening it yields the same inode, whatever happened to the path. */
    public Path procPath() {
        return Path.of("/proc/self/fd/" + fd);
    }

    public File asStdin() {
        return procPath().toFile();
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        Posix.close(fd);
    }
}
