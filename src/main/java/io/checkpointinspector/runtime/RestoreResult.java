package io.checkpointinspector.runtime;

import java.util.Map;

/** A restored container; stats are podman's --print-stats figures by their protocol names. */
public record RestoreResult(String containerId, String name, String state, Map<String, Long> stats) {

    public RestoreResult {
        stats = Map.copyOf(stats);
    }
}
