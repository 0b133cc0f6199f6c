package io.checkpointinspector.helper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** hello (versions, criu check) and list (the containers podman and containerd know). */
final class Inventory {

    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";
    private final HelperConfig config;
    private final ResponseWriter writer;

    Inventory(HelperConfig config, ResponseWriter writer) {
        this.config = config;
        this.writer = writer;
    }

    JsonNode hello(Job job) throws IOException {
        ObjectNode r = writer.object();
        r.put(Protocol.Reply.PROTOCOL, Protocol.VERSION);
        r.put(Protocol.Reply.HELPER_VERSION, config.version());
        r.put(Protocol.Reply.EUID, Posix.geteuid());
        r.put(Protocol.Reply.CALLER_UID, config.caller().uid());
        Podman podman = new Podman(config.podman());
        r.put(Protocol.Reply.PODMAN, config.podman().toString());
        r.put(Protocol.Reply.PODMAN_VERSION, podman.present() ? podmanVersion(podman, job) : null);
        Ctr ctr = new Ctr(config.ctr());
        r.put(Protocol.Reply.CTR, config.ctr().toString());
        String containerd = null;
        if (ctr.present()) {
            try {
                containerd = ctr.serverVersion(job);
            } catch (RefusedException e) {
                // not answering: hello says no version; list says why
            }
        }
        r.put(Protocol.Reply.CONTAINERD_VERSION, containerd);
        Podman criu = new Podman(config.criu());
        r.put(Protocol.Reply.CRIU, config.criu().toString());
        if (criu.present()) {
            Podman.Outcome v = criu.run(List.of("--version"), job, line -> { });
            r.put(Protocol.Reply.CRIU_VERSION, firstLine(v.stdout()).replaceFirst("^Version:\\s*", ""));
            List<String> lines = new ArrayList<>();
            Podman.Outcome check = criu.run(List.of("check"), job, lines::add);
            List<String> all = new ArrayList<>(List.of(check.stdout().strip().split("\n")));
            all.addAll(lines);
            all.removeIf(String::isBlank);
            r.put(Protocol.Reply.CRIU_CHECK_OK, check.ok());
            r.put(Protocol.Reply.CRIU_CHECK, String.join("\n", all));
        } else {
            r.putNull(Protocol.Reply.CRIU_VERSION);
            r.put(Protocol.Reply.CRIU_CHECK_OK, false);
            r.put(Protocol.Reply.CRIU_CHECK, "criu not found at " + config.criu());
        }
        return r;
    }

    private static String podmanVersion(Podman podman, Job job) throws IOException {
        Podman.Outcome o = podman.run(List.of("version", "--format", "{{.Client.Version}}"), job, line -> { });
        return o.ok() ? firstLine(o.stdout()) : null;
    }

    /**
     * Podman's and containerd's containers, each with its runtime. A runtime that is missing or does not answer
     * is a note, not an error: the other one's containers are still listed.
     */
    JsonNode list(Job job, Consumer<String> progress) throws IOException, RefusedException {
        ArrayNode out = writer.json().createArrayNode();
        ArrayNode notes = writer.json().createArrayNode();
        Podman podman = new Podman(config.podman());
        if (!podman.present()) {
            notes.add("podman is not installed (" + config.podman() + ")");
        } else {
            try {
                podmanContainers(podman, job, progress, out);
            } catch (RefusedException e) {
                if (job.cancelled()) {
                    throw e;
                }
                notes.add(e.getMessage());
            }
        }
        new ContainerdInventory(config, writer).list(job, out, notes);
        ObjectNode r = writer.object();
        r.set(Protocol.Reply.CONTAINERS, out);
        r.set(Protocol.Reply.NOTES, notes);
        return r;
    }

    private void podmanContainers(Podman podman, Job job, Consumer<String> progress, ArrayNode out)
            throws IOException, RefusedException {
        Podman.Outcome ps = podman.run(List.of("ps", "--all", "--format", "json"), job, progress);
        if (!ps.ok()) {
            throw new RefusedException(Protocol.CODE_FAILED, "podman ps: " + ps.failure());
        }
        JsonNode rows = writer.json().readTree(ps.stdout().isBlank() ? "[]" : ps.stdout());
        List<String> ids = new ArrayList<>();
        rows.forEach(row -> ids.add(row.path("Id").asText()));
        if (!ids.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("container", "inspect", "--"));
            args.addAll(ids);
            Podman.Outcome inspect = podman.run(args, job, progress);
            if (!inspect.ok()) {
                throw new RefusedException(Protocol.CODE_FAILED, "podman container inspect: " + inspect.failure());
            }
            for (JsonNode c : writer.json().readTree(inspect.stdout())) {
                out.add(container(c));
            }
        }
    }

    private ObjectNode container(JsonNode c) {
        ObjectNode o = writer.object();
        o.put(Protocol.Reply.ID, c.path("Id").asText());
        o.put(Protocol.Reply.NAME, c.path("Name").asText());
        o.put(Protocol.Reply.IMAGE, c.path("ImageName").asText(c.path("Image").asText()));
        o.put(Protocol.Reply.STATE, c.path("State").path("Status").asText());
        o.put(Protocol.Reply.CREATED, c.path("Created").asText(null));
        String checkpointed = c.path("State").path("CheckpointedAt").asText(null);
        o.put(Protocol.Reply.LAST_CHECKPOINT, checkpointed == null || checkpointed.startsWith(ZERO_TIME.substring(0, 10))
                ? null : checkpointed);
        o.put(Protocol.Reply.RUNTIME, Protocol.RUNTIME_PODMAN);
        return o;
    }

    static Podman requirePodman(HelperConfig config) throws RefusedException {
        Podman podman = new Podman(config.podman());
        if (!podman.present()) {
            throw new RefusedException(Protocol.CODE_UNAVAILABLE, "podman is not installed (" + config.podman() + ")");
        }
        return podman;
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
