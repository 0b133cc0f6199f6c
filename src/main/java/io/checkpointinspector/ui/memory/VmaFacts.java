package io.checkpointinspector.ui.memory;

import io.checkpointinspector.model.Vma;
import java.util.List;

/** Sizes and kinds of memory areas as the memory views draw them. */
public final class VmaFacts {

    /** The kinds in drawing order with their display names; style class is "kind-" + key. */
    public static final List<String> KINDS = List.of("heap", "stack", "file", "anon", "shared", "vdso");

    private VmaFacts() {
    }

    public static long size(Vma v) {
        long start = address(v.start());
        long end = address(v.end());
        return Long.compareUnsigned(end, start) > 0 ? end - start : 0;
    }

    /** "0x7ffd4000" → its value (kernel-half addresses wrap into negative longs; compare unsigned). */
    public static long address(String hex) {
        if (hex == null) {
            return 0;
        }
        String digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        try {
            return Long.parseUnsignedLong(digits, 16);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public static String styleClass(String kind) {
        return "kind-" + (kind != null && KINDS.contains(kind) ? kind : "anon");
    }

    public static String displayName(String kind) {
        return switch (kind == null ? "" : kind) {
            case "heap" -> "Heap";
            case "stack" -> "Stack";
            case "file" -> "File-backed";
            case "shared" -> "Shared";
            case "vdso" -> "vDSO / vvar";
            default -> "Anonymous";
        };
    }

    public static String label(Vma v) {
        return v.label() == null || v.label().isEmpty() ? "[anonymous]" : v.label();
    }
}
