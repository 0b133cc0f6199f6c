package io.checkpointinspector.inspect;

import io.checkpointinspector.model.Vma;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The memory areas of one process by address, from the model's hex strings. */
public final class VmaLookup {

    private final List<Vma> sorted;
    private final long[] starts;

    public VmaLookup(List<Vma> vmas) {
        sorted = new ArrayList<>(vmas);
        sorted.sort(Comparator.comparing(VmaLookup::start, Long::compareUnsigned));
        starts = new long[sorted.size()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = start(sorted.get(i));
        }
    }

    /** The area holding address, if any. */
    public Optional<Vma> find(long address) {
        int lo = 0;
        int hi = starts.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(starts[mid], address) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0 || Long.compareUnsigned(address, end(sorted.get(found))) >= 0) {
            return Optional.empty();
        }
        return Optional.of(sorted.get(found));
    }

    /** First address of an area. */
    public static long start(Vma v) {
        return parseHex(v.start());
    }

    /** Exclusive end address of an area. */
    public static long end(Vma v) {
        return parseHex(v.end());
    }

    /** "0x7ffd4000" or "7ffd4000" as an unsigned value. */
    public static long parseHex(String text) {
        String t = text.trim();
        if (t.startsWith("0x") || t.startsWith("0X")) {
            t = t.substring(2);
        }
        return Long.parseUnsignedLong(t.replace("_", ""), 16);
    }
}
