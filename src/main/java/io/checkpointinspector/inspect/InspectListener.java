package io.checkpointinspector.inspect;

/** Progress and cancellation for a running inspection; called from the reading thread. */
public interface InspectListener {

    InspectListener NONE = new InspectListener() { };

    /** bytesDone of bytesTotal of the source file; currentEntry names the entry being read. */
    default void progress(long bytesDone, long bytesTotal, String currentEntry) {
    }

    default boolean isCancelled() {
        return false;
    }
}
