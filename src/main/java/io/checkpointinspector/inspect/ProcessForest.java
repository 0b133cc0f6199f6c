package io.checkpointinspector.inspect;

import io.checkpointinspector.model.ProcessInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The process tree by parent pid. A process whose parent is not in the dump (or that sits in a parent cycle of
 * a damaged dump) is a root, so every process appears exactly once.
 */
public record ProcessForest(List<ProcessInfo> roots, Map<Integer, List<ProcessInfo>> children, int size) {

    public ProcessForest {
        roots = List.copyOf(roots);
        Map<Integer, List<ProcessInfo>> copy = new LinkedHashMap<>();
        children.forEach((pid, kids) -> copy.put(pid, List.copyOf(kids)));
        children = Map.copyOf(copy);
    }

    public static ProcessForest of(List<ProcessInfo> processes) {
        Map<Integer, ProcessInfo> byPid = new LinkedHashMap<>();
        for (ProcessInfo p : processes) {
            byPid.putIfAbsent(p.pid(), p);
        }
        Map<Integer, List<ProcessInfo>> children = new LinkedHashMap<>();
        List<ProcessInfo> roots = new ArrayList<>();
        for (ProcessInfo p : byPid.values()) {
            if (p.ppid() != p.pid() && byPid.containsKey(p.ppid())) {
                children.computeIfAbsent(p.ppid(), k -> new ArrayList<>()).add(p);
            } else {
                roots.add(p);
            }
        }
        Set<Integer> reached = reachable(roots, children);
        List<Integer> order = new ArrayList<>(byPid.keySet());
        for (ProcessInfo p : byPid.values()) {
            if (!reached.contains(p.pid())) {
                // p hangs below a parent cycle: cut the cycle at its first process in pstree order, as the
                // engine's warning says (inspect.ProcessAssembler), so only the cycle's link is lost.
                ProcessInfo cut = firstOfCycleAbove(p, byPid, order);
                children.getOrDefault(cut.ppid(), new ArrayList<>()).remove(cut);
                roots.add(cut);
                reached.addAll(reachable(List.of(cut), children));
            }
        }
        return new ProcessForest(roots, children, byPid.size());
    }

    private static ProcessInfo firstOfCycleAbove(ProcessInfo p, Map<Integer, ProcessInfo> byPid,
            List<Integer> order) {
        List<Integer> path = new ArrayList<>();
        int at = p.pid();
        while (!path.contains(at)) {
            path.add(at);
            at = byPid.get(at).ppid();
        }
        List<Integer> cycle = path.subList(path.indexOf(at), path.size());
        int first = cycle.stream().min(java.util.Comparator.comparingInt(order::indexOf)).orElseThrow();
        return byPid.get(first);
    }

    public List<ProcessInfo> childrenOf(ProcessInfo p) {
        return children.getOrDefault(p.pid(), List.of());
    }

    /** The processes that match, with their ancestors so that they stay in place in the tree. */
    public ProcessForest filter(Predicate<ProcessInfo> matches) {
        Map<Integer, List<ProcessInfo>> kept = new LinkedHashMap<>();
        List<ProcessInfo> keptRoots = new ArrayList<>();
        int[] count = {0};
        for (ProcessInfo root : roots) {
            if (keep(root, matches, kept, count)) {
                keptRoots.add(root);
            }
        }
        return new ProcessForest(keptRoots, kept, count[0]);
    }

    private boolean keep(ProcessInfo p, Predicate<ProcessInfo> matches, Map<Integer, List<ProcessInfo>> kept,
            int[] count) {
        // Iterative post-order would be safer for absurd depths; pid trees are shallow (tens of levels).
        List<ProcessInfo> keptKids = new ArrayList<>();
        for (ProcessInfo c : childrenOf(p)) {
            if (keep(c, matches, kept, count)) {
                keptKids.add(c);
            }
        }
        boolean keepThis = !keptKids.isEmpty() || matches.test(p);
        if (keepThis) {
            count[0]++;
            if (!keptKids.isEmpty()) {
                kept.put(p.pid(), keptKids);
            }
        }
        return keepThis;
    }

    private static Set<Integer> reachable(List<ProcessInfo> from, Map<Integer, List<ProcessInfo>> children) {
        Set<Integer> seen = new HashSet<>();
        Deque<ProcessInfo> todo = new ArrayDeque<>(from);
        while (!todo.isEmpty()) {
            ProcessInfo p = todo.pop();
            if (seen.add(p.pid())) {
                todo.addAll(children.getOrDefault(p.pid(), List.of()));
            }
        }
        return seen;
    }
}
