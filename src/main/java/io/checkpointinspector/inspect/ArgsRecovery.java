package io.checkpointinspector.inspect;

import io.checkpointinspector.archive.EntryInfo;
import io.checkpointinspector.archive.RandomAccessEntries;
import io.checkpointinspector.criu.MemoryRead;
import io.checkpointinspector.criu.PageCollector;
import io.checkpointinspector.criu.PageCollector.Range;
import io.checkpointinspector.criu.PageMapIndex;
import io.checkpointinspector.criu.PageSize;
import io.checkpointinspector.criu.PositionalSource;
import io.checkpointinspector.criu.ProcessArgs;
import io.checkpointinspector.criu.VirtualMemory;
import io.checkpointinspector.criu.proto.MmEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Recovers each process's command line and environment from its dumped memory: the mm image gives the virtual
 * ranges, the pagemap says where those pages sit in pages-N.img. For streamed sources the ranges are cut out of
 * the pages image while it passes by (mm and pagemap images precede it in every archive CRIU tools write); for
 * random-access sources they are read in place.
 */
final class ArgsRecovery {

    /** Linux caps argv+envp at a quarter of the stack limit; 4 MiB per range covers every default setup. */
    static final long MAX_RANGE_BYTES = 4L << 20;

    record Recovered(ProcessArgs.Argv argv, ProcessArgs.Environment env) {
    }

    private record Plan(int pid, PageMapIndex index, Range args, Range env, boolean capped) {
    }

    private final ImageSet images;
    private final Map<Integer, MemoryRead> argsRead = new HashMap<>();
    private final Map<Integer, MemoryRead> envRead = new HashMap<>();
    private final Set<String> pagesSeen = new HashSet<>();
    private final Set<String> pagesMissedInStream = new TreeSet<>();

    ArgsRecovery(ImageSet images) {
        this.images = images;
    }

    /** For streamed sources: called as each pages image passes by. */
    void onPages(String fileName, InputStream content) throws IOException {
        pagesSeen.add(fileName);
        List<Plan> plans = plans().stream().filter(p -> fileName.equals(p.index().pagesFileName())).toList();
        if (plans.isEmpty()) {
            pagesMissedInStream.add(fileName);
            return;
        }
        collect(plans, content);
    }

    /** The archive ends inside this pages image: what was taken from it is dropped, as for a missing image. */
    void forget(String fileName) {
        pagesSeen.remove(fileName);
        for (Plan p : plans()) {
            if (fileName.equals(p.index().pagesFileName())) {
                argsRead.remove(p.pid());
                envRead.remove(p.pid());
            }
        }
    }

    /** Pages images that passed by before their pagemap and mm images: they need a second pass. */
    Set<String> pagesNeedingSecondPass() {
        Set<String> needed = new TreeSet<>();
        for (Plan p : plans()) {
            String name = p.index().pagesFileName();
            if (pagesMissedInStream.contains(name) && !argsRead.containsKey(p.pid())) {
                needed.add(name);
            }
        }
        return needed;
    }

    /** Second pass over a pages image that arrived too early. */
    void onPagesSecondPass(String fileName, InputStream content) throws IOException {
        List<Plan> unread = plans().stream().filter(p -> fileName.equals(p.index().pagesFileName())
                && !argsRead.containsKey(p.pid())).toList();
        if (!unread.isEmpty()) {
            collect(unread, content);
        }
    }

    /** For random-access sources: reads every process's ranges in place. */
    void readInPlace(RandomAccessEntries entries) throws IOException {
        for (Plan plan : plans()) {
            String pagesEntry = SideFiles.CHECKPOINT_DIR + plan.index().pagesFileName();
            if (entries.find(pagesEntry).isEmpty()) {
                continue;
            }
            pagesSeen.add(plan.index().pagesFileName());
            PositionalSource pages = new PositionalSource() {
                @Override
                public int read(long offset, byte[] dst, int off, int len) throws IOException {
                    return entries.read(pagesEntry, offset, dst, off, len);
                }

                @Override
                public long size() {
                    return entries.find(pagesEntry).map(EntryInfo::size).orElse(0L);
                }
            };
            VirtualMemory memory = new VirtualMemory(plan.index(), pages);
            argsRead.put(plan.pid(), memory.read(plan.args().start(), (int) plan.args().length()));
            envRead.put(plan.pid(), memory.read(plan.env().start(), (int) plan.env().length()));
        }
    }

    private void collect(List<Plan> plans, InputStream content) throws IOException {
        if (plans.size() > 1) {
            // Two pagemaps naming one pages image: a stale pagemap of a pid no longer in the tree, left in a reused
            // checkpoint directory, or a crafted dump. While the tree is not known yet (pstree.img comes later in
            // the archive) read it for one, and let the second pass read it for the tree's process.
            pagesMissedInStream.add(plans.get(0).index().pagesFileName());
        }
        Plan plan = plans.get(0);
        Map<Range, MemoryRead> got = PageCollector.collect(plan.index(), List.of(plan.args(), plan.env()),
                content, 2 * MAX_RANGE_BYTES);
        argsRead.put(plan.pid(), got.get(plan.args()));
        envRead.put(plan.pid(), got.get(plan.env()));
    }

    /** The recovered argv and environment of pid, or why they could not be. */
    Recovered result(int pid) {
        Plan plan = plans().stream().filter(p -> p.pid() == pid).findFirst().orElse(null);
        if (plan == null) {
            String why = images.has("mm-" + pid + ".img")
                    ? "not recoverable: pagemap-" + pid + ".img is missing"
                    : "not recoverable: mm-" + pid + ".img is missing";
            return failed(why);
        }
        if (!pagesSeen.contains(plan.index().pagesFileName())) {
            return failed("not recoverable: " + plan.index().pagesFileName() + " is missing");
        }
        MemoryRead args = argsRead.get(pid);
        MemoryRead env = envRead.get(pid);
        if (args == null || env == null) {
            String pages = plan.index().pagesFileName();
            String other = plans().stream().filter(p -> p.pid() != pid && pages.equals(p.index().pagesFileName()))
                    .map(p -> "pagemap-" + p.pid() + ".img").findFirst().orElse(null);
            return failed(other != null
                    ? "not recoverable: " + pages + " is named by both pagemap-" + pid + ".img and " + other
                    : "not recoverable: " + pages + " was not read");
        }
        ProcessArgs.Argv argv = ProcessArgs.argv(args, env);
        ProcessArgs.Environment environment = ProcessArgs.environment(env);
        if (plan.capped()) {
            String why = "partial: the argument or environment area is larger than " + MAX_RANGE_BYTES
                    + " bytes and was cut there";
            argv = new ProcessArgs.Argv(ProcessArgs.Status.PARTIAL, argv.args(), argv.setproctitle(), why);
            environment = new ProcessArgs.Environment(ProcessArgs.Status.PARTIAL, environment.vars(), why);
        }
        return new Recovered(argv, environment);
    }

    private static Recovered failed(String why) {
        return new Recovered(new ProcessArgs.Argv(ProcessArgs.Status.NOT_RECOVERABLE, List.of(), false, why),
                new ProcessArgs.Environment(ProcessArgs.Status.NOT_RECOVERABLE, List.of(), why));
    }

    private List<Plan> cachedPlans;
    private int cachedImageCount = -1;

    /**
     * The plans of the processes in the tree once pstree.img is known (a pid outside it has no process to show
     * arguments for), every plan before.
     */
    private List<Plan> plans() {
        Optional<Set<Integer>> tree = TreeIds.of(images);
        List<Plan> all = allPlans();
        return tree.isEmpty() ? all : all.stream().filter(p -> tree.get().contains(p.pid())).toList();
    }

    /** One plan per pid that has both an mm and a pagemap image; rebuilt when new images arrived. */
    private List<Plan> allPlans() {
        int count = images.names().size();
        if (cachedPlans != null && count == cachedImageCount) {
            return cachedPlans;
        }
        List<Plan> plans = new java.util.ArrayList<>();
        for (String name : images.names()) {
            if (!name.startsWith("mm-") || !name.endsWith(".img")) {
                continue;
            }
            String pidText = name.substring(3, name.length() - 4);
            int pid;
            try {
                pid = Integer.parseInt(pidText);
            } catch (NumberFormatException e) {
                continue;
            }
            var mm = images.first(name, MmEntry.class);
            var pagemap = images.get("pagemap-" + pid + ".img");
            if (mm.isEmpty() || pagemap.isEmpty()) {
                continue;
            }
            int pageSize = PageSize.fromSavedAuxv(mm.get().getMmSavedAuxvList()).orElse(PageSize.DEFAULT);
            PageMapIndex index = PageMapIndex.of(pagemap.get(), pageSize);
            if (index.pagesId().isEmpty()) {
                continue;
            }
            Range args = ProcessArgs.argRange(mm.get());
            Range env = ProcessArgs.envRange(mm.get());
            boolean capped = args.length() > MAX_RANGE_BYTES || env.length() > MAX_RANGE_BYTES;
            plans.add(new Plan(pid, index, capped(args), capped(env), capped));
        }
        cachedPlans = plans;
        cachedImageCount = count;
        return plans;
    }

    private static Range capped(Range r) {
        return r.length() > MAX_RANGE_BYTES ? new Range(r.start(), r.start() + MAX_RANGE_BYTES) : r;
    }
}
