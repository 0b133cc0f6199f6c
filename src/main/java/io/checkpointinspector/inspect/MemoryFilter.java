package io.checkpointinspector.inspect;

import io.checkpointinspector.model.Vma;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which memory a search or a strings listing looks at: one process or all, memory areas of some kinds only, and
 * areas that have all the given permissions. Bytes outside every area (a pagemap may hold pages no area of the mm
 * image covers) are searched only when no kind or permission is asked for.
 *
 * @param pid   one process, or empty for all
 * @param kinds area kinds as in the model (heap, stack, file, anon, shared, vdso); empty for all
 * @param perms letters of /proc/PID/maps permissions each area must have ("rw", "x", "s"...); empty for any
 */
public record MemoryFilter(OptionalInt pid, Set<String> kinds, String perms) {

    /** The kinds of memory area the model knows. */
    public static final List<String> KINDS = List.of("heap", "stack", "file", "anon", "shared", "vdso");

    public static final MemoryFilter ALL = new MemoryFilter(OptionalInt.empty(), Set.of(), "");

    public MemoryFilter {
        kinds = Set.copyOf(new TreeSet<>(kinds));
        perms = perms == null ? "" : perms;
        for (String k : kinds) {
            if (!KINDS.contains(k)) {
                throw new IllegalArgumentException("unknown memory area kind \"" + k + "\"; known: "
                        + String.join(", ", KINDS));
            }
        }
        for (char c : perms.toCharArray()) {
            if ("rwxps".indexOf(c) < 0) {
                throw new IllegalArgumentException("permissions are letters of r, w, x, p, s; got \"" + perms
                        + "\"");
            }
        }
    }

    /** One process, every area. */
    public static MemoryFilter of(int pid) {
        return new MemoryFilter(OptionalInt.of(pid), Set.of(), "");
    }

    /** Kinds from a comma-separated list ("heap,stack"); blank for all. */
    public static Set<String> parseKinds(String text) {
        Set<String> out = new TreeSet<>();
        if (text != null) {
            for (String part : text.split(",")) {
                String k = part.trim().toLowerCase(Locale.ROOT);
                if (!k.isEmpty()) {
                    out.add(k);
                }
            }
        }
        return out;
    }

    public MemoryFilter withPid(OptionalInt p) {
        return new MemoryFilter(p, kinds, perms);
    }

    /** True when only areas (not processes) are narrowed down. */
    public boolean limitsAreas() {
        return !kinds.isEmpty() || !perms.isEmpty();
    }

    public boolean wants(int p) {
        return pid.isEmpty() || pid.getAsInt() == p;
    }

    public boolean wants(Vma v) {
        if (!kinds.isEmpty() && !kinds.contains(v.kind())) {
            return false;
        }
        for (char c : perms.toCharArray()) {
            if (v.prot() == null || v.prot().indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Words for a summary line: "heap, stack areas with rw" or "" for everything. */
    public String describeAreas() {
        if (!limitsAreas()) {
            return "";
        }
        String k = kinds.isEmpty() ? "" : String.join(", ", new TreeSet<>(kinds)) + " ";
        return k + "areas" + (perms.isEmpty() ? "" : " with " + perms);
    }
}
