package io.checkpointinspector.model;

/** One entry of the checkpoint (for the raw view): its name, size and, for CRIU images, the image type. */
public record ImageEntry(String name, long size, String imageType) {
}
