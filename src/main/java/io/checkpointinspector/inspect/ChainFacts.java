package io.checkpointinspector.inspect;

import io.checkpointinspector.criu.PageMapIndex;
import io.checkpointinspector.criu.PageSize;
import io.checkpointinspector.criu.proto.InventoryEntry;
import io.checkpointinspector.model.ChainInfo;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * What one checkpoint says about a pre-dump chain, from its pagemaps, its inventory and its {@code parent} link.
 * Facts from CRIU: a dump made with {@code --prev-images-dir} marks the pages it did not dump again PE_PARENT and
 * leaves a symlink {@code parent} in its images folder naming the parent's folder (relative to it); a pre-dump
 * writes only inventory.img (with pre_dump_mode set), pagemaps and pages. Podman (libpod) keeps the pre-dump in
 * pre-checkpoint/ beside checkpoint/ and rewrites the link to {@code ../pre-checkpoint}.
 */
final class ChainFacts {

    static final String PARENT = "parent";

    private ChainFacts() {
    }

    /**
     * The folder imagesDir's link lands on within the source ("pre-checkpoint/"), or null when it is absolute,
     * empty, or climbs out of the source root. Names are '/'-separated, relative to the root, imagesDir ends in '/'.
     */
    static String resolve(String imagesDir, String link) {
        if (link == null || link.isEmpty() || link.startsWith("/") || link.indexOf('\0') >= 0) {
            return null;
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String s : imagesDir.split("/")) {
            if (!s.isEmpty()) {
                parts.addLast(s);
            }
        }
        for (String s : link.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.removeLast();
            } else {
                parts.addLast(s);
            }
        }
        return parts.isEmpty() ? "" : String.join("/", parts) + "/";
    }

    /** The chain facts of a checkpoint, or null when it is neither a pre-dump nor a dump with a parent. */
    static ChainInfo of(ImageSet images, ImageSet preDumpImages, Map<String, String> links, boolean hasProcessTree,
            java.util.Set<String> folders) {
        String link = links.get(SideFiles.CHECKPOINT_DIR + PARENT);
        Counts c = count(images);
        boolean preDumpInventory = images.first("inventory.img", InventoryEntry.class)
                .map(InventoryEntry::hasPreDumpMode).orElse(false);
        if (link != null || c.inParent > 0) {
            String dir = resolve(SideFiles.CHECKPOINT_DIR, link);
            String note;
            if (link == null) {
                note = "pages are marked in the parent, but there is no parent link: open the parent with the child";
            } else if (dir == null) {
                note = "the parent link leaves this source: it is not followed; open the parent with the child";
            } else if (folders.contains(dir)) {
                note = "the parent is in this source (" + dir + ")";
            } else {
                note = "the parent (" + dir + ") is not in this source: open it with the child"
                        + (dir.equals(SideFiles.PRE_CHECKPOINT_DIR)
                                ? " (Podman exports it separately: checkpoint --pre-checkpoint --export)" : "");
            }
            return new ChainInfo(ChainInfo.INCREMENTAL, SideFiles.CHECKPOINT_DIR, link, dir, note, c.inParent,
                    c.inImage, c.pids, c.byPid);
        }
        if (!hasProcessTree && !preDumpImages.names().isEmpty()) {
            Counts p = count(preDumpImages);
            String own = links.get(SideFiles.PRE_CHECKPOINT_DIR + PARENT);
            return new ChainInfo(ChainInfo.PRE_DUMP, SideFiles.PRE_CHECKPOINT_DIR, own,
                    resolve(SideFiles.PRE_CHECKPOINT_DIR, own), "a pre-dump holds memory pages only (no process "
                            + "tree, files or sockets): it is the parent of a later checkpoint", p.inParent,
                    p.inImage, p.pids, p.byPid);
        }
        // A dump missing pstree.img still has core images; a pre-dump writes none.
        boolean noCores = images.names().stream().noneMatch(n -> n.startsWith("core-"));
        if (preDumpInventory || (!hasProcessTree && noCores && !c.pids.isEmpty())) {
            return new ChainInfo(ChainInfo.PRE_DUMP, SideFiles.CHECKPOINT_DIR, null, null, "a pre-dump holds memory "
                    + "pages only (no process tree, files or sockets): it is the parent of a later checkpoint",
                    c.inParent, c.inImage, c.pids, c.byPid);
        }
        return null;
    }

    private record Counts(long inParent, long inImage, List<Integer> pids, Map<Integer, Long> byPid) {
    }

    private static Counts count(ImageSet images) {
        long inParent = 0;
        long inImage = 0;
        List<Integer> pids = new ArrayList<>();
        Map<Integer, Long> byPid = new java.util.TreeMap<>();
        for (String name : images.names()) {
            int pid = pidOfPagemap(name);
            if (pid < 0) {
                continue;
            }
            pids.add(pid);
            var img = images.get(name);
            if (img.isEmpty()) {
                continue;
            }
            for (PageMapIndex.Entry e : PageMapIndex.of(img.get(), PageSize.DEFAULT).entries()) {
                if (e.inParent() && !e.present()) {
                    inParent += e.pages();
                    byPid.merge(pid, e.pages(), Long::sum);
                } else if (e.fileOffset() >= 0) {
                    inImage += e.pages();
                }
            }
        }
        pids.sort(null);
        return new Counts(inParent, inImage, pids, byPid);
    }

    /** pid of "pagemap-PID.img", or -1. */
    static int pidOfPagemap(String fileName) {
        if (!fileName.startsWith("pagemap-") || !fileName.endsWith(".img")) {
            return -1;
        }
        String digits = fileName.substring("pagemap-".length(), fileName.length() - 4);
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Integer.parseInt(digits);
    }
}
