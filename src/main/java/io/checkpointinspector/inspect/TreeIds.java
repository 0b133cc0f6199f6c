package io.checkpointinspector.inspect;

import io.checkpointinspector.criu.PageMapIndex;
import io.checkpointinspector.model.OutsideTreeImages;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.checkpointinspector.criu.proto.PstreeEntry;

/**
 * Which pids and tids pstree.img lists. Only those are processes (and threads) of the checkpoint: a checkpoint
 * directory reused by a later dump can still hold core-N, mm-N, pagemap-N and pages images of an earlier one.
 */
final class TreeIds {

    /** Per-task image names: CRIU names them after the pid (or the tid, for core). */
    private static final Pattern PER_TASK = Pattern.compile("(core|mm|pagemap|fs|ids)-(\\d{1,9})\\.img");

    private TreeIds() {
    }

    /** Pids and thread ids of the tree; empty when pstree.img is absent or unreadable. */
    static Optional<Set<Integer>> of(ImageSet images) {
        if (!images.has("pstree.img") || images.get("pstree.img").isEmpty()) {
            return Optional.empty();
        }
        Set<Integer> ids = new HashSet<>();
        for (PstreeEntry task : images.records("pstree.img", PstreeEntry.class)) {
            if (task.hasPid()) {
                ids.add(task.getPid());
            }
            ids.addAll(task.getThreadsList());
        }
        return Optional.of(ids);
    }

    /**
     * The per-task images of pids outside the tree, with the pages image a stray pagemap names when no pagemap of
     * the tree names it (otherwise those pages are a tree process's, and the stray pagemap points at reused data).
     */
    static List<OutsideTreeImages> outside(Iterable<String> fileNames, Set<Integer> tree,
            IntFunction<Optional<PageMapIndex>> pagemapOf) {
        Map<Integer, List<String>> stray = new TreeMap<>();
        Set<String> treePages = new HashSet<>();
        Set<String> present = new HashSet<>();
        fileNames.forEach(present::add);
        for (String name : present) {
            Matcher m = PER_TASK.matcher(name);
            if (!m.matches()) {
                continue;
            }
            int pid = Integer.parseInt(m.group(2));
            if (tree.contains(pid)) {
                if (m.group(1).equals("pagemap")) {
                    pagemapOf.apply(pid).map(PageMapIndex::pagesFileName).ifPresent(treePages::add);
                }
            } else {
                stray.computeIfAbsent(pid, k -> new ArrayList<>()).add(name);
            }
        }
        List<OutsideTreeImages> out = new ArrayList<>();
        for (var e : stray.entrySet()) {
            List<String> names = new ArrayList<>(e.getValue());
            names.sort(null);
            if (names.contains("pagemap-" + e.getKey() + ".img")) {
                pagemapOf.apply(e.getKey()).map(PageMapIndex::pagesFileName)
                        .filter(p -> present.contains(p) && !treePages.contains(p)).ifPresent(names::add);
            }
            out.add(new OutsideTreeImages(e.getKey(), names));
        }
        return out;
    }

    /** The one warning per pid outside the tree. */
    static String warning(OutsideTreeImages o) {
        return "checkpoint/: images of pid " + o.pid() + ", not in the process tree (" + String.join(", ", o.images())
                + "): left out of the processes; memory search includes them only when asked";
    }
}
