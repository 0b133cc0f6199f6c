package io.checkpointinspector.inspect;

import io.checkpointinspector.criu.MemoryRead;
import io.checkpointinspector.text.HexDump;
import java.util.ArrayList;
import java.util.List;

/** Read memory as hex and ASCII rows, for the command line and the window alike; gaps say why bytes are missing. */
public final class MemoryDump {

    private MemoryDump() {
    }

    /** The rows of read, addresses from read.vaddr(). */
    public static String of(MemoryRead read) {
        return of(read, MemoryDump::describe);
    }

    /** As above, each gap said in the words given for its reason. */
    public static String of(MemoryRead read, java.util.function.Function<MemoryRead.Reason, String> words) {
        List<HexDump.Hole> holes = new ArrayList<>(read.gaps().size());
        for (MemoryRead.Gap g : read.gaps()) {
            holes.add(new HexDump.Hole(g.vaddr(), g.length(), words.apply(g.reason())));
        }
        return HexDump.of(read.vaddr(), read.data(), holes);
    }

    /** Why bytes are missing, in words. */
    public static String describe(MemoryRead.Reason reason) {
        return switch (reason) {
            case NOT_DUMPED -> "not dumped";
            case IN_PARENT -> "in the parent checkpoint";
            case NOT_IN_PARENT -> "marked in the parent, but not in the parent opened with it";
            case LAZY -> "lazy, not in the image";
            case PAGES_TRUNCATED -> "missing: the pages image ends early";
            case CAPPED -> "not read";
        };
    }
}
