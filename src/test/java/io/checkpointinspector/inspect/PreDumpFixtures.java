package io.checkpointinspector.inspect;

import com.google.protobuf.Message;
import io.checkpointinspector.criu.ImageReader;
import io.checkpointinspector.criu.PageMapIndex;
import io.checkpointinspector.criu.proto.DumpStatsEntry;
import io.checkpointinspector.criu.proto.InventoryEntry;
import io.checkpointinspector.criu.proto.PagemapEntry;
import io.checkpointinspector.criu.proto.PagemapHead;
import io.checkpointinspector.criu.proto.StatsEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * A synthetic pre-dump chain made from the real Podman checkpoint (podman-none.tar): this kernel has no soft-dirty
 * tracking, so `podman container checkpoint --pre-checkpoint` cannot run here. The layout follows Podman's sources
 * (libpod/container_internal_common.go, exportCheckpoint and checkpoint): a pre-checkpoint export is the usual
 * archive with {@code pre-checkpoint/} in place of {@code checkpoint/}, its root {@code stats-dump} being the
 * pre-dump's; the child ({@code --with-previous}) is the usual archive whose {@code checkpoint/parent} is a symlink to
 * {@code ../pre-checkpoint}, which the child archive does not hold (restore untars the parent first,
 * {@code --import-previous}).
 *
 * <p>What the pre-dump and the dump hold follows CRIU: the pre-dump writes inventory.img (with pre_dump_mode set),
 * pagemap-PID.img and pages-N.img only; the dump writes everything, and its pagemap marks the pages it did not dump
 * again PE_PARENT (1) with no bytes in its pages image. Here every third page of each process (counting from its
 * first dumped page) is "dirty" and in the child; the rest are in the parent only. The parent's copy of a dirty page
 * is stale (every byte XOR 0x5A, starting with {@link #STALE}), so a read that wrongly prefers the parent shows. A
 * marker {@link #PARENT_ONLY} is planted in one clean page per process, and {@link #SPAN} straddles the end of a
 * child page and the start of the following parent page in pid 1.
 */
public final class PreDumpFixtures {

    public static final int PAGE = 4096;
    public static final String PARENT_ONLY = "PARENT-ONLY-PAGE-OF-PID-";
    public static final String STALE = "STALE-COPY-IN-PARENT-PID-";
    public static final String SPAN = "SPANS-CHILD-PAGE-INTO-PARENT-PAGE";
    /** The pre-dump's own figures in its stats-dump (distinct from the dump's, so both can be told apart). */
    public static final int PARENT_FROZEN_US = 7_777;
    public static final int PARENT_MEMDUMP_US = 3_333;
    public static final int PARENT_MEMWRITE_US = 12_345;

    private final List<LayoutFixtures.Item> podman;
    private final Map<Integer, Proc> procs = new TreeMap<>();
    private long dirtyPages;
    private long cleanPages;

    /** One process's pages: the original entries and the per-page content of child, parent and the chain. */
    private static final class Proc {
        final int pid;
        final String pagesName;
        final byte[] header;
        final Message head;
        final List<PagemapEntry> entries = new ArrayList<>();
        final List<Long> vaddrs = new ArrayList<>();
        final List<byte[]> chained = new ArrayList<>();
        final List<byte[]> parent = new ArrayList<>();
        final List<Boolean> dirty = new ArrayList<>();
        final boolean usesNrPages;

        Proc(int pid, String pagesName, byte[] header, Message head, boolean usesNrPages) {
            this.pid = pid;
            this.pagesName = pagesName;
            this.header = header;
            this.head = head;
            this.usesNrPages = usesNrPages;
        }
    }

    public PreDumpFixtures() throws IOException {
        this.podman = LayoutFixtures.readTar(Files.readAllBytes(Fixtures.path("podman-none.tar")));
        for (LayoutFixtures.Item i : podman) {
            String n = i.name();
            if (n.startsWith("checkpoint/pagemap-") && !n.contains("shmem")) {
                int pid = Integer.parseInt(n.substring("checkpoint/pagemap-".length(), n.length() - 4));
                split(pid, i.data());
            }
        }
    }

    private void split(int pid, byte[] pagemap) throws IOException {
        ImageReader.DecodedImage img = ImageReader.read("pagemap-" + pid + ".img", pagemap,
                ImageReader.Limits.DEFAULT);
        PagemapHead head = img.first(PagemapHead.class).orElseThrow();
        String pagesName = "pages-" + head.getPagesId() + ".img";
        List<PagemapEntry> pes = img.recordsOf(PagemapEntry.class);
        Proc p = new Proc(pid, pagesName, Arrays.copyOf(pagemap, 8), head,
                pes.stream().anyMatch(PagemapEntry::hasNrPages));
        byte[] pages = item("checkpoint/" + pagesName).data();
        long offset = 0;
        int n = 0;
        for (PagemapEntry e : pes) {
            p.entries.add(e);
            long count = PageMapIndex.pageCount(e);
            for (long k = 0; k < count; k++, n++) {
                byte[] page = Arrays.copyOfRange(pages, (int) offset, (int) offset + PAGE);
                offset += PAGE;
                p.vaddrs.add(e.getVaddr() + k * PAGE);
                boolean dirty = n % 3 == 0;
                p.dirty.add(dirty);
                if (dirty) {
                    byte[] stale = page.clone();
                    for (int b = 0; b < stale.length; b++) {
                        stale[b] ^= 0x5A;
                    }
                    p.chained.add(page);
                    p.parent.add(stale);
                    dirtyPages++;
                } else {
                    p.chained.add(page);
                    p.parent.add(page.clone());
                    cleanPages++;
                }
            }
        }
        plant(p);
        procs.put(pid, p);
    }

    /** The markers: in the first clean page, in the first dirty page's stale copy, and the span (pid 1). */
    private static void plant(Proc p) {
        int clean = p.dirty.indexOf(false);
        int dirty = p.dirty.indexOf(true);
        if (clean >= 0) {
            byte[] m = (PARENT_ONLY + p.pid + ";").getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(m, 0, p.parent.get(clean), 128, m.length);
            System.arraycopy(m, 0, p.chained.get(clean), 128, m.length);
        }
        if (dirty >= 0) {
            byte[] m = (STALE + p.pid + ";").getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(m, 0, p.parent.get(dirty), 64, m.length);
        }
        if (p.pid == 1) {
            for (int i = 0; i + 1 < p.vaddrs.size(); i++) {
                if (p.dirty.get(i) && !p.dirty.get(i + 1) && p.vaddrs.get(i + 1) == p.vaddrs.get(i) + PAGE) {
                    byte[] m = SPAN.getBytes(StandardCharsets.US_ASCII);
                    int half = m.length / 2;
                    System.arraycopy(m, 0, p.chained.get(i), PAGE - half, half);
                    System.arraycopy(m, half, p.chained.get(i + 1), 0, m.length - half);
                    System.arraycopy(m, half, p.parent.get(i + 1), 0, m.length - half);
                    return;
                }
            }
            throw new IllegalStateException("pid 1 has no dirty page followed by a clean one");
        }
    }

    /** Pids with a pagemap. */
    public List<Integer> pids() {
        return new ArrayList<>(procs.keySet());
    }

    public long dirtyPages() {
        return dirtyPages;
    }

    public long cleanPages() {
        return cleanPages;
    }

    /** pid's pages as the chain holds them (child's where dirty, parent's else), by page address. */
    public Map<Long, byte[]> chained(int pid) {
        return pages(pid, procs.get(pid).chained, null);
    }

    /** pid's pages the child alone holds (the dirty ones). */
    public Map<Long, byte[]> childOnly(int pid) {
        return pages(pid, procs.get(pid).chained, true);
    }

    /** Addresses of pid's pages that are only in the parent. */
    public List<Long> inParent(int pid) {
        Proc p = procs.get(pid);
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < p.vaddrs.size(); i++) {
            if (!p.dirty.get(i)) {
                out.add(p.vaddrs.get(i));
            }
        }
        return out;
    }

    /** Address of the PARENT_ONLY marker of pid. */
    public long parentOnlyMarker(int pid) {
        Proc p = procs.get(pid);
        return p.vaddrs.get(p.dirty.indexOf(false)) + 128;
    }

    /** Address of the SPAN marker (pid 1). */
    public long spanMarker() {
        Proc p = procs.get(1);
        for (int i = 0; i + 1 < p.vaddrs.size(); i++) {
            if (p.dirty.get(i) && !p.dirty.get(i + 1) && p.vaddrs.get(i + 1) == p.vaddrs.get(i) + PAGE) {
                return p.vaddrs.get(i) + PAGE - SPAN.length() / 2;
            }
        }
        throw new IllegalStateException();
    }

    private Map<Long, byte[]> pages(int pid, List<byte[]> content, Boolean onlyDirty) {
        Proc p = procs.get(pid);
        Map<Long, byte[]> out = new LinkedHashMap<>();
        for (int i = 0; i < p.vaddrs.size(); i++) {
            if (onlyDirty == null || p.dirty.get(i) == onlyDirty) {
                out.put(p.vaddrs.get(i), content.get(i));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- archives

    /** The child: Podman's export of `checkpoint --with-previous` (uncompressed). */
    public Path child(Path dir) throws IOException {
        return LayoutFixtures.writeTar(dir.resolve("child.tar"), childItems("../pre-checkpoint"));
    }

    /** The child with its parent link pointing somewhere else. */
    public Path childWithLink(Path dir, String name, String link) throws IOException {
        return LayoutFixtures.writeTar(dir.resolve(name), childItems(link));
    }

    /** The parent: Podman's export of `checkpoint --pre-checkpoint` (uncompressed). */
    public Path parent(Path dir) throws IOException {
        return LayoutFixtures.writeTar(dir.resolve("pre-checkpoint.tar"), parentItems("pre-checkpoint/", 0, -1,
                null));
    }

    /** A pre-dump of other pids (each pid + shift): not this child's parent. */
    public Path parentOfOtherPids(Path dir, int shift) throws IOException {
        return LayoutFixtures.writeTar(dir.resolve("other-pre-checkpoint.tar"), parentItems("pre-checkpoint/",
                shift, -1, null));
    }

    /** A pre-dump lacking the pagemap of one pid. */
    public Path parentWithout(Path dir, int missingPid) throws IOException {
        return LayoutFixtures.writeTar(dir.resolve("partial-pre-checkpoint.tar"), parentItems("pre-checkpoint/", 0,
                missingPid, null));
    }

    /**
     * Podman's container folder after `restore --import-previous`: checkpoint/ and pre-checkpoint/ side by side,
     * with preLink (null: none) as pre-checkpoint/parent.
     */
    public Path bothInOneDirectory(Path dir, String preLink) throws IOException {
        Path root = Files.createDirectories(dir.resolve("userdata"));
        List<LayoutFixtures.Item> all = new ArrayList<>(childItems("../pre-checkpoint"));
        for (LayoutFixtures.Item i : parentItems("pre-checkpoint/", 0, -1, preLink)) {
            if (i.name().startsWith("pre-checkpoint/")) {
                all.add(i);
            }
        }
        LayoutFixtures.extract(all, root);
        return root;
    }

    /** A bare `criu pre-dump -D DIR` directory (images at its top), with parentLink (null: none). */
    public Path bareParentDirectory(Path dir, String name, String parentLink) throws IOException {
        Path root = Files.createDirectories(dir.resolve(name));
        List<LayoutFixtures.Item> images = new ArrayList<>();
        for (LayoutFixtures.Item i : parentItems("", 0, -1, parentLink)) {
            if (i.name().endsWith(".img") || i.name().equals("parent")) {
                images.add(i);
            }
        }
        LayoutFixtures.extract(images, root);
        return root;
    }

    private List<LayoutFixtures.Item> childItems(String link) throws IOException {
        Instant when = item("checkpoint/inventory.img").modified();
        List<LayoutFixtures.Item> out = new ArrayList<>();
        for (LayoutFixtures.Item i : podman) {
            String n = i.name();
            Integer pid = pidOfPagemap(n);
            if (pid != null) {
                out.add(i.renamed(n).withData(childPagemap(procs.get(pid))));
            } else if (n.startsWith("checkpoint/pages-")) {
                out.add(i.withData(childPages(pagesOwner(n.substring("checkpoint/".length())))));
            } else if (n.equals("stats-dump")) {
                out.add(i.withData(stats(i.data(), false)));
            } else {
                out.add(i);
            }
            if (n.equals("checkpoint/")) {
                out.add(new LayoutFixtures.Item("checkpoint/parent", TarArchiveEntry.LF_SYMLINK, 0777, when,
                        new byte[0], link));
            }
        }
        return out;
    }

    private List<LayoutFixtures.Item> parentItems(String imagesDir, int shift, int missingPid, String link)
            throws IOException {
        Instant when = item("checkpoint/inventory.img").modified().minusSeconds(30);
        List<LayoutFixtures.Item> out = new ArrayList<>();
        for (String side : List.of("config.dump", "spec.dump", "network.status")) {
            out.add(item(side));
        }
        out.add(LayoutFixtures.Item.file("stats-dump", stats(item("stats-dump").data(), true), when));
        out.add(item("ctr.log"));
        if (!imagesDir.isEmpty()) {
            out.add(LayoutFixtures.Item.dir(imagesDir, when));
        }
        if (link != null) {
            out.add(new LayoutFixtures.Item(imagesDir + "parent", TarArchiveEntry.LF_SYMLINK, 0777, when,
                    new byte[0], link));
        }
        out.add(LayoutFixtures.Item.file(imagesDir + "inventory.img", preDumpInventory(), when));
        for (Proc p : procs.values()) {
            if (p.pid == missingPid) {
                continue;
            }
            out.add(LayoutFixtures.Item.file(imagesDir + "pagemap-" + (p.pid + shift) + ".img", parentPagemap(p),
                    when));
            out.add(LayoutFixtures.Item.file(imagesDir + p.pagesName, concat(p.parent), when));
        }
        if (!imagesDir.isEmpty()) {
            out.add(item("rootfs-diff.tar"));
            out.add(item("deleted.files"));
        }
        return out;
    }

    private Proc pagesOwner(String pagesName) {
        return procs.values().stream().filter(p -> p.pagesName.equals(pagesName)).findFirst().orElseThrow();
    }

    private static Integer pidOfPagemap(String name) {
        if (name.startsWith("checkpoint/pagemap-") && !name.contains("shmem") && name.endsWith(".img")) {
            return Integer.parseInt(name.substring("checkpoint/pagemap-".length(), name.length() - 4));
        }
        return null;
    }

    /** Runs of pages with the same state, contiguous in address, as one entry each. */
    private static byte[] childPagemap(Proc p) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(p.header);
        record(out, p.head.toByteArray());
        int i = 0;
        while (i < p.vaddrs.size()) {
            int j = i + 1;
            while (j < p.vaddrs.size() && p.dirty.get(j).equals(p.dirty.get(i))
                    && p.vaddrs.get(j) == p.vaddrs.get(j - 1) + PAGE) {
                j++;
            }
            int flags = p.dirty.get(i) ? PageMapIndex.PE_PRESENT : PageMapIndex.PE_PARENT;
            record(out, entry(p, p.vaddrs.get(i), j - i, flags).toByteArray());
            i = j;
        }
        return out.toByteArray();
    }

    private static byte[] parentPagemap(Proc p) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(p.header);
        record(out, p.head.toByteArray());
        for (PagemapEntry e : p.entries) {
            record(out, entry(p, e.getVaddr(), PageMapIndex.pageCount(e), PageMapIndex.PE_PRESENT).toByteArray());
        }
        return out.toByteArray();
    }

    private static PagemapEntry entry(Proc p, long vaddr, long pages, int flags) {
        PagemapEntry.Builder b = PagemapEntry.newBuilder().setVaddr(vaddr).setFlags(flags);
        return (p.usesNrPages ? b.setNrPages(pages) : b.setCompatNrPages((int) pages)).build();
    }

    private static byte[] childPages(Proc p) {
        List<byte[]> dirty = new ArrayList<>();
        for (int i = 0; i < p.vaddrs.size(); i++) {
            if (p.dirty.get(i)) {
                dirty.add(p.chained.get(i));
            }
        }
        return concat(dirty);
    }

    private byte[] preDumpInventory() throws IOException {
        byte[] original = item("checkpoint/inventory.img").data();
        ImageReader.DecodedImage img = ImageReader.read("inventory.img", original, ImageReader.Limits.DEFAULT);
        InventoryEntry inv = img.first(InventoryEntry.class).orElseThrow().toBuilder().setPreDumpMode(1).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Arrays.copyOf(original, 4)); // inventory has the bare magic only
        record(out, inv.toByteArray());
        return out.toByteArray();
    }

    /** The dump's stats with the chain's page counts, or the pre-dump's own. */
    private byte[] stats(byte[] original, boolean preDump) throws IOException {
        ImageReader.DecodedImage img = ImageReader.read("stats-dump", original, ImageReader.Limits.DEFAULT);
        DumpStatsEntry d = img.first(StatsEntry.class).orElseThrow().getDump();
        DumpStatsEntry.Builder b = d.toBuilder().setPagesScanned(dirtyPages + cleanPages);
        if (preDump) {
            b.setFrozenTime(PARENT_FROZEN_US).setMemdumpTime(PARENT_MEMDUMP_US).setMemwriteTime(PARENT_MEMWRITE_US)
                    .setPagesSkippedParent(0).setPagesWritten(dirtyPages + cleanPages);
        } else {
            b.setPagesSkippedParent(cleanPages).setPagesWritten(dirtyPages);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Arrays.copyOf(original, 8));
        record(out, StatsEntry.newBuilder().setDump(b).build().toByteArray());
        return out.toByteArray();
    }

    private static void record(ByteArrayOutputStream out, byte[] b) {
        int n = b.length;
        out.write(n);
        out.write(n >>> 8);
        out.write(n >>> 16);
        out.write(n >>> 24);
        out.writeBytes(b);
    }

    private static byte[] concat(List<byte[]> pages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pages.forEach(out::writeBytes);
        return out.toByteArray();
    }

    private LayoutFixtures.Item item(String name) {
        for (LayoutFixtures.Item i : podman) {
            if (i.name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("podman-none.tar has no " + name);
    }
}
