package io.checkpointinspector.runtime;

/** Receives the helper's progress lines for one request (podman's output and the helper's own steps). */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = line -> { };

    void progress(String line);
}
