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
        s.put("containerId", c.path("Id").asText(null));
        if (restore) {
            copy(s, "podmanDurationUs", root, "podman_restore_duration");
            copy(s, "runtimeDurationUs", c, "runtime_restore_duration");
            copy(s, "forkingTimeUs", criu, "forking_time");
            copy(s, "restoreTimeUs", criu, "restore_time");
            copy(s, "pagesRestored", criu, "pages_restored");
            copy(s, "pagesCompared", criu, "pages_compared");
            copy(s, "pagesSkippedCow", criu, "pages_skipped_cow");
        } else {
            copy(s, "podmanDurationUs", root, "podman_checkpoint_duration");
            copy(s, "runtimeDurationUs", c, "runtime_checkpoint_duration");
            copy(s, "freezingTimeUs", criu, "freezing_time");
            copy(s, "frozenTimeUs", criu, "frozen_time");
            copy(s, "memdumpTimeUs", criu, "memdump_time");
            copy(s, "memwriteTimeUs", criu, "memwrite_time");
            copy(s, "pagesScanned", criu, "pages_scanned");
            copy(s, "pagesWritten", criu, "pages_written");
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
