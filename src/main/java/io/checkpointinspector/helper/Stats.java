package io.checkpointinspector.helper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Podman's --print-stats JSON, renamed to the protocol's fields (times in microseconds). */
final class Stats {

    private Stats() {
    }

    /** Parses podman's stdout; null if it is not the statistics JSON. */
    static ObjectNode parse(ObjectMapper json, String stdout, boolean restore) {
        JsonNode root;
        try {
            root = json.readTree(stdout);
        } catch (java.io.IOException e) {
            return null;
        }
        if (root == null || !root.isObject()) {
            return null;
        }
        JsonNode c = root.path("container_statistics").path(0);
        JsonNode criu = c.path("criu_statistics");
        ObjectNode s = json.createObjectNode();
        s.put(Protocol.StatsField.CONTAINER_ID, c.path("Id").asText(null));
        if (restore) {
            copy(s, Protocol.StatsField.PODMAN_DURATION_US, root, "podman_restore_duration");
            copy(s, Protocol.StatsField.RUNTIME_DURATION_US, c, "runtime_restore_duration");
            copy(s, Protocol.StatsField.FORKING_TIME_US, criu, "forking_time");
            copy(s, Protocol.StatsField.RESTORE_TIME_US, criu, "restore_time");
            copy(s, Protocol.StatsField.PAGES_RESTORED, criu, "pages_restored");
            copy(s, Protocol.StatsField.PAGES_COMPARED, criu, "pages_compared");
            copy(s, Protocol.StatsField.PAGES_SKIPPED_COW, criu, "pages_skipped_cow");
        } else {
            copy(s, Protocol.StatsField.PODMAN_DURATION_US, root, "podman_checkpoint_duration");
            copy(s, Protocol.StatsField.RUNTIME_DURATION_US, c, "runtime_checkpoint_duration");
            copy(s, Protocol.StatsField.FREEZING_TIME_US, criu, "freezing_time");
            copy(s, Protocol.StatsField.FROZEN_TIME_US, criu, "frozen_time");
            copy(s, Protocol.StatsField.MEMDUMP_TIME_US, criu, "memdump_time");
            copy(s, Protocol.StatsField.MEMWRITE_TIME_US, criu, "memwrite_time");
            copy(s, Protocol.StatsField.PAGES_SCANNED, criu, "pages_scanned");
            copy(s, Protocol.StatsField.PAGES_WRITTEN, criu, "pages_written");
        }
        return s;
    }

    private static void copy(ObjectNode to, String name, JsonNode from, String field) {
        JsonNode v = from.get(field);
        if (v != null && v.isIntegralNumber()) {
            to.put(name, v.asLong());
        } else {
            to.putNull(name);
        }
    }
}
