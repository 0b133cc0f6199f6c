package io.checkpointinspector.runtime;

import java.nio.file.Path;

/** A finished checkpoint. export, bytes and compression are null without export; stats null without print stats. */
public record CheckpointResult(String container, String containerId, Path export, Long bytes, String compression,
        String image, CheckpointStats stats) {
}
