package io.checkpointinspector.discover;

import java.nio.file.Path;
import java.util.Objects;

/** One place to look for checkpoints. */
public record Place(Path path, PlaceKind kind) {

    public Place {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
    }

    @Override
    public String toString() {
        return kind.label() + " " + path;
    }
}
