package io.checkpointinspector.diff;

/** A memory area that starts at the same address in both checkpoints but ends elsewhere or has other permissions. */
public record VmaChange(String start, String endA, String endB, String protA, String protB, String label,
        long sizeA, long sizeB) {
}
