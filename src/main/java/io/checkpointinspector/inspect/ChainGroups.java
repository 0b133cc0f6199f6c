package io.checkpointinspector.inspect;

import io.checkpointinspector.model.ChainInfo;
import io.checkpointinspector.model.Checkpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which of several checkpoints opened together form pre-dump chains: each incremental child with the pre-dumps
 * that are its parents, nearest first (the order {@code --parent} takes), from what their models say (roles, the
 * child's parent link, pids). Everything else stands alone. Whether a parent really fits is left to
 * {@link CheckpointChain}, which says so in its warnings.
 */
public final class ChainGroups {

    /** A checkpoint read on its own. */
    public record Candidate(Path path, Checkpoint checkpoint) {
    }

    /** A child and its parents, nearest first. */
    public record Group(Path child, List<Path> parents) {

        public Group {
            parents = List.copyOf(parents);
        }
    }

    private ChainGroups() {
    }

    /**
     * One group per incremental child (with no parents when none was opened with it) and none for the pre-dumps
     * given to a child; every other checkpoint is a group of its own, in the order given.
     */
    public static List<Group> of(List<Candidate> all) {
        List<Candidate> children = all.stream().filter(c -> role(c, ChainInfo.INCREMENTAL)).toList();
        Map<Candidate, List<Candidate>> parents = new LinkedHashMap<>();
        children.forEach(c -> parents.put(c, new ArrayList<>()));
        List<Candidate> given = new ArrayList<>();
        for (Candidate p : all) {
            if (!role(p, ChainInfo.PRE_DUMP) || children.isEmpty()) {
                continue;
            }
            Candidate best = null;
            long bestShared = 0;
            for (Candidate c : children) {
                long shared = c.checkpoint().chain().pids().stream().filter(p.checkpoint().chain().pids()::contains)
                        .count();
                if (shared > bestShared) {
                    best = c;
                    bestShared = shared;
                }
            }
            // A lone child takes every pre-dump opened with it: one of other pids is then refused with a warning.
            if (best == null && children.size() == 1) {
                best = children.get(0);
            }
            if (best != null) {
                parents.get(best).add(p);
                given.add(p);
            }
        }
        List<Group> out = new ArrayList<>();
        for (Candidate c : all) {
            if (parents.containsKey(c)) {
                List<Candidate> ps = new ArrayList<>(parents.get(c));
                ps.sort(nearestFirst(c));
                out.add(new Group(c.path(), ps.stream().map(Candidate::path).toList()));
            } else if (!given.contains(c)) {
                out.add(new Group(c.path(), List.of()));
            }
        }
        return out;
    }

    /** parents of child, nearest first (as {@link #of} orders them). */
    public static List<Path> nearestFirst(Candidate child, List<Candidate> parents) {
        List<Candidate> ps = new ArrayList<>(parents);
        ps.sort(nearestFirst(child));
        return ps.stream().map(Candidate::path).toList();
    }

    /**
     * Nearest first: the one the child's parent link names by its file or folder name; then pre-dumps that keep
     * pages in a parent themselves (a later link); then the later checkpointed; then by path.
     */
    static Comparator<Candidate> nearestFirst(Candidate child) {
        String linked = child.checkpoint().chain() == null ? "" : lastName(child.checkpoint().chain().parentLink());
        return Comparator.<Candidate, Boolean>comparing(p -> !linked.isEmpty() && baseName(p.path()).equals(linked))
                .reversed()
                .thenComparing(p -> p.checkpoint().chain() != null && p.checkpoint().chain().pagesInParent() > 0,
                        Comparator.reverseOrder())
                .thenComparing(p -> String.valueOf(p.checkpoint().container().checkpointed()),
                        Comparator.reverseOrder())
                .thenComparing(Candidate::path);
    }

    private static boolean role(Candidate c, String role) {
        return c.checkpoint() != null && c.checkpoint().chain() != null && role.equals(c.checkpoint().chain().role());
    }

    private static String lastName(String link) {
        if (link == null) {
            return "";
        }
        String s = link.replaceAll("/+$", "");
        return s.substring(s.lastIndexOf('/') + 1);
    }

    /** "pre1.tar" and "pre1" both name "pre1". */
    private static String baseName(Path p) {
        String n = p.getFileName() == null ? p.toString() : p.getFileName().toString();
        String lower = n.toLowerCase(Locale.ROOT);
        for (String ext : new String[] {".tar.zst", ".tar.gz", ".tgz", ".tar", ".zst"}) {
            if (lower.endsWith(ext)) {
                return n.substring(0, n.length() - ext.length());
            }
        }
        return n;
    }
}
