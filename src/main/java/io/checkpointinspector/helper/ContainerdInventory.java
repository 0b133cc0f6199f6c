package io.checkpointinspector.helper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * containerd's containers in namespace default, for list. Other namespaces (k8s.io of the CRI plugin, moby of
 * Docker, nerdctl's) belong to other managers, which would not know of a container restored behind their back:
 * they are not listed, and a note says how many containers each holds.
 */
final class ContainerdInventory {

    private final HelperConfig config;
    private final ResponseWriter writer;

    ContainerdInventory(HelperConfig config, ResponseWriter writer) {
        this.config = config;
        this.writer = writer;
    }

    void list(Job job, ArrayNode out, ArrayNode notes) throws IOException, RefusedException {
        Ctr ctr = new Ctr(config.ctr());
        if (!ctr.present()) {
            notes.add("containerd is not installed (" + config.ctr() + " is missing)");
            return;
        }
        try {
            ctr.serverVersion(job);
            Map<String, Ctr.Task> tasks = ctr.tasks(job);
            for (Ctr.Row row : ctr.containers(Protocol.CONTAINERD_NAMESPACE, job)) {
                out.add(container(ctr, row, tasks.get(row.id()), job));
            }
            for (String ns : ctr.namespaces(job)) {
                if (ns.equals(Protocol.CONTAINERD_NAMESPACE) || !Checks.NAME.matcher(ns).matches()) {
                    continue;
                }
                int n = ctr.containers(ns, job).size();
                if (n > 0) {
                    notes.add("containerd namespace " + ns + " holds " + n + (n == 1 ? " container" : " containers")
                            + ", not listed: only namespace " + Protocol.CONTAINERD_NAMESPACE + " is handled");
                }
            }
        } catch (RefusedException e) {
            if (job.cancelled()) {
                throw e;
            }
            notes.add(e.getMessage());
        }
    }

    private ObjectNode container(Ctr ctr, Ctr.Row row, Ctr.Task task, Job job) throws IOException {
        ObjectNode o = writer.object();
        o.put(Protocol.Reply.ID, row.id());
        o.put(Protocol.Reply.NAME, row.id());
        o.put(Protocol.Reply.IMAGE, row.image());
        // a container without a task has never run or was deleted after it stopped
        o.put(Protocol.Reply.STATE, task == null ? "created" : task.status());
        o.put(Protocol.Reply.CREATED, created(ctr, row.id(), job));
        // containerd keeps no record of checkpoints taken of a container
        o.putNull(Protocol.Reply.LAST_CHECKPOINT);
        o.put(Protocol.Reply.RUNTIME, Protocol.RUNTIME_CONTAINERD);
        return o;
    }

    private String created(Ctr ctr, String id, Job job) throws IOException {
        if (!Checks.NAME.matcher(id).matches()) {
            return null;
        }
        Podman.Outcome info = ctr.run(List.of("containers", "info", "--", id), job, line -> { });
        if (!info.ok()) {
            return null;
        }
        JsonNode c = writer.json().readTree(info.stdout());
        return c.path("CreatedAt").asText(null);
    }
}
