package io.checkpointinspector.model;

/**
 * Byte counts of the checkpoint's parts as stored (uncompressed entry sizes).
 * checkpointBytes: all entries under checkpoint/; memoryPagesBytes: the pages-*.img among them;
 * rootfsDiffBytes: the rootfs-diff.tar entry.
 */
public record Sizes(long checkpointBytes, long memoryPagesBytes, long rootfsDiffBytes) {
}
