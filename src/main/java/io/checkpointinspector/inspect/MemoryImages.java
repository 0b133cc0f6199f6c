package io.checkpointinspector.inspect;

import io.checkpointinspector.archive.EntryInfo;
import io.checkpointinspector.criu.PageMapIndex;
import io.checkpointinspector.criu.PageSize;
import io.checkpointinspector.criu.proto.MmEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The mm and pagemap images of a checkpoint's processes, taken as they are read (in place or while a scan passes),
 * and the pagemap index of each process built from them once. The pages images themselves are never held.
 */
final class MemoryImages {

    private final Path source;
    private final ImageSet images = new ImageSet();
    private final Map<Integer, Optional<PageMapIndex>> indexes = new HashMap<>();

    MemoryImages(Path source) {
        this.source = source;
    }

    /** True for checkpoint/mm-PID.img and checkpoint/pagemap-PID.img. */
    static boolean wanted(String entryName) {
        return pidOf(entryName, "mm-") >= 0 || pidOf(entryName, "pagemap-") >= 0;
    }

    /** Keeps an mm or pagemap image; other entries are left alone. */
    void accept(EntryInfo entry, InputStream content) throws IOException {
        if (!entry.isFile() || !wanted(entry.name())) {
            return;
        }
        String fileName = entry.name().substring(SideFiles.CHECKPOINT_DIR.length());
        images.put(fileName, entry.name(),
                BoundedRead.all(source, entry.name(), content, EntryCollector.MAX_IMAGE_BYTES));
        indexes.clear();
    }

    /** Pids that have a pagemap image, ascending. */
    SortedSet<Integer> pids() {
        SortedSet<Integer> pids = new TreeSet<>();
        for (String name : images.names()) {
            int pid = pidOf(SideFiles.CHECKPOINT_DIR + name, "pagemap-");
            if (pid >= 0) {
                pids.add(pid);
            }
        }
        return pids;
    }

    /** The pagemap index of pid, with the page size its mm image records; empty without a readable pagemap. */
    Optional<PageMapIndex> index(int pid) {
        return indexes.computeIfAbsent(pid, p -> {
            int pageSize = images.first("mm-" + p + ".img", MmEntry.class)
                    .map(mm -> PageSize.fromSavedAuxv(mm.getMmSavedAuxvList()).orElse(PageSize.DEFAULT))
                    .orElse(PageSize.DEFAULT);
            return images.get("pagemap-" + p + ".img").map(img -> PageMapIndex.of(img, pageSize))
                    .filter(i -> i.pagesFileName() != null);
        });
    }

    /** The process whose pagemap names this pages image (file name within checkpoint/). */
    OptionalInt pidOfPages(String pagesFileName) {
        for (int pid : pids()) {
            if (index(pid).map(i -> pagesFileName.equals(i.pagesFileName())).orElse(false)) {
                return OptionalInt.of(pid);
            }
        }
        return OptionalInt.empty();
    }

    /** Why pid has no index: no pagemap image, or one that cannot be used. */
    String whyNoIndex(int pid) {
        String name = "pagemap-" + pid + ".img";
        return images.has(name) ? name + " cannot be decoded or has no head" : "no process " + pid
                + " with dumped memory (" + name + " is missing)";
    }

    /** Problems met decoding the images and building the indexes. */
    List<String> warnings() {
        List<String> all = new ArrayList<>(images.warnings());
        for (int pid : pids()) {
            index(pid).ifPresent(i -> i.warnings().forEach(w -> all.add("pagemap-" + pid + ".img: " + w)));
        }
        return all;
    }

    private static int pidOf(String entryName, String prefix) {
        String head = SideFiles.CHECKPOINT_DIR + prefix;
        if (!entryName.startsWith(head) || !entryName.endsWith(".img")) {
            return -1;
        }
        String digits = entryName.substring(head.length(), entryName.length() - 4);
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Integer.parseInt(digits);
    }
}
