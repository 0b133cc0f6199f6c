package io.checkpointinspector.helper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** podman container restore, from an archive the calling user can read or from a checkpointed container. */
final class RestoreHandler {

    private final HelperConfig config;
    private final ResponseWriter writer;

    RestoreHandler(HelperConfig config, ResponseWriter writer) {
        this.config = config;
        this.writer = writer;
    }

    static List<String> arguments(Request.Restore r) {
        List<String> a = new ArrayList<>(List.of("container", "restore", "--print-stats"));
        if (r.archive() != null) {
            a.add("--import=/dev/stdin");
        }
        if (r.name() != null) {
            a.add("--name=" + r.name());
        }
        CheckpointHandler.flag(a, r.keep(), "--keep");
        CheckpointHandler.flag(a, r.tcpEstablished(), "--tcp-established");
        CheckpointHandler.flag(a, r.ignoreStaticIp(), "--ignore-static-ip");
        CheckpointHandler.flag(a, r.ignoreStaticMac(), "--ignore-static-mac");
        CheckpointHandler.flag(a, r.ignoreRootfs(), "--ignore-rootfs");
        for (String p : r.publishPorts()) {
            a.add("--publish=" + p);
        }
        if (r.container() != null) {
            a.add("--");
            a.add(r.container());
        }
        return a;
    }

    JsonNode run(Request.Restore r, Job job, Consumer<String> progress) throws IOException, RefusedException {
        Podman podman = Inventory.requirePodman(config);
        List<String> args = arguments(r);
        Podman.Outcome o;
        if (r.archive() != null) {
            try (ArchiveSource source = ArchiveSource.open(Path.of(r.archive()), config.caller())) {
                progress.accept("running " + podman.executable() + " " + String.join(" ", args) + " < " + r.archive());
                o = podman.run(args, source.asStdin(), job, progress);
            }
        } else {
            progress.accept("running " + podman.executable() + " " + String.join(" ", args));
            o = podman.run(args, null, job, progress);
        }
        Handlers.require(o, job, "podman container restore");
        ObjectNode stats = Stats.parse(writer.json(), o.stdout(), true);
        ObjectNode res = writer.object();
        String id = stats == null ? null : stats.path(Protocol.StatsField.CONTAINER_ID).asText(null);
        res.put(Protocol.Reply.CONTAINER_ID, id);
        res.put(Protocol.Reply.NAME, r.name());
        res.put(Protocol.Reply.STATE, (String) null);
        if (id != null) {
            Podman.Outcome inspect = podman.run(List.of("container", "inspect", "--", id), job, line -> { });
            if (inspect.ok()) {
                JsonNode c = writer.json().readTree(inspect.stdout()).path(0);
                res.put(Protocol.Reply.NAME, c.path("Name").asText(r.name()));
                res.put(Protocol.Reply.STATE, c.path("State").path("Status").asText(null));
            }
        }
        res.set(Protocol.Reply.STATS, stats);
        return res;
    }
}
