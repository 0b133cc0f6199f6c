package io.checkpointinspector.inspect;

import io.checkpointinspector.archive.CheckpointFormatException;
import io.checkpointinspector.archive.CheckpointSource;
import io.checkpointinspector.archive.CheckpointSources;
import io.checkpointinspector.archive.EntryInfo;
import io.checkpointinspector.archive.EntryVisitor;
import io.checkpointinspector.archive.RandomAccessEntries;
import io.checkpointinspector.criu.AddressRanges;
import io.checkpointinspector.criu.MemoryMatcher;
import io.checkpointinspector.criu.MemoryRead;
import io.checkpointinspector.criu.PageSink;
import io.checkpointinspector.criu.StringsScanner;
import io.checkpointinspector.criu.PageCollector;
import io.checkpointinspector.criu.PageMapIndex;
import io.checkpointinspector.criu.PagesScan;
import io.checkpointinspector.criu.PatternMatcher;
import io.checkpointinspector.criu.PositionalSource;
import io.checkpointinspector.criu.VirtualMemory;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.model.ProcessInfo;
import io.checkpointinspector.model.Vma;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;

/**
 * A checkpoint's process memory by virtual address: reads of a range, and a search of every dumped byte of every
 * process (or of one). Random-access sources read the pages images in place; compressed ones are read in one
 * sequential pass (a second one only when a pages image comes before its pagemap). Pages images are streamed, never
 * held: memory use does not grow with the checkpoint. Every call re-opens the source. Thread-safe.
 */
public final class MemoryAccess {

    /** Largest read handed out. */
    public static final int MAX_READ = 1 << 20;

    /** Hits kept by default; more mark the result capped. */
    public static final int DEFAULT_MAX_HITS = 10_000;

    /** Context bytes kept before and after each hit. */
    public static final int CONTEXT_BEFORE = 16;
    public static final int CONTEXT_AFTER = 48;

    private final Path path;
    private final CheckpointChain chain;
    private final Map<Integer, ProcessInfo> processes = new HashMap<>();
    private final Map<Integer, VmaLookup> areas = new HashMap<>();

    /** checkpoint is the model of the same source: it names processes and memory areas in hits. */
    public MemoryAccess(Path path, Checkpoint checkpoint) {
        this(path, checkpoint, null);
    }

    /** As above, reading through chain (null, or one without parents: the checkpoint alone). */
    public MemoryAccess(Path path, Checkpoint checkpoint, CheckpointChain chain) {
        this.path = Objects.requireNonNull(path, "path");
        this.chain = chain != null && chain.usable() ? chain : null;
        for (ProcessInfo p : checkpoint.processes()) {
            processes.put(p.pid(), p);
            areas.put(p.pid(), new VmaLookup(p.memory() == null ? List.of() : p.memory().vmas()));
            tree.add(p.pid());
            p.threads().forEach(t -> tree.add(t.tid()));
        }
    }

    /** Pids and tids of the process tree: only they are processes; other pids' images are searched on request. */
    private final Set<Integer> tree = new java.util.HashSet<>();

    public Path path() {
        return path;
    }

    /**
     * length bytes (capped at {@link #MAX_READ}) of pid's memory at vaddr; ranges the checkpoint does not hold are
     * gaps. Fails naming the entry when pid has no pagemap or its pages image is missing.
     */
    public MemoryRead read(int pid, long vaddr, int length, InspectListener listener) throws IOException {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        int len = Math.min(length, MAX_READ);
        if (chain != null) {
            try (CheckpointChain.Opened links = chain.openLinks()) {
                return links.memory(pid).orElseThrow(() -> new CheckpointFormatException(path,
                        SideFiles.CHECKPOINT_DIR + "pagemap-" + pid + ".img", "no process " + pid
                                + " with dumped memory (its pagemap is missing or unreadable)")).read(vaddr, len);
            }
        }
        try (CheckpointSource source = CheckpointSources.open(path)) {
            var random = source.randomAccess();
            if (random.isPresent()) {
                return readInPlace(random.get(), pid, vaddr, len);
            }
            return readStreamed(source, pid, vaddr, len, listener);
        }
    }

    /**
     * Every occurrence of pattern in the dumped memory of pid (or of every process when pid is empty), up to
     * maxHits; progress goes to listener, whose isCancelled stops the search with a {@link CancellationException}.
     */
    public MemorySearchResult search(byte[] pattern, OptionalInt pid, int maxHits, InspectListener listener)
            throws IOException {
        return search(new SearchPattern.Bytes(pattern, "bytes"), MemoryFilter.ALL.withPid(pid), maxHits, listener);
    }

    /**
     * Every match of pattern in the dumped memory that filter lets through, up to maxHits, in one pass over each
     * pages image; progress and cancellation as above.
     */
    public MemorySearchResult search(SearchPattern pattern, MemoryFilter filter, int maxHits,
            InspectListener listener) throws IOException {
        return search(pattern, filter, false, maxHits, listener);
    }

    /**
     * As above; outsideTree also searches the images of pids the process tree does not list (a pid asked for by
     * number is searched either way). Their hits have inProcessTree false.
     */
    public MemorySearchResult search(SearchPattern pattern, MemoryFilter filter, boolean outsideTree, int maxHits,
            InspectListener listener) throws IOException {
        HitsJob job = new HitsJob(pattern, Math.max(0, maxHits));
        Search search = run(job, filter, outsideTree, listener);
        List<MemoryHit> sorted = new ArrayList<>(job.hits);
        sorted.sort(java.util.Comparator.comparingInt(MemoryHit::pid)
                .thenComparing(MemoryHit::address, Long::compareUnsigned));
        return new MemorySearchResult(sorted, job.capped, search.bytes, search.searched.size(), search.warnings());
    }

    /**
     * Runs of at least minLength printable ASCII or UTF-16LE characters in the dumped memory that filter lets
     * through, up to maxStrings, in one pass over each pages image.
     */
    public StringsResult strings(MemoryFilter filter, int minLength, int maxStrings, InspectListener listener)
            throws IOException {
        if (minLength < 1) {
            throw new IllegalArgumentException("the minimum length must be at least 1");
        }
        StringsJob job = new StringsJob(minLength, Math.max(0, maxStrings));
        Search search = run(job, filter, listener);
        List<MemoryString> sorted = new ArrayList<>(job.found);
        sorted.sort(java.util.Comparator.comparingInt(MemoryString::pid)
                .thenComparing(MemoryString::address, Long::compareUnsigned));
        return new StringsResult(sorted, job.capped, search.bytes, search.searched.size(), search.warnings());
    }

    private Search run(Job job, MemoryFilter filter, InspectListener listener) throws IOException {
        return run(job, filter, false, listener);
    }

    private Search run(Job job, MemoryFilter filter, boolean outsideTree, InspectListener listener)
            throws IOException {
        Search search = new Search(job, filter, outsideTree, listener);
        try (CheckpointSource source = CheckpointSources.open(path)) {
            var random = source.randomAccess();
            if (random.isPresent() && chain != null) {
                try (CheckpointChain.Opened links = chain.openLinks()) {
                    search.inPlace(random.get(), links);
                }
            } else if (random.isPresent()) {
                search.inPlace(random.get(), null);
            } else {
                search.streamed(source);
            }
        }
        return search;
    }

    /** What is done with one process's pages: a sink per process, its findings collected afterwards. */
    private interface Job {
        PageSink sink(int pid);

        void collect(int pid, PageSink sink);

        boolean capped();
    }

    private final class HitsJob implements Job {
        final SearchPattern pattern;
        final int maxHits;
        final List<MemoryHit> hits = new ArrayList<>();
        boolean capped;

        HitsJob(SearchPattern pattern, int maxHits) {
            this.pattern = pattern;
            this.maxHits = maxHits;
        }

        @Override
        public PageSink sink(int pid) {
            return pattern.matcher(CONTEXT_BEFORE, CONTEXT_AFTER, maxHits - hits.size());
        }

        @Override
        public void collect(int pid, PageSink sink) {
            MemoryMatcher matcher = (MemoryMatcher) sink;
            ProcessInfo p = processes.get(pid);
            VmaLookup lookup = areas.getOrDefault(pid, new VmaLookup(List.of()));
            for (PatternMatcher.Match m : matcher.matches()) {
                String label = lookup.find(m.vaddr()).map(v -> v.label()).orElse(null);
                hits.add(new MemoryHit(pid, p == null ? null : p.comm(), m.vaddr(), label, m.contextStart(),
                        m.context(), m.length(), tree.contains(pid)));
            }
            capped |= matcher.capped();
        }

        @Override
        public boolean capped() {
            return capped;
        }
    }

    private final class StringsJob implements Job {
        final int minLength;
        final int max;
        final List<MemoryString> found = new ArrayList<>();
        boolean capped;

        StringsJob(int minLength, int max) {
            this.minLength = minLength;
            this.max = max;
        }

        @Override
        public PageSink sink(int pid) {
            return new StringsScanner(minLength, max - found.size());
        }

        @Override
        public void collect(int pid, PageSink sink) {
            StringsScanner scanner = (StringsScanner) sink;
            ProcessInfo p = processes.get(pid);
            VmaLookup lookup = areas.getOrDefault(pid, new VmaLookup(List.of()));
            for (StringsScanner.Found f : scanner.found()) {
                String label = lookup.find(f.vaddr()).map(v -> v.label()).orElse(null);
                found.add(new MemoryString(pid, p == null ? null : p.comm(), f.vaddr(), label, f.encoding(),
                        f.length(), f.text()));
            }
            capped |= scanner.capped();
        }

        @Override
        public boolean capped() {
            return capped;
        }
    }

    private MemoryRead readInPlace(RandomAccessEntries entries, int pid, long vaddr, int len) throws IOException {
        MemoryImages images = new MemoryImages(path);
        for (String name : List.of("mm-" + pid + ".img", "pagemap-" + pid + ".img")) {
            var entry = entries.find(SideFiles.CHECKPOINT_DIR + name);
            if (entry.isPresent()) {
                try (InputStream in = entries.open(entry.get().name())) {
                    images.accept(entry.get(), in);
                }
            }
        }
        PageMapIndex index = indexOf(images, pid);
        String pagesEntry = SideFiles.CHECKPOINT_DIR + index.pagesFileName();
        long size = entries.find(pagesEntry).orElseThrow(() -> missing(pagesEntry)).size();
        PositionalSource pages = new PositionalSource() {
            @Override
            public int read(long offset, byte[] dst, int off, int n) throws IOException {
                return entries.read(pagesEntry, offset, dst, off, n);
            }

            @Override
            public long size() {
                return size;
            }
        };
        return new VirtualMemory(index, pages).read(vaddr, len);
    }

    private MemoryRead readStreamed(CheckpointSource source, int pid, long vaddr, int len, InspectListener listener)
            throws IOException {
        MemoryImages images = new MemoryImages(path);
        PageCollector.Range range = new PageCollector.Range(vaddr, vaddr + len);
        List<MemoryRead> found = new ArrayList<>(1);
        Set<String> early = new TreeSet<>();
        EntryVisitor visitor = new EntryVisitor() {
            @Override
            public void visit(EntryInfo entry, InputStream content) throws IOException {
                images.accept(entry, content);
                String pages = pagesFileName(entry);
                if (pages == null || !found.isEmpty()) {
                    return;
                }
                OptionalInt owner = images.pidOfPages(pages);
                if (owner.isEmpty()) {
                    early.add(pages);
                } else if (owner.getAsInt() == pid) {
                    found.add(PageCollector.collect(images.index(pid).orElseThrow(), range, content, len));
                }
            }

            @Override
            public boolean isCancelled() {
                return !found.isEmpty() || listener.isCancelled();
            }

            @Override
            public void progress(long done, long total, String current) {
                listener.progress(done, total, current);
            }
        };
        scanUntilFound(source, visitor, found);
        if (found.isEmpty()) {
            PageMapIndex index = indexOf(images, pid);
            if (early.contains(index.pagesFileName())) {
                scanUntilFound(source, visitor, found);
            }
            if (found.isEmpty()) {
                throw missing(SideFiles.CHECKPOINT_DIR + index.pagesFileName());
            }
        }
        return found.get(0);
    }

    private static void scanUntilFound(CheckpointSource source, EntryVisitor visitor, List<?> found)
            throws IOException {
        try {
            source.scan(visitor);
        } catch (CancellationException | CheckpointFormatException e) {
            // Stopping once the range is read is how the scan ends early; a problem after it does not matter.
            if (found.isEmpty()) {
                throw e;
            }
        }
    }

    private PageMapIndex indexOf(MemoryImages images, int pid) throws CheckpointFormatException {
        return images.index(pid).orElseThrow(() -> new CheckpointFormatException(path,
                SideFiles.CHECKPOINT_DIR + "pagemap-" + pid + ".img", images.whyNoIndex(pid)));
    }

    private CheckpointFormatException missing(String entry) {
        return new CheckpointFormatException(path, entry, "no such entry in this checkpoint");
    }

    /** The pages image's file name within checkpoint/, or null for any other entry. */
    static String pagesFileName(EntryInfo entry) {
        String name = entry.name();
        if (!entry.isFile() || !name.startsWith(SideFiles.CHECKPOINT_DIR)) {
            return null;
        }
        String file = name.substring(SideFiles.CHECKPOINT_DIR.length());
        return file.startsWith("pages-") && file.endsWith(".img") && !file.contains("/") ? file : null;
    }

    /** One pass over the pages of the processes a filter selects. */
    private final class Search {
        private final Job job;
        private final MemoryFilter filter;
        private final InspectListener listener;
        private final List<String> warnings = new ArrayList<>();
        private final Set<Integer> searched = new TreeSet<>();
        private final MemoryImages images = new MemoryImages(path);
        private long bytes;

        private final boolean withOutside;

        Search(Job job, MemoryFilter filter, boolean withOutside, InspectListener listener) {
            this.job = job;
            this.filter = filter;
            this.withOutside = withOutside;
            this.listener = listener;
        }

        void inPlace(RandomAccessEntries entries, CheckpointChain.Opened links) throws IOException {
            for (EntryInfo e : entries.entries()) {
                if (MemoryImages.wanted(e.name())) {
                    try (InputStream in = entries.open(e.name())) {
                        images.accept(e, in);
                    }
                }
            }
            List<Integer> pids = selectedPids();
            Map<Integer, io.checkpointinspector.criu.ChainedMemory> chained = new HashMap<>();
            long total = 0;
            for (int pid : pids) {
                if (links != null) {
                    var m = links.memory(pid);
                    if (m.isPresent()) {
                        chained.put(pid, m.get());
                        total += m.get().heldBytes();
                        continue;
                    }
                }
                total += images.index(pid).map(PageMapIndex::totalDumpedBytes).orElse(0L);
            }
            long before = 0;
            for (int pid : pids) {
                if (job.capped()) {
                    break;
                }
                PageMapIndex index = images.index(pid).orElse(null);
                if (index == null) {
                    warnings.add(SideFiles.CHECKPOINT_DIR + "pagemap-" + pid + ".img: " + images.whyNoIndex(pid));
                    continue;
                }
                if (chained.containsKey(pid)) {
                    long base = before;
                    long all = total;
                    var memory = chained.get(pid);
                    scanChained(pid, memory, done -> listener.progress(base + done, all, "pid " + pid
                            + " through the pre-dump chain"));
                    before += memory.heldBytes();
                    continue;
                }
                String pagesEntry = SideFiles.CHECKPOINT_DIR + index.pagesFileName();
                if (entries.find(pagesEntry).isEmpty()) {
                    if (index.totalDumpedBytes() > 0) {
                        warnings.add(pagesEntry + " is missing: the memory of pid " + pid + " was not searched");
                    }
                    continue;
                }
                long base = before;
                long all = total;
                try (InputStream in = entries.open(pagesEntry)) {
                    scanProcess(pid, index, pagesEntry, in, done -> listener.progress(base + done, all, pagesEntry));
                }
                before += index.totalDumpedBytes();
            }
            listener.progress(total, total, null);
        }

        void streamed(CheckpointSource source) throws IOException {
            Set<String> early = new TreeSet<>();
            Set<String> seen = new TreeSet<>();
            scan(source, (entry, content) -> {
                images.accept(entry, content);
                String pages = pagesFileName(entry);
                if (pages == null) {
                    return;
                }
                seen.add(pages);
                OptionalInt owner = owner(pages);
                if (owner.isPresent()) {
                    searchStreamed(owner.getAsInt(), entry, content);
                } else if (images.pidOfPages(pages).isEmpty()) {
                    early.add(pages);
                }
            });
            early.removeIf(p -> owner(p).isEmpty());
            if (!early.isEmpty() && !job.capped()) {
                warnings.add("pages images came before their pagemap in the archive; read " + early
                        + " in a second pass");
                scan(source, (entry, content) -> {
                    String pages = pagesFileName(entry);
                    if (pages != null && early.contains(pages)) {
                        searchStreamed(owner(pages).getAsInt(), entry, content);
                    }
                });
            }
            for (int pid : selectedPids()) {
                images.index(pid).filter(i -> i.totalDumpedBytes() > 0 && !seen.contains(i.pagesFileName()))
                        .ifPresent(i -> warnings.add(SideFiles.CHECKPOINT_DIR + i.pagesFileName()
                                + " is missing: the memory of pid " + pid + " was not searched"));
            }
        }

        /**
         * The pid whose pages these are: a process of the tree whose pagemap names them; else, when pids outside
         * the tree are searched, such a pid (never one whose pagemap names a tree process's pages image).
         */
        private OptionalInt owner(String pages) {
            OptionalInt fallback = OptionalInt.empty();
            for (int pid : images.pids()) {
                boolean names = images.index(pid).map(i -> pages.equals(i.pagesFileName())).orElse(false);
                if (names && tree.contains(pid)) {
                    return OptionalInt.of(pid);
                }
                if (names && fallback.isEmpty() && searchable(pid)) {
                    fallback = OptionalInt.of(pid);
                }
            }
            return fallback;
        }

        /** A pid outside the tree is searched when asked for, by scope or by number. */
        private boolean searchable(int pid) {
            return tree.contains(pid) || withOutside || (filter.pid().isPresent() && filter.pid().getAsInt() == pid);
        }

        /** A stale pagemap pointing at a pages image that now holds a tree process's pages. */
        private boolean namesTreePages(int pid) {
            String pages = images.index(pid).map(PageMapIndex::pagesFileName).orElse(null);
            return pages != null && owner(pages).isPresent() && tree.contains(owner(pages).getAsInt());
        }

        private void searchStreamed(int pid, EntryInfo entry, InputStream content) throws IOException {
            if (!job.capped() && filter.wants(pid) && !searched.contains(pid)) {
                scanProcess(pid, images.index(pid).orElseThrow(), entry.name(), content, done -> { });
            }
        }

        private void scan(CheckpointSource source, EntryHandler handler) throws IOException {
            try {
                source.scan(new EntryVisitor() {
                    @Override
                    public void visit(EntryInfo entry, InputStream content) throws IOException {
                        handler.handle(entry, content);
                    }

                    @Override
                    public boolean isCancelled() {
                        return job.capped() || listener.isCancelled();
                    }

                    @Override
                    public void progress(long done, long total, String current) {
                        listener.progress(done, total, current);
                    }
                });
            } catch (CancellationException e) {
                if (!job.capped()) {
                    throw e;
                }
            }
        }

        private void scanChained(int pid, io.checkpointinspector.criu.ChainedMemory memory,
                java.util.function.LongConsumer progress) throws IOException {
            searched.add(pid);
            PageSink sink = job.sink(pid);
            var outcome = memory.scan(sink, areasOf(pid), progress, listener::isCancelled);
            bytes += outcome.bytesSearched();
            if (outcome.truncated()) {
                warnings.add("a pages image of the chain ends before its pagemap says, for pid " + pid);
            }
            job.collect(pid, sink);
        }

        private void scanProcess(int pid, PageMapIndex index, String pagesEntry, InputStream in,
                java.util.function.LongConsumer progress) throws IOException {
            searched.add(pid);
            PageSink sink = job.sink(pid);
            PagesScan.Outcome outcome = PagesScan.scan(index, in, sink, areasOf(pid), progress,
                    listener::isCancelled);
            bytes += outcome.bytesSearched();
            if (outcome.truncated()) {
                warnings.add(pagesEntry + " ends after " + outcome.bytesRead() + " of the "
                        + index.totalDumpedBytes() + " bytes its pagemap lists");
            }
            job.collect(pid, sink);
        }

        /** The areas of pid the filter keeps, or null for all of its memory. */
        private AddressRanges areasOf(int pid) {
            if (!filter.limitsAreas()) {
                return null;
            }
            ProcessInfo p = processes.get(pid);
            List<long[]> ranges = new ArrayList<>();
            if (p != null && p.memory() != null) {
                for (Vma v : p.memory().vmas()) {
                    if (filter.wants(v)) {
                        ranges.add(new long[] {VmaLookup.start(v), VmaLookup.end(v)});
                    }
                }
            }
            return new AddressRanges(ranges);
        }

        private List<Integer> selectedPids() {
            return images.pids().stream().filter(filter::wants).filter(this::searchable)
                    .filter(p -> tree.contains(p) || !namesTreePages(p)).toList();
        }

        List<String> warnings() {
            List<String> all = new ArrayList<>(images.warnings());
            all.addAll(warnings);
            for (int pid : images.pids()) {
                if (!tree.contains(pid) && searchable(pid) && filter.wants(pid) && namesTreePages(pid)) {
                    all.add("pagemap-" + pid + ".img (pid " + pid + ", not in the process tree) names "
                            + images.index(pid).orElseThrow().pagesFileName() + ", which holds the pages of pid "
                            + owner(images.index(pid).orElseThrow().pagesFileName()).getAsInt()
                            + ": pid " + pid + " not searched");
                }
            }
            if (filter.pid().isPresent() && !images.pids().contains(filter.pid().getAsInt())) {
                all.add("no process " + filter.pid().getAsInt() + " with dumped memory in this checkpoint");
            }
            return all;
        }
    }

    @FunctionalInterface
    private interface EntryHandler {
        void handle(EntryInfo entry, InputStream content) throws IOException;
    }
}
