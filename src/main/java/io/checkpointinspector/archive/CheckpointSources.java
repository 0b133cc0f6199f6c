package io.checkpointinspector.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Opens checkpoints in every supported form, recognised by content, never by file name:
 * <ul>
 * <li>a regular file starting with the zstd (28 B5 2F FD) or gzip (1F 8B) magic: a compressed checkpoint tar;</li>
 * <li>a tar (ustar magic at offset 257, or a valid v7 header checksum): a checkpoint tar when it holds
 * config.dump, spec.dump or checkpoint/; an OCI archive when it holds oci-layout or index.json; a docker archive
 * when its manifest.json lists Layers;</li>
 * <li>a directory: an unpacked checkpoint, an OCI layout, or a bare CRIU image directory.</li>
 * </ul>
 * Nothing is ever extracted or written. The path itself may be a symlink; links inside are never followed.
 */
public final class CheckpointSources {

    private CheckpointSources() {
    }

    /**
     * Whether a file starting with these bytes may be a checkpoint archive: compressed (zstd, gzip) or a tar. Only
     * the first 512 bytes matter; for finding candidates without opening every file.
     */
    public static boolean mayBeArchive(byte[] head, int len) {
        return Magic.compression(head, len) != null || Magic.looksLikeTarHeader(head, len);
    }

    /** Whether head (the first bytes of a file) starts compressed data (zstd or gzip). */
    public static boolean isCompressed(byte[] head, int len) {
        return Magic.compression(head, len) != null;
    }

    /** Opens path with {@link OpenOptions#defaults()}. */
    public static CheckpointSource open(Path path) throws IOException {
        return open(path, OpenOptions.defaults());
    }

    /**
     * @throws CheckpointFormatException for unrecognised or broken input
     * @throws NoSuchFileException       when path does not exist
     */
    public static CheckpointSource open(Path path, OpenOptions options) throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(options, "options");
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString());
        }
        if (Files.isDirectory(path)) {
            return DirectorySources.open(path, options);
        }
        if (!Files.isRegularFile(path)) {
            throw new CheckpointFormatException(path, null, "not a checkpoint: neither a regular file nor a directory");
        }
        SharedFile file = SharedFile.open(path, true);
        try {
            return FileSources.open(path, file, options);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }
}
