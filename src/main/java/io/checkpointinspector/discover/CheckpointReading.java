package io.checkpointinspector.discover;

import io.checkpointinspector.archive.CheckpointFormatException;
import io.checkpointinspector.inspect.CheckpointInspector;
import io.checkpointinspector.inspect.InspectListener;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.model.CheckpointedContainer;
import io.checkpointinspector.text.FailureText;
import io.checkpointinspector.text.Units;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;

/**
 * Reads one candidate with the engine {@code show} uses (random access for tars and folders, one pass for compressed
 * archives), without hashing the rootfs diff, into a row.
 */
final class CheckpointReading {

    /** The candidate is not a checkpoint at all (a tar of something else): no row. */
    static final class NotACheckpoint extends Exception {
        private static final long serialVersionUID = 1L;

        NotACheckpoint(String message) {
            super(message, null, false, false);
        }
    }

    private final CheckpointInspector inspector = new CheckpointInspector(
            io.checkpointinspector.archive.NestedTar.Hashing.NONE);

    FoundCheckpoint read(Path path, PlaceKind place, String where, ScanContext scan) throws NotACheckpoint {
        InspectListener listener = new InspectListener() {
            @Override
            public boolean isCancelled() {
                return scan.stop();
            }
        };
        try {
            Checkpoint c = inspector.inspect(path, listener);
            CheckpointedContainer ci = c.container();
            String name = ci.name() != null ? ci.name() : ci.id();
            return new FoundCheckpoint(name, ci.engine(), ci.image(), ci.checkpointed(), c.source().bytes(),
                    path.toString(), place, where, null, c.warnings());
        } catch (CheckpointFormatException e) {
            if (e.getMessage() != null && e.getMessage().contains("not a checkpoint")) {
                throw new NotACheckpoint(e.getMessage());
            }
            return failed(path, place, where, FailureText.of(e));
        } catch (CancellationException e) {
            return failed(path, place, where, scan.cancelledByUser() ? "not read: the scan was cancelled"
                    : "not read: the scan's time bound ran out while reading it");
        } catch (IOException | RuntimeException | StackOverflowError e) {
            // A hostile file is a row with its error, never the end of the scan.
            return failed(path, place, where, FailureText.of(e));
        }
    }

    static FoundCheckpoint failed(Path path, PlaceKind place, String where, String error) {
        return new FoundCheckpoint(null, null, null, null, size(path), path.toString(), place, where, error);
    }

    static FoundCheckpoint tooBig(Path path, PlaceKind place, long bytes, long limit) {
        return new FoundCheckpoint(null, null, null, null, bytes, path.toString(), place, null,
                "not read here: a compressed archive of " + Units.bytes(bytes) + " is read in one full pass (the"
                        + " scan reads compressed archives up to " + Units.bytes(limit) + "); open it to read it");
    }

    private static Long size(Path path) {
        try {
            return java.nio.file.Files.isRegularFile(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    ? java.nio.file.Files.size(path) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
