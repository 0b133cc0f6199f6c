package io.checkpointinspector.report;

import io.checkpointinspector.inspect.MemoryHit;
import java.util.HexFormat;

/**
 * A memory search hit the user pinned for the report. address and contextStart are hex strings like the model's
 * VMA addresses; context is the bytes around the match as hex, match at matchOffset for matchLength bytes.
 */
public record PinnedHit(int pid, String process, String address, String area, String query, String contextStart,
        String contextHex, String contextText, int matchOffset, int matchLength) {

    public static PinnedHit of(MemoryHit h, String query) {
        return new PinnedHit(h.pid(), h.process(), hex(h.address()),
                h.vmaLabel() == null ? "(no area)" : h.vmaLabel().isEmpty() ? "[anonymous]" : h.vmaLabel(),
                query, hex(h.contextStart()), HexFormat.of().formatHex(h.context()), h.preview(), h.matchOffset(),
                h.matchLength());
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
