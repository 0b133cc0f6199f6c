package io.checkpointinspector.model;

/** One thread of a task; comm is null when the core image does not name it. */
public record ThreadInfo(int tid, String comm, String state) {
}
