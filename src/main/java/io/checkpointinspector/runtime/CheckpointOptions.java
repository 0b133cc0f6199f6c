package io.checkpointinspector.runtime;

import java.nio.file.Path;

/**
 * A checkpoint's options. export null keeps the checkpoint in the container's storage; compression zstd, gzip or
 * none (null: podman's default, zstd); createImage null: no image. runtime podman (null means podman too) or
 * containerd, where createImage is the checkpoint image ctr makes (required) and podman's other options do not
 * exist.
 */
public record CheckpointOptions(String container, Path export, String compression, boolean leaveRunning,
        boolean tcpEstablished, boolean fileLocks, boolean keep, boolean ignoreRootfs, boolean ignoreVolumes,
        boolean preCheckpoint, boolean withPrevious, String createImage, boolean printStats, String runtime) {

    public static final String PODMAN = "podman";
    public static final String CONTAINERD = "containerd";

    /** A podman checkpoint. */
    public CheckpointOptions(String container, Path export, String compression, boolean leaveRunning,
            boolean tcpEstablished, boolean fileLocks, boolean keep, boolean ignoreRootfs, boolean ignoreVolumes,
            boolean preCheckpoint, boolean withPrevious, String createImage, boolean printStats) {
        this(container, export, compression, leaveRunning, tcpEstablished, fileLocks, keep, ignoreRootfs,
                ignoreVolumes, preCheckpoint, withPrevious, createImage, printStats, PODMAN);
    }

    /** A containerd checkpoint into image (exported to export unless null), statistics on. */
    public static CheckpointOptions containerd(String container, String image, Path export, boolean leaveRunning) {
        return new CheckpointOptions(container, export, null, leaveRunning, false, false, false, false, false, false,
                false, image, true, CONTAINERD);
    }

    public boolean isContainerd() {
        return CONTAINERD.equals(runtime);
    }

    /**
     * A checkpoint image name for container that the image grammar accepts: localhost/NAME-checkpoint:TAG, the
     * name in lower case with anything else replaced by '-', tag the UTC time (yyyyMMdd-HHmmss).
     */
    public static String defaultImage(String container, java.time.Instant when) {
        String n = container.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        String tag = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(java.time.ZoneOffset.UTC).format(when);
        return "localhost/" + (n.isEmpty() ? "container" : n) + "-checkpoint:" + tag;
    }

    /** Export container to file with podman's defaults, statistics on. */
    public static CheckpointOptions export(String container, Path file) {
        return new CheckpointOptions(container, file, null, false, false, false, false, false, false, false, false,
                null, true);
    }

    public CheckpointOptions withLeaveRunning(boolean on) {
        return new CheckpointOptions(container, export, compression, on, tcpEstablished, fileLocks, keep,
                ignoreRootfs, ignoreVolumes, preCheckpoint, withPrevious, createImage, printStats, runtime);
    }

    public CheckpointOptions withCompression(String c) {
        return new CheckpointOptions(container, export, c, leaveRunning, tcpEstablished, fileLocks, keep,
                ignoreRootfs, ignoreVolumes, preCheckpoint, withPrevious, createImage, printStats, runtime);
    }
}
