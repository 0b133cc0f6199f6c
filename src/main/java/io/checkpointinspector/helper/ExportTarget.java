package io.checkpointinspector.helper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Where an exported checkpoint goes. The rules: the target does not exist yet, its folder is a real folder owned
 * by the calling user and reached without any symlink.
 *
 * <p>Why this is safe against a swap between check and use: podman writes the archive into a root-private
 * scratch folder, never to the user's path. The user's file is created (O_CREAT|O_EXCL, mode 0600) by a thread
 * that carries the user's file-system identity ({@link AsUser}), before podman runs, and the archive is then
 * copied into that open descriptor. Whatever the user does to the path meanwhile, the kernel resolves it with the
 * user's own rights, so the helper can never create or overwrite a file the user could not; and because the file
 * is created with the user's fsuid/fsgid it belongs to the user from the start (the chown is done by creation).
 */
public final class ExportTarget {

    private ExportTarget() {
    }

    /** The checks that can be answered before anything is written; each failure is a refusal. */
    public static void check(Path target, Caller caller) throws RefusedException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw refused("export target already exists: " + target);
        }
        Path parent = target.getParent();
        BasicFileAttributes a;
        int owner;
        try {
            a = Files.readAttributes(parent, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            owner = (Integer) Files.getAttribute(parent, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw refused("export folder does not exist: " + parent);
        } catch (IOException e) {
            throw refused("export folder cannot be examined: " + parent + ": " + e.getMessage());
        }
        if (a.isSymbolicLink()) {
            throw refused("export folder is a symlink: " + parent);
        }
        if (!a.isDirectory()) {
            throw refused("export folder is not a folder: " + parent);
        }
        try {
            if (!parent.toRealPath().equals(parent)) {
                throw refused("export folder is reached through a symlink: " + parent + " is " + parent.toRealPath());
            }
        } catch (IOException e) {
            throw refused("export folder cannot be resolved: " + parent);
        }
        if (owner != caller.uid()) {
            throw refused("export folder " + parent + " is owned by uid " + owner + ", not by the calling user (uid "
                    + caller.uid() + ")");
        }
    }

    /** Creates the empty target as the user and returns it open for writing. */
    public static FileChannel reserve(Path target, Caller caller) throws RefusedException, IOException {
        try {
            return AsUser.run(caller, () -> FileChannel.open(target,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))));
        } catch (FileAlreadyExistsException e) {
            throw refused("export target already exists: " + target);
        } catch (java.nio.file.AccessDeniedException e) {
            throw refused("the calling user (uid " + caller.uid() + ") cannot create " + target);
        }
    }

    /** Removes a reserved target again (as the user), after a failure. */
    public static void discard(Path target, Caller caller) {
        try {
            AsUser.run(caller, () -> Files.deleteIfExists(target));
        } catch (IOException | RuntimeException e) {
            // best effort; the file is the user's own
        }
    }

    /** Copies in into out; stops early (returning -1) when job is cancelled. */
    public static long copy(InputStream in, FileChannel out, Job job) throws IOException {
        byte[] buf = new byte[1 << 20];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            if (job.cancelled()) {
                return -1;
            }
            ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
            while (b.hasRemaining()) {
                out.write(b);
            }
            total += n;
        }
        out.force(true);
        return total;
    }

    private static RefusedException refused(String message) {
        return new RefusedException(Protocol.CODE_REFUSED, message);
    }
}
