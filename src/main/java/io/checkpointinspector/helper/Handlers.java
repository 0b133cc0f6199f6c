package io.checkpointinspector.helper;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.function.Consumer;

/** Carries out one parsed request. */
final class Handlers {

    private final Inventory inventory;
    private final CheckpointHandler checkpoint;
    private final RestoreHandler restore;
    private final ContainerdCheckpoint containerdCheckpoint;
    private final ContainerdRestore containerdRestore;

    Handlers(HelperConfig config, ResponseWriter writer) {
        this.inventory = new Inventory(config, writer);
        this.checkpoint = new CheckpointHandler(config, writer);
        this.restore = new RestoreHandler(config, writer);
        this.containerdCheckpoint = new ContainerdCheckpoint(config, writer);
        this.containerdRestore = new ContainerdRestore(config, writer);
    }

    JsonNode handle(Request r, Job job, Consumer<String> progress) throws IOException, RefusedException {
        if (r instanceof Request.Hello) {
            return inventory.hello(job);
        } else if (r instanceof Request.ListContainers) {
            return inventory.list(job, progress);
        } else if (r instanceof Request.Checkpoint c) {
            return c.containerd() ? containerdCheckpoint.run(c, job, progress) : checkpoint.run(c, job, progress);
        } else if (r instanceof Request.Restore s) {
            return s.containerd() ? containerdRestore.run(s, job, progress) : restore.run(s, job, progress);
        }
        throw new IllegalArgumentException("not a job: " + r);
    }

    /** A failed podman run as an error: cancelled if the job was cancelled, else failed with podman's message. */
    static Podman.Outcome require(Podman.Outcome o, Job job, String what) throws RefusedException {
        if (o.ok()) {
            return o;
        }
        if (job != null && job.cancelled()) {
            throw new RefusedException(Protocol.CODE_CANCELLED, what + " cancelled");
        }
        throw new RefusedException(Protocol.CODE_FAILED, what + " failed (exit " + o.exitCode() + "): " + o.failure());
    }
}
