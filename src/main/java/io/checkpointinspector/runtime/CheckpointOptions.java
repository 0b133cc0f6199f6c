package io.checkpointinspector.runtime;

import java.nio.file.Path;

/**
 * podman container checkpoint's options. export null keeps the checkpoint in the container's storage; compression
 * zstd, gzip or none (null: podman's default, zstd); createImage null: no image.
 */
public record CheckpointOptions(String container, Path export, String compression, boolean leaveRunning,
        boolean tcpEstablished, boolean fileLocks, boolean keep, boolean ignoreRootfs, boolean ignoreVolumes,
        boolean preCheckpoint, boolean withPrevious, String createImage, boolean printStats) {

    /** Export container to file with podman's defaults, statistics on. */
    public static CheckpointOptions export(String container, Path file) {
        return new CheckpointOptions(container, file, null, false, false, false, false, false, false, false, false,
                null, true);
    }

    public CheckpointOptions withLeaveRunning(boolean on) {
        return new CheckpointOptions(container, export, compression, on, tcpEstablished, fileLocks, keep,
                ignoreRootfs, ignoreVolumes, preCheckpoint, withPrevious, createImage, printStats);
    }

    public CheckpointOptions withCompression(String c) {
        return new CheckpointOptions(container, export, c, leaveRunning, tcpEstablished, fileLocks, keep,
                ignoreRootfs, ignoreVolumes, preCheckpoint, withPrevious, createImage, printStats);
    }
}
