package io.checkpointinspector.report;

import io.checkpointinspector.inspect.CheckpointInspector;
import io.checkpointinspector.inspect.Fixtures;
import io.checkpointinspector.inspect.InspectListener;
import io.checkpointinspector.inspect.MemoryAccess;
import io.checkpointinspector.inspect.MemorySearchResult;
import io.checkpointinspector.model.Checkpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalInt;

/** A report of the real fixture, with one real memory search hit pinned (the worker's marker record 7). */
final class ReportFixtures {

    static final Path SOURCE = Fixtures.path("podman-none.tar");
    static final String QUERY = "CKPT-INSPECTOR-MARKER-00000007";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T17:00:00Z"), ZoneOffset.UTC);

    private ReportFixtures() {
    }

    static ReportData report() throws IOException {
        Checkpoint c = new CheckpointInspector().inspect(SOURCE, InspectListener.NONE);
        MemorySearchResult r = new MemoryAccess(SOURCE, c).search(QUERY.getBytes(StandardCharsets.US_ASCII),
                OptionalInt.empty(), 10, InspectListener.NONE);
        return new Reports(CLOCK).of(c, SOURCE, List.of(PinnedHit.of(r.hits().get(0), QUERY)), () -> false);
    }
}
