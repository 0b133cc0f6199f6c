package io.checkpointinspector.inspect;

import io.checkpointinspector.archive.CheckpointSource;
import io.checkpointinspector.archive.CheckpointSources;
import io.checkpointinspector.archive.EntryInfo;
import io.checkpointinspector.archive.RandomAccessEntries;
import io.checkpointinspector.criu.ChainedMemory;
import io.checkpointinspector.criu.CriuImageException;
import io.checkpointinspector.criu.ImageReader;
import io.checkpointinspector.criu.MemoryRead;
import io.checkpointinspector.criu.PageMapIndex;
import io.checkpointinspector.criu.PageSize;
import io.checkpointinspector.criu.PositionalSource;
import io.checkpointinspector.criu.proto.StatsEntry;
import io.checkpointinspector.model.ChainInfo;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.model.DumpStats;
import io.checkpointinspector.model.ParentLink;
import io.checkpointinspector.model.ProcessInfo;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A checkpoint opened with its parents: which folder of which source each link's images are in, checked against
 * the child once, and the way to read a process's memory through them ({@link ChainedMemory}).
 *
 * <p>A link is followed only inside a source: the child's {@code parent} symlink is read as text and resolved against
 * its images folder; when it lands on a folder of the same source (Podman's container folder after
 * {@code restore --import-previous} holds checkpoint/ and pre-checkpoint/), that is the next link; otherwise the next
 * source the user named is. A link that leaves the source is never followed on disk, and a folder already in the
 * chain ends it (a cycle). Pages are read at random, so every link must be an uncompressed tar or a folder; a
 * compressed one ends the chain with a warning. A parent whose pagemaps are of other pids is not used; a missing
 * pagemap or page is said, and those bytes read as {@link MemoryRead.Reason#NOT_IN_PARENT}, never as another
 * link's.
 */
public final class CheckpointChain {

    /** One link: its images are in imagesDir of the source at path; linkTarget is the link that led here. */
    record Planned(Path path, String imagesDir, String linkTarget) {
    }

    private final List<Planned> links;
    private final int pageSize;
    private final List<String> warnings;
    private final List<ParentLink> parents;

    private CheckpointChain(List<Planned> links, int pageSize, List<String> warnings, List<ParentLink> parents) {
        this.links = List.copyOf(links);
        this.pageSize = pageSize;
        this.warnings = List.copyOf(warnings);
        this.parents = List.copyOf(parents);
    }

    /**
     * Plans and checks the chain of child (already inspected as childModel) with the sources the user named, nearest
     * parent first. Fails only when a named parent cannot be opened at all.
     */
    public static CheckpointChain open(Path child, Checkpoint childModel, List<Path> named) throws IOException {
        List<String> warnings = new ArrayList<>();
        int pageSize = childModel.criu() != null && childModel.criu().pageSize() != null
                ? childModel.criu().pageSize() : PageSize.DEFAULT;
        ChainInfo info = childModel.chain();
        List<Path> queue = new ArrayList<>(named);
        List<Planned> plan = new ArrayList<>();
        if (info == null || !info.incremental()) {
            for (Path p : named) {
                warnings.add(child + " keeps no pages in a parent checkpoint"
                        + (info != null && info.preDump() ? " (it is itself a pre-dump: is " + p
                                + " its child? Open the child with --parent " + child + ")" : "")
                        + ": " + p + " not used");
            }
            return new CheckpointChain(List.of(), pageSize, warnings, List.of());
        }
        plan.add(new Planned(child, SideFiles.CHECKPOINT_DIR, null));
        Set<String> visited = new HashSet<>();
        visited.add(key(child, SideFiles.CHECKPOINT_DIR));
        while (true) {
            Planned at = plan.get(plan.size() - 1);
            Listing here;
            try (CheckpointSource s = CheckpointSources.open(at.path())) {
                here = Listing.of(s);
            }
            if (here.entries == null) {
                warnings.add(at.path() + " is " + here.compression + "-compressed: pages are read through a chain "
                        + "at random, which needs an uncompressed tar or a folder (export with --compress none, or "
                        + "unpack it); the chain is not read");
                plan.remove(plan.size() - 1);
                break;
            }
            String link = here.links.get(at.imagesDir() + ChainFacts.PARENT);
            if (link == null) {
                if (plan.size() == 1) {
                    // The child marks pages in the parent but has no link: take the named parent as told.
                    if (queue.isEmpty()) {
                        break;
                    }
                } else {
                    break;
                }
            }
            String dir = ChainFacts.resolve(at.imagesDir(), link);
            if (link != null && dir == null) {
                warnings.add(at.path() + ": " + at.imagesDir() + "parent points to '" + link
                        + "', outside this source: not followed" + (queue.isEmpty() ? "" : "; using "
                                + queue.get(0) + " as named"));
            }
            if (dir != null && here.hasImages(dir)) {
                if (!visited.add(key(at.path(), dir))) {
                    warnings.add(at.path() + ": the parent links form a cycle (" + at.imagesDir() + "parent -> "
                            + link + " is already in the chain): not followed further");
                    break;
                }
                plan.add(new Planned(at.path(), dir, link));
                continue;
            }
            if (queue.isEmpty()) {
                if (plan.size() == 1) {
                    warnings.add(child + ": the parent checkpoint (" + (link == null ? "no parent link"
                            : at.imagesDir() + "parent -> " + link) + ") is not opened: " + info.pagesInParent()
                            + " pages stay unread");
                }
                break;
            }
            Path next = queue.remove(0);
            Listing there;
            try (CheckpointSource s = CheckpointSources.open(next)) {
                there = Listing.of(s);
            }
            if (there.entries == null) {
                warnings.add(next + " is " + there.compression + "-compressed: pages are read through a chain "
                        + "at random, which needs an uncompressed tar or a folder (export with --compress none, or "
                        + "unpack it): not used as a parent");
                break;
            }
            String nextDir = there.imagesDirFor(dir);
            if (nextDir == null) {
                warnings.add(next + " holds no CRIU pagemaps (no pre-checkpoint/ or checkpoint/ with pagemap "
                        + "images): not used as a parent");
                break;
            }
            if (!visited.add(key(next, nextDir))) {
                warnings.add(next + ": the parent links form a cycle (" + nextDir + " of it is already in the "
                        + "chain): not followed further");
                break;
            }
            plan.add(new Planned(next, nextDir, link));
        }
        for (Path unused : queue) {
            warnings.add(unused + ": not used (the chain ends before it)");
        }
        return check(plan, pageSize, childModel, warnings);
    }

    private static String key(Path p, String dir) {
        Path real;
        try {
            real = p.toRealPath();
        } catch (IOException e) {
            real = p.toAbsolutePath().normalize();
        }
        return real + "\0" + dir;
    }

    /** Compares each parent with the links before it, pid by pid; a parent of other pids ends the chain. */
    private static CheckpointChain check(List<Planned> plan, int pageSize, Checkpoint childModel,
            List<String> warnings) throws IOException {
        if (plan.size() < 2) {
            return new CheckpointChain(List.of(), pageSize, warnings, List.of());
        }
        Set<Integer> pids = new TreeSet<>();
        for (ProcessInfo p : childModel.processes()) {
            pids.add(p.pid());
        }
        if (childModel.chain() != null) {
            pids.addAll(childModel.chain().pids());
        }
        List<ParentLink> out = new ArrayList<>();
        List<Planned> kept = new ArrayList<>(List.of(plan.get(0)));
        for (int k = 1; k < plan.size(); k++) {
            List<Planned> upTo = new ArrayList<>(kept);
            upTo.add(plan.get(k));
            CheckpointChain trial = new CheckpointChain(upTo, pageSize, List.of(), List.of());
            Planned link = plan.get(k);
            long supplied = 0;
            long missing = 0;
            Map<Integer, Long> missingByPid = new TreeMap<>();
            Set<Integer> needing = new TreeSet<>();
            List<Integer> linkPids;
            long held;
            String role;
            DumpStats stats;
            try (Opened o = trial.openLinks()) {
                linkPids = o.pids(k);
                held = o.pagesHeld(k);
                role = o.has(k, "pstree.img") ? "dump" : ChainInfo.PRE_DUMP;
                stats = o.stats(k);
                for (int pid : pids) {
                    Optional<ChainedMemory> m = o.memory(pid);
                    if (m.isEmpty()) {
                        continue;
                    }
                    for (ChainedMemory.Piece p : m.get().allPieces()) {
                        if (p.link() != k) {
                            continue;
                        }
                        needing.add(pid);
                        long pages = p.length() / pageSize;
                        if (p.held()) {
                            supplied += pages;
                        } else if (p.missing() == MemoryRead.Reason.NOT_IN_PARENT) {
                            missing += pages;
                            missingByPid.merge(pid, pages, Long::sum);
                        }
                    }
                }
            }
            String name = link.path() + (link.path().equals(plan.get(0).path()) ? " (" + link.imagesDir() + ")" : "");
            Set<Integer> common = new TreeSet<>(needing);
            common.retainAll(linkPids);
            if (!needing.isEmpty() && common.isEmpty()) {
                warnings.add(name + " is not the parent of this checkpoint: it has pagemaps of pids " + linkPids
                        + ", the pages kept in the parent are of pids " + needing + ": not used, those pages stay"
                        + " unread");
                break;
            }
            if (needing.isEmpty()) {
                warnings.add(name + ": no page is read from it (the links before it hold every page)");
            }
            for (var e : missingByPid.entrySet()) {
                String what = linkPids.contains(e.getKey()) ? e.getValue() + " pages of pid " + e.getKey()
                        + " that the link before marks in the parent are not in its pagemap-" + e.getKey() + ".img"
                        : "it has no " + link.imagesDir() + "pagemap-" + e.getKey() + ".img: the " + e.getValue()
                                + " pages of pid " + e.getKey() + " in the parent cannot be read";
                warnings.add(name + ": " + what + " (shown as not in the parent)");
            }
            kept.add(link);
            out.add(new ParentLink(k, link.path().toString(), link.imagesDir(), link.linkTarget(), role, stats,
                    linkPids, held, supplied, missing));
        }
        return new CheckpointChain(kept.size() < 2 ? List.of() : kept, pageSize, warnings, out);
    }

    /**
     * True when the parent of c is a folder of its own source (Podman's container folder holds checkpoint/ and
     * pre-checkpoint/): the chain is read without naming a parent.
     */
    public static boolean parentInSource(Checkpoint c) {
        ChainInfo info = c.chain();
        return info != null && info.incremental() && info.parentDir() != null && info.parentNote() != null
                && info.parentNote().startsWith("the parent is in this source");
    }

    /** True when at least one parent is joined: reads go through the chain. */
    public boolean usable() {
        return links.size() >= 2;
    }

    /** Problems met joining the chain (each names the source). */
    public List<String> warnings() {
        return warnings;
    }

    /** The parents joined, nearest first. */
    public List<ParentLink> parents() {
        return parents;
    }

    /** The child's model with the parents and the chain's warnings. */
    public Checkpoint apply(Checkpoint child) {
        return child.withParents(parents, warnings);
    }

    /** Opens every link's source for reading; close it after use. */
    Opened openLinks() throws IOException {
        return new Opened();
    }

    /** The sources of the chain, open; memory of a process through them. */
    final class Opened implements Closeable {
        private final List<CheckpointSource> sources = new ArrayList<>();
        private final List<RandomAccessEntries> entries = new ArrayList<>();

        Opened() throws IOException {
            Map<Path, Integer> byPath = new java.util.HashMap<>();
            try {
                for (Planned p : links) {
                    Integer i = byPath.get(p.path());
                    if (i == null) {
                        CheckpointSource s = CheckpointSources.open(p.path());
                        sources.add(s);
                        i = sources.size() - 1;
                        byPath.put(p.path(), i);
                    }
                    RandomAccessEntries e = sources.get(i).randomAccess().orElseThrow(() ->
                            new io.checkpointinspector.archive.CheckpointFormatException(p.path(), null,
                                    "not readable at random any more"));
                    entries.add(e);
                }
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
        }

        /** pid's memory through every link, or empty when the child has no usable pagemap for it. */
        Optional<ChainedMemory> memory(int pid) throws IOException {
            List<ChainedMemory.Link> out = new ArrayList<>();
            for (int k = 0; k < links.size(); k++) {
                PageMapIndex index = index(k, pid);
                if (k == 0 && index == null) {
                    return Optional.empty();
                }
                out.add(new ChainedMemory.Link(index, index == null ? null : pages(k, index)));
            }
            return Optional.of(new ChainedMemory(out));
        }

        private PageMapIndex index(int k, int pid) throws IOException {
            String name = links.get(k).imagesDir() + "pagemap-" + pid + ".img";
            if (entries.get(k).find(name).filter(EntryInfo::isFile).isEmpty()) {
                return null;
            }
            try (InputStream in = entries.get(k).open(name)) {
                byte[] bytes = BoundedRead.all(links.get(k).path(), name, in, EntryCollector.MAX_IMAGE_BYTES);
                PageMapIndex index = PageMapIndex.of(ImageReader.read(name, bytes, ImageReader.Limits.DEFAULT),
                        pageSize);
                return index.pagesFileName() == null ? null : index;
            } catch (CriuImageException e) {
                return null;
            }
        }

        private PositionalSource pages(int k, PageMapIndex index) {
            String name = links.get(k).imagesDir() + index.pagesFileName();
            RandomAccessEntries e = entries.get(k);
            Optional<EntryInfo> entry = e.find(name).filter(EntryInfo::isFile);
            if (entry.isEmpty()) {
                return null;
            }
            long size = entry.get().size();
            return new PositionalSource() {
                @Override
                public int read(long offset, byte[] dst, int off, int n) throws IOException {
                    return e.read(name, offset, dst, off, n);
                }

                @Override
                public long size() {
                    return size;
                }
            };
        }

        List<Integer> pids(int k) {
            List<Integer> out = new ArrayList<>();
            String dir = links.get(k).imagesDir();
            for (EntryInfo e : entries.get(k).entries()) {
                if (e.isFile() && e.name().startsWith(dir) && e.name().indexOf('/', dir.length()) < 0) {
                    int pid = ChainFacts.pidOfPagemap(e.name().substring(dir.length()));
                    if (pid >= 0) {
                        out.add(pid);
                    }
                }
            }
            out.sort(null);
            return out;
        }

        long pagesHeld(int k) throws IOException {
            long n = 0;
            for (int pid : pids(k)) {
                PageMapIndex i = index(k, pid);
                if (i != null) {
                    n += i.totalDumpedBytes() / pageSize;
                }
            }
            return n;
        }

        boolean has(int k, String fileName) {
            return entries.get(k).find(links.get(k).imagesDir() + fileName).filter(EntryInfo::isFile).isPresent();
        }

        /** The link's stats-dump: in its images folder, or (its own source only) at the root as Podman keeps it. */
        DumpStats stats(int k) throws IOException {
            List<String> names = new ArrayList<>(List.of(links.get(k).imagesDir() + SideFiles.STATS_DUMP));
            if (!links.get(k).path().equals(links.get(0).path())) {
                names.add(SideFiles.STATS_DUMP);
            }
            for (String name : names) {
                if (entries.get(k).find(name).filter(EntryInfo::isFile).isEmpty()) {
                    continue;
                }
                try (InputStream in = entries.get(k).open(name)) {
                    byte[] bytes = BoundedRead.all(links.get(k).path(), name, in, 1 << 20);
                    Optional<StatsEntry> s = ImageReader.read(name, bytes, ImageReader.Limits.DEFAULT)
                            .first(StatsEntry.class);
                    if (s.isPresent() && s.get().hasDump()) {
                        return ModelBuilder.dumpStats(s.get().getDump());
                    }
                } catch (CriuImageException e) {
                    return DumpStats.absent();
                }
            }
            return DumpStats.absent();
        }

        @Override
        public void close() throws IOException {
            IOException first = null;
            for (CheckpointSource s : sources) {
                try {
                    s.close();
                } catch (IOException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    /** A source's entries (null when it cannot be read at random) and its symlinks. */
    private record Listing(List<EntryInfo> entries, Map<String, String> links, String compression) {

        static Listing of(CheckpointSource s) throws IOException {
            Optional<RandomAccessEntries> r = s.randomAccess();
            if (r.isEmpty()) {
                return new Listing(null, Map.of(), s.compression().name().toLowerCase(java.util.Locale.ROOT));
            }
            Map<String, String> links = new TreeMap<>();
            for (EntryInfo e : r.get().entries()) {
                if (e.type() == io.checkpointinspector.archive.EntryType.SYMLINK) {
                    links.put(e.name(), e.linkTarget());
                }
            }
            return new Listing(r.get().entries(), links, "none");
        }

        /** True when dir (e.g. "pre-checkpoint/") holds a pagemap or inventory image. */
        boolean hasImages(String dir) {
            for (EntryInfo e : entries) {
                if (e.isFile() && e.name().startsWith(dir) && e.name().indexOf('/', dir.length()) < 0) {
                    String f = e.name().substring(dir.length());
                    if (ChainFacts.pidOfPagemap(f) >= 0 || f.equals("inventory.img")) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** The folder of a named parent's images: the one the link names, else pre-checkpoint/, else checkpoint/. */
        String imagesDirFor(String linked) {
            if (entries == null) {
                return null;
            }
            for (String d : new String[] {linked, SideFiles.PRE_CHECKPOINT_DIR, SideFiles.CHECKPOINT_DIR}) {
                if (d != null && !d.isEmpty() && hasImages(d)) {
                    return d;
                }
            }
            return null;
        }
    }
}
