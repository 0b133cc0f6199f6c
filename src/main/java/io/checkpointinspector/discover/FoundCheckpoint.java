package io.checkpointinspector.discover;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * One checkpoint found: what its own files say (container, engine, time, size), where it was found, and, when it
 * could not be read, why. Unknown values are null.
 *
 * @param container    container name (or id when it has no name)
 * @param engine       Podman, CRI-O, containerd
 * @param image        the container's image
 * @param checkpointed when the checkpoint was made, as the checkpoint records it (ISO-8601)
 * @param bytes        size of the checkpoint as stored, null when unknown
 * @param path         what opens it (a file or directory), null when nothing here can open it
 * @param place        the kind of place it was found in
 * @param where        how it is known there when not as a file or folder: "image NAME", "image index sha256:…"
 * @param error        why it could not be read, or null
 * @param warnings     what reading it found broken when it could be read in part (a cut archive, a broken image),
 *                     in the words {@code inspect} prints them; empty when nothing was
 */
public record FoundCheckpoint(String container, String engine, String image, String checkpointed, Long bytes,
        String path, PlaceKind place, String where, String error, List<String> warnings) {

    public FoundCheckpoint {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** A row without warnings. */
    public FoundCheckpoint(String container, String engine, String image, String checkpointed, Long bytes,
            String path, PlaceKind place, String where, String error) {
        this(container, engine, image, checkpointed, bytes, path, place, where, error, List.of());
    }

    /** checkpointed as an instant, null when absent or not a time. */
    public Instant time() {
        if (checkpointed == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(checkpointed).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(checkpointed);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    public boolean readable() {
        return error == null;
    }
}
