package io.checkpointinspector.inspect;

/**
 * One occurrence of a searched pattern in a process's dumped memory.
 *
 * @param pid          process (pid inside the container)
 * @param process      its comm, or null
 * @param address      virtual address of the first matching byte
 * @param vmaLabel     label of the memory area holding it, like /proc/PID/maps ("" anonymous, null if no area
 *                     covers it)
 * @param contextStart virtual address of context[0]
 * @param context      bytes around the match (never across a not-dumped range)
 * @param matchLength  length of the pattern
 * @param inProcessTree false for a pid whose images the process tree does not list (searched only on request)
 */
public record MemoryHit(int pid, String process, long address, String vmaLabel, long contextStart, byte[] context,
        int matchLength, boolean inProcessTree) {

    /** Offset of the match within context. */
    public int matchOffset() {
        return (int) (address - contextStart);
    }

    /** The context as one line of printable ASCII, other bytes as '.'. */
    public String preview() {
        return printable(context, 0, context.length);
    }

    /** Bytes as printable ASCII, everything else as '.'. */
    public static String printable(byte[] data, int from, int to) {
        StringBuilder sb = new StringBuilder(Math.max(0, to - from));
        for (int i = from; i < to; i++) {
            int b = data[i] & 0xff;
            sb.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
        }
        return sb.toString();
    }
}
