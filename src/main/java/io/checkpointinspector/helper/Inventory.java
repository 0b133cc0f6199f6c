package io.checkpointinspector.helper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** hello (versions, criu check) and list (the containers podman knows). */
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
        r.put("protocol", Protocol.VERSION);
        r.put("helperVersion", config.version());
        r.put("euid", Posix.geteuid());
        r.put("callerUid", config.caller().uid());
        Podman podman = new Podman(config.podman());
        r.put("podman", config.podman().toString());
        r.put("podmanVersion", podman.present() ? podmanVersion(podman, job) : null);
        Podman criu = new Podman(config.criu());
        r.put("criu", config.criu().toString());
        if (criu.present()) {
            Podman.Outcome v = criu.run(List.of("--version"), job, line -> { });
            r.put("criuVersion", firstLine(v.stdout()).replaceFirst("^Version:\\s*", ""));
            List<String> lines = new ArrayList<>();
            Podman.Outcome check = criu.run(List.of("check"), job, lines::add);
            List<String> all = new ArrayList<>(List.of(check.stdout().strip().split("\n")));
            all.addAll(lines);
            all.removeIf(String::isBlank);
            r.put("criuCheckOk", check.ok());
            r.put("criuCheck", String.join("\n", all));
        } else {
            r.putNull("criuVersion");
            r.put("criuCheckOk", false);
            r.put("criuCheck", "criu not found at " + config.criu());
        }
        return r;
    }

    private static String podmanVersion(Podman podman, Job job) throws IOException {
        Podman.Outcome o = podman.run(List.of("version", "--format", "{{.Client.Version}}"), job, line -> { });
        return o.ok() ? firstLine(o.stdout()) : null;
    }

    JsonNode list(Job job, Consumer<String> progress) throws IOException, RefusedException {
        Podman podman = requirePodman(config);
        Podman.Outcome ps = podman.run(List.of("ps", "--all", "--format", "json"), job, progress);
        if (!ps.ok()) {
            throw new RefusedException(Protocol.CODE_FAILED, "podman ps: " + ps.failure());
        }
        JsonNode rows = writer.json().readTree(ps.stdout().isBlank() ? "[]" : ps.stdout());
        List<String> ids = new ArrayList<>();
        rows.forEach(row -> ids.add(row.path("Id").asText()));
        ArrayNode out = writer.json().createArrayNode();
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
        ObjectNode r = writer.object();
        r.set("containers", out);
        return r;
    }

    private ObjectNode container(JsonNode c) {
        ObjectNode o = writer.object();
        o.put("id", c.path("Id").asText());
        o.put("name", c.path("Name").asText());
        o.put("image", c.path("ImageName").asText(c.path("Image").asText()));
        o.put("state", c.path("State").path("Status").asText());
        o.put("created", c.path("Created").asText(null));
        String checkpointed = c.path("State").path("CheckpointedAt").asText(null);
        o.put("lastCheckpoint", checkpointed == null || checkpointed.startsWith(ZERO_TIME.substring(0, 10))
                ? null : checkpointed);
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
