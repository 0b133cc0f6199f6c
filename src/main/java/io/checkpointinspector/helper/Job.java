package io.checkpointinspector.helper;

/** One request being carried out: its podman process (if any) and whether it was cancelled. */
public final class Job {

    private final String id;
    private Process process;
    private boolean cancelled;

    public Job(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Records the running process; destroys it at once if the job was cancelled already. */
    public synchronized void attach(Process p) {
        process = p;
        if (cancelled) {
            p.destroy();
        }
    }

    public synchronized void detach() {
        process = null;
    }

    public synchronized void cancel() {
        cancelled = true;
        if (process != null) {
            // SIGTERM: podman stops its work and cleans up; a checkpoint in progress leaves the container running.
            process.destroy();
        }
    }

    public synchronized boolean cancelled() {
        return cancelled;
    }
}
