package io.checkpointinspector.model;

/** Where the checkpoint came from and how it is packed. */
public record SourceInfo(String path, String kind, String compression, long bytes, String description) {
}
