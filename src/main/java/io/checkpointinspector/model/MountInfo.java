package io.checkpointinspector.model;

import java.util.List;

/** A mount of the container, as listed in spec.dump. */
public record MountInfo(String destination, String type, String source, List<String> options) {

    public MountInfo {
        options = List.copyOf(options);
    }
}
