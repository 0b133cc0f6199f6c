package io.checkpointinspector.model;

/**
 * One virtual memory area. start and end are hex strings ("0x7ffd4000"): kernel-half addresses do not fit a
 * JSON number exactly. prot reads like /proc/PID/maps ("r-xp"); label is the file path, [heap], [stack], [vdso],
 * [vvar], [vsyscall], or empty for anonymous memory.
 */
public record Vma(String start, String end, String prot, String label, String kind, long dumpedBytes) {
}
