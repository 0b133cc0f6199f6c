package io.checkpointinspector.model;

/**
 * One virtual memory area. start and end are hex strings ("0x7ffd4000"): kernel-half addresses do not fit a
 * JSON number exactly. prot reads like /proc/PID/maps ("r-xp"); label is the file path, [heap], [stack], [vdso],
 * [vvar], [vsyscall], or empty for anonymous memory. inParentBytes: bytes of the area the pagemap marks PE_PARENT
 * (kept in the parent checkpoint of a pre-dump chain, not in this one's pages image).
 */
public record Vma(String start, String end, String prot, String label, String kind, long dumpedBytes,
        long inParentBytes) {

    /** An area of a checkpoint that keeps nothing in a parent. */
    public Vma(String start, String end, String prot, String label, String kind, long dumpedBytes) {
        this(start, end, prot, label, kind, dumpedBytes, 0);
    }
}
