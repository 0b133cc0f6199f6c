package io.checkpointinspector.model;

import java.util.List;

/** A task's memory map and how much of it the dump holds. */
public record MemoryInfo(int vmaCount, long mappedBytes, long dumpedBytes, List<Vma> vmas) {

    public MemoryInfo {
        vmas = List.copyOf(vmas);
    }

    public static MemoryInfo absent() {
        return new MemoryInfo(0, 0, 0, List.of());
    }
}
