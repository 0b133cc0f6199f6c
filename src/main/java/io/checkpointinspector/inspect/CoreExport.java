package io.checkpointinspector.inspect;

import io.checkpointinspector.archive.CheckpointFormatException;
import io.checkpointinspector.archive.CheckpointSource;
import io.checkpointinspector.archive.CheckpointSources;
import io.checkpointinspector.archive.EntryInfo;
import io.checkpointinspector.archive.EntryVisitor;
import io.checkpointinspector.archive.RandomAccessEntries;
import io.checkpointinspector.criu.MemoryRead;
import io.checkpointinspector.criu.PageMapIndex;
import io.checkpointinspector.criu.PageSize;
import io.checkpointinspector.criu.proto.CoreEntry;
import io.checkpointinspector.criu.proto.MmEntry;
import io.checkpointinspector.criu.proto.UserX86FpregsEntry;
import io.checkpointinspector.criu.proto.UserX86RegsEntry;
import io.checkpointinspector.criu.proto.UserX86RegsMode;
import io.checkpointinspector.criu.proto.UserX86XsaveEntry;
import io.checkpointinspector.criu.proto.VmaEntry;
import io.checkpointinspector.elfcore.CoreModel;
import io.checkpointinspector.elfcore.CoreNotes;
import io.checkpointinspector.elfcore.ElfCoreFile;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.model.ProcessInfo;
import io.checkpointinspector.model.Vma;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * Writes one process of a checkpoint as an ELF core file that gdb and readelf read: a PT_LOAD for every dumped
 * run of pages of every memory area (pages the checkpoint does not hold are left out, not zero-filled, and listed in
 * a note of ours), NT_PRSTATUS per thread with the general registers CRIU recorded, NT_FPREGSET and NT_X86_XSTATE
 * where it recorded them, NT_PRPSINFO, NT_AUXV and NT_FILE. Only x86_64 tasks. The pages image is read once, front
 * to back; the file is written only at the target, which must not exist (unless overwriting is asked for) and is
 * never reached through a symbolic link. On any failure the partial file is removed.
 */
public final class CoreExport {

    /** Owner name and type of our note listing what was left out. */
    public static final String NOTE_NAME = "CHECKPOINT-INSPECTOR";
    /** Our own type number ("INSP"), so no tool takes the note for one of its own. */
    public static final int NOTE_OMITTED = 0x50534e49;

    // CRIU's VMA status bits (criu/include/image.h).
    private static final int VMA_FILE_PRIVATE = 1 << 6;
    private static final int VMA_FILE_SHARED = 1 << 7;
    private static final int VMA_AREA_MEMFD = 1 << 14;

    /** A range of a memory area with no bytes in the file, and why. */
    public record Omitted(long start, long end, String area, String reason) {
        public long length() {
            return end - start;
        }
    }

    /**
     * What was written.
     *
     * @param fileBytes   size of the core file
     * @param segments    PT_LOAD segments
     * @param memoryBytes bytes of memory in them
     * @param omitted     ranges of memory areas left out
     */
    public record Result(Path file, long fileBytes, int threads, int segments, long memoryBytes,
            List<Omitted> omitted, List<String> warnings) {
        public Result {
            omitted = List.copyOf(omitted);
            warnings = List.copyOf(warnings);
        }

        public long omittedBytes() {
            return omitted.stream().mapToLong(Omitted::length).sum();
        }
    }

    private final Path source;
    private final Checkpoint checkpoint;

    private final CheckpointChain chain;

    public CoreExport(Path source, Checkpoint checkpoint) {
        this(source, checkpoint, null);
    }

    /** As above; with a chain that joined a parent, memory the child keeps in its parents is read from them. */
    public CoreExport(Path source, Checkpoint checkpoint, CheckpointChain chain) {
        this.source = Objects.requireNonNull(source, "source");
        this.checkpoint = Objects.requireNonNull(checkpoint, "checkpoint");
        this.chain = chain != null && chain.usable() ? chain : null;
    }

    /**
     * Writes the core file of pid to target.
     *
     * @param overwrite replace an existing regular file (never a link, directory or anything else)
     * @throws CancellationException when listener.isCancelled() (the partial file is removed)
     */
    public Result write(int pid, Path target, boolean overwrite, InspectListener listener) throws IOException {
        ProcessInfo process = checkpoint.processes().stream().filter(p -> p.pid() == pid).findFirst()
                .orElseThrow(() -> new IOException(source + ": no process " + pid + " in this checkpoint"));
        if (!"alive".equals(process.state()) && !"stopped".equals(process.state())) {
            throw new IOException(source + ": pid " + pid + " is " + process.state() + ": it has no memory to write");
        }
        Job job = new Job(process, listener);
        FileChannel out = createTarget(target, overwrite);
        boolean done = false;
        try (out) {
            try (CheckpointSource src = CheckpointSources.open(source)) {
                var random = src.randomAccess();
                if (random.isPresent() && chain != null) {
                    try (CheckpointChain.Opened links = chain.openLinks()) {
                        job.chained(random.get(), links, out);
                    }
                } else if (random.isPresent()) {
                    job.inPlace(random.get(), out);
                } else {
                    job.streamed(src, out);
                }
            }
            Result r = job.finish(target, out);
            done = true;
            return r;
        } finally {
            if (!done) {
                Files.deleteIfExists(target);
            }
        }
    }

    /** Creates target for writing: refuses links, refuses an existing file unless overwrite (then only a file). */
    static FileChannel createTarget(Path target, boolean overwrite) throws IOException {
        if (Files.isSymbolicLink(target)) {
            throw new IOException(target + ": is a symbolic link; not followed, nothing written");
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            if (!overwrite) {
                throw new IOException(target + ": exists; not overwritten (ask to replace it)");
            }
            if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(target + ": is not a regular file; not replaced");
            }
            Files.delete(target);
        }
        // CREATE_NEW is O_CREAT|O_EXCL: a link put there in the meantime is not followed either.
        return FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
    }

    /** One export: the images it needs, the plan of segments and what it met. */
    private final class Job {
        private final ProcessInfo process;
        private final InspectListener listener;
        private final ImageSet images = new ImageSet();
        private final List<String> warnings = new ArrayList<>();
        private final List<Omitted> omitted = new ArrayList<>();
        private final List<CoreModel.FileMapping> files = new ArrayList<>();
        private List<ElfCoreFile.Placed> placed;
        private MmEntry mm;
        private int pageSize = PageSize.DEFAULT;
        private boolean pagesWritten;
        /** The process's memory through the chain, when the core is written from one. */
        private io.checkpointinspector.criu.ChainedMemory memory;

        Job(ProcessInfo process, InspectListener listener) {
            this.process = process;
            this.listener = listener;
        }

        private List<String> wantedImages() {
            List<String> names = new ArrayList<>();
            names.add("mm-" + process.pid() + ".img");
            names.add("pagemap-" + process.pid() + ".img");
            process.threads().forEach(t -> names.add("core-" + t.tid() + ".img"));
            if (process.threads().stream().noneMatch(t -> t.tid() == process.pid())) {
                names.add("core-" + process.pid() + ".img");
            }
            return names;
        }

        private void keep(EntryInfo entry, InputStream in) throws IOException {
            String file = entry.name().substring(SideFiles.CHECKPOINT_DIR.length());
            images.put(file, entry.name(), BoundedRead.all(source, entry.name(), in, EntryCollector.MAX_IMAGE_BYTES));
        }

        void inPlace(RandomAccessEntries entries, FileChannel out) throws IOException {
            for (String name : wantedImages()) {
                var entry = entries.find(SideFiles.CHECKPOINT_DIR + name);
                if (entry.isPresent() && entry.get().isFile()) {
                    try (InputStream in = entries.open(entry.get().name())) {
                        keep(entry.get(), in);
                    }
                }
            }
            PageMapIndex index = plan();
            String pagesEntry = SideFiles.CHECKPOINT_DIR + index.pagesFileName();
            if (entries.find(pagesEntry).isEmpty()) {
                if (index.totalDumpedBytes() > 0) {
                    throw new CheckpointFormatException(source, pagesEntry, "no such entry in this checkpoint");
                }
                copy(InputStream.nullInputStream(), out, pagesEntry);
                return;
            }
            try (InputStream in = entries.open(pagesEntry)) {
                copy(in, out, pagesEntry);
            }
        }

        /** The images from the child; the bytes through the chain, each segment read by address. */
        void chained(RandomAccessEntries entries, CheckpointChain.Opened links, FileChannel out) throws IOException {
            for (String name : wantedImages()) {
                var entry = entries.find(SideFiles.CHECKPOINT_DIR + name);
                if (entry.isPresent() && entry.get().isFile()) {
                    try (InputStream in = entries.open(entry.get().name())) {
                        keep(entry.get(), in);
                    }
                }
            }
            memory = links.memory(process.pid()).orElse(null);
            plan();
            List<ElfCoreFile.Placed> written = new ArrayList<>();
            long total = placed.stream().mapToLong(p -> p.load().length()).sum();
            long copied = 0;
            for (ElfCoreFile.Placed p : placed) {
                CoreModel.Load l = p.load();
                long got = 0;
                while (got < l.length()) {
                    int want = (int) Math.min(MemoryAccess.MAX_READ, l.length() - got);
                    MemoryRead r = memory.read(l.vaddr() + got, want);
                    if (!r.complete()) {
                        break; // a pages image of the chain ends early: the rest of the segment is left out
                    }
                    ByteBuffer bb = ByteBuffer.wrap(r.data());
                    long at = p.offset() + got;
                    while (bb.hasRemaining()) {
                        at += out.write(bb, at);
                    }
                    got += want;
                    copied += want;
                    listener.progress(copied, total, "pid " + process.pid() + " through the pre-dump chain");
                    if (listener.isCancelled() || Thread.currentThread().isInterrupted()) {
                        throw new CancellationException("core file cancelled");
                    }
                }
                if (got > 0) {
                    written.add(new ElfCoreFile.Placed(
                            new CoreModel.Load(l.vaddr(), got, l.flags(), l.sourceOffset()), p.offset()));
                }
                if (got < l.length()) {
                    omitted.add(new Omitted(l.vaddr() + got, l.vaddr() + l.length(), "pages image",
                            reason(MemoryRead.Reason.PAGES_TRUNCATED)));
                }
            }
            placed = written;
            pagesWritten = true;
        }

        void streamed(CheckpointSource src, FileChannel out) throws IOException {
            List<String> wanted = wantedImages().stream().map(n -> SideFiles.CHECKPOINT_DIR + n).toList();
            boolean[] early = {false};
            EntryVisitor visitor = new EntryVisitor() {
                @Override
                public void visit(EntryInfo entry, InputStream content) throws IOException {
                    if (!entry.isFile()) {
                        return;
                    }
                    if (wanted.contains(entry.name())) {
                        keep(entry, content);
                        return;
                    }
                    String pages = MemoryAccess.pagesFileName(entry);
                    if (pages == null || pagesWritten) {
                        return;
                    }
                    if (!images.has("mm-" + process.pid() + ".img")
                            || !images.has("pagemap-" + process.pid() + ".img")) {
                        early[0] = true;
                        return;
                    }
                    PageMapIndex index = plan();
                    if (pages.equals(index.pagesFileName())) {
                        copy(content, out, entry.name());
                    }
                }

                @Override
                public boolean isCancelled() {
                    return listener.isCancelled();
                }

                @Override
                public void progress(long done, long total, String current) {
                    listener.progress(done, total, current);
                }
            };
            src.scan(visitor);
            if (!pagesWritten && early[0]) {
                warnings.add("pages images came before their pagemap in the archive; read it in a second pass");
                src.scan(visitor);
            }
            if (!pagesWritten) {
                PageMapIndex index = plan();
                if (index.totalDumpedBytes() > 0) {
                    throw new CheckpointFormatException(source, SideFiles.CHECKPOINT_DIR + index.pagesFileName(),
                            "no such entry in this checkpoint");
                }
                copy(InputStream.nullInputStream(), out, index.pagesFileName());
            }
        }

        /** Decides the segments from the mm image and the pagemap (once). */
        private PageMapIndex plan() throws IOException {
            int pid = process.pid();
            String mmName = "mm-" + pid + ".img";
            mm = images.first(mmName, MmEntry.class).orElseThrow(() -> new CheckpointFormatException(source,
                    SideFiles.CHECKPOINT_DIR + mmName, images.whyEmpty(mmName)));
            pageSize = PageSize.fromSavedAuxv(mm.getMmSavedAuxvList()).orElse(PageSize.DEFAULT);
            String pmName = "pagemap-" + pid + ".img";
            PageMapIndex index = images.get(pmName).map(img -> PageMapIndex.of(img, pageSize))
                    .filter(i -> i.pagesFileName() != null)
                    .orElseThrow(() -> new CheckpointFormatException(source, SideFiles.CHECKPOINT_DIR + pmName,
                            images.has(pmName) ? "cannot be decoded or has no head" : "is missing"));
            if (placed != null) {
                return index;
            }
            index.warnings().forEach(w -> warnings.add(SideFiles.CHECKPOINT_DIR + pmName + ": " + w));
            VmaLookup labels = new VmaLookup(process.memory() == null ? List.of() : process.memory().vmas());
            List<CoreModel.Load> loads = new ArrayList<>();
            for (VmaEntry v : mm.getVmasList()) {
                long start = v.getStart();
                long end = v.getEnd();
                if (Long.compareUnsigned(end, start) <= 0) {
                    continue;
                }
                Optional<Vma> model = labels.find(start);
                String label = model.map(Vma::label).orElse("");
                String area = (label.isEmpty() ? "[anonymous]" : label);
                int flags = CoreModel.flagsOfProt(v.getProt());
                if (memory != null) {
                    for (var piece : memory.pieces(start, end - start)) {
                        if (piece.held()) {
                            loads.add(new CoreModel.Load(piece.vaddr(), piece.length(), flags, piece.vaddr()));
                        } else {
                            omitted.add(new Omitted(piece.vaddr(), piece.vaddr() + piece.length(), area,
                                    reason(piece.missing())));
                        }
                    }
                } else {
                    for (PageMapIndex.Segment s : index.locate(start, end - start)) {
                        if (s.dumped()) {
                            loads.add(new CoreModel.Load(s.vaddr(), s.length(), flags, s.fileOffset()));
                        } else {
                            omitted.add(new Omitted(s.vaddr(), s.vaddr() + s.length(), area, reason(s.missing())));
                        }
                    }
                }
                if ((v.getStatus() & (VMA_FILE_PRIVATE | VMA_FILE_SHARED | VMA_AREA_MEMFD)) != 0
                        && label.startsWith("/")) {
                    files.add(new CoreModel.FileMapping(start, end, v.getPgoff(), label));
                }
            }
            try {
                placed = ElfCoreFile.place(loads);
            } catch (IllegalArgumentException e) {
                throw new CheckpointFormatException(source, SideFiles.CHECKPOINT_DIR + mmName, e.getMessage());
            }
            return index;
        }

        private static String reason(MemoryRead.Reason r) {
            return switch (r) {
                case NOT_DUMPED -> "not dumped";
                case IN_PARENT -> "in the parent checkpoint";
                case NOT_IN_PARENT -> "marked in the parent, but not in the parent opened with it";
                case LAZY -> "lazy (not in the image)";
                case PAGES_TRUNCATED -> "pages image too short";
                case CAPPED -> "capped";
            };
        }

        /** Copies each segment's bytes from the pages image, read front to back, to its place in the file. */
        private void copy(InputStream pages, FileChannel out, String pagesEntry) throws IOException {
            plan();
            List<ElfCoreFile.Placed> written = new ArrayList<>();
            long total = placed.stream().mapToLong(p -> p.load().length()).sum();
            byte[] buf = new byte[1 << 20];
            long pos = 0;
            long copied = 0;
            boolean truncated = false;
            for (ElfCoreFile.Placed p : placed) {
                CoreModel.Load l = p.load();
                long got = 0;
                if (!truncated) {
                    while (pos < l.sourceOffset()) {
                        long s = pages.skip(l.sourceOffset() - pos);
                        if (s <= 0) {
                            int n = pages.read(buf, 0, (int) Math.min(buf.length, l.sourceOffset() - pos));
                            if (n < 0) {
                                break;
                            }
                            s = n;
                        }
                        pos += s;
                    }
                    truncated = pos < l.sourceOffset();
                    while (!truncated && got < l.length()) {
                        int n = pages.readNBytes(buf, 0, (int) Math.min(buf.length, l.length() - got));
                        ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                        long at = p.offset() + got;
                        while (bb.hasRemaining()) {
                            at += out.write(bb, at);
                        }
                        got += n;
                        pos += n;
                        copied += n;
                        listener.progress(copied, total, pagesEntry);
                        if (listener.isCancelled() || Thread.currentThread().isInterrupted()) {
                            throw new CancellationException("core file cancelled");
                        }
                        truncated = n == 0;
                    }
                }
                if (got > 0) {
                    written.add(new ElfCoreFile.Placed(
                            new CoreModel.Load(l.vaddr(), got, l.flags(), l.sourceOffset()), p.offset()));
                }
                if (got < l.length()) {
                    omitted.add(new Omitted(l.vaddr() + got, l.vaddr() + l.length(), "pages image",
                            reason(MemoryRead.Reason.PAGES_TRUNCATED)));
                }
            }
            if (truncated) {
                warnings.add(pagesEntry + " ends after " + pos + " bytes, before all the pages its pagemap lists");
            }
            placed = written;
            pagesWritten = true;
        }

        Result finish(Path target, FileChannel out) throws IOException {
            List<CoreModel.Thread> threads = new ArrayList<>();
            List<Integer> tids = new ArrayList<>();
            tids.add(process.pid());
            process.threads().stream().map(t -> t.tid()).filter(t -> t != process.pid()).forEach(tids::add);
            for (int tid : tids) {
                String name = "core-" + tid + ".img";
                Optional<CoreEntry> core = images.first(name, CoreEntry.class);
                if (core.isEmpty()) {
                    if (tid == process.pid()) {
                        throw new CheckpointFormatException(source, SideFiles.CHECKPOINT_DIR + name,
                                images.whyEmpty(name) + ": no registers for the main thread");
                    }
                    warnings.add(SideFiles.CHECKPOINT_DIR + name + " " + images.whyEmpty(name) + ": thread " + tid
                            + " left out");
                    continue;
                }
                threads.add(thread(tid, core.get(), SideFiles.CHECKPOINT_DIR + name));
            }
            Optional<CoreEntry> mainCore = images.first("core-" + process.pid() + ".img", CoreEntry.class);
            var creds = mainCore.filter(c -> c.hasThreadCore() && c.getThreadCore().hasCreds())
                    .map(c -> c.getThreadCore().getCreds());
            List<String> argv = process.cmdline();
            if (argv == null) {
                warnings.add("the command line is not recoverable (" + process.argsNote()
                        + "): NT_PRPSINFO has none");
            }
            String state = process.state();
            char sname = "stopped".equals(state) ? 'T' : '.';
            CoreModel.Process p = new CoreModel.Process(process.pid(), process.ppid(), process.pgid(), process.sid(),
                    creds.map(c -> c.getUid()).orElse(0), creds.map(c -> c.getGid()).orElse(0), sname,
                    process.comm() == null ? "" : process.comm(), argv == null ? "" : String.join(" ", argv));
            long[] auxv = mm.getMmSavedAuxvList().stream().mapToLong(Long::longValue).toArray();
            List<CoreModel.Load> loads = placed.stream().map(ElfCoreFile.Placed::load).toList();
            CoreModel.Content content = new CoreModel.Content(p, threads, auxv, pageSize, files, loads,
                    List.of(new CoreModel.Note(NOTE_NAME, NOTE_OMITTED, omittedText().getBytes(
                            StandardCharsets.UTF_8))));
            byte[] notes = CoreNotes.all(content);
            long noteOffset = ElfCoreFile.dataEnd(placed);
            writeFully(out, ByteBuffer.wrap(notes), noteOffset);
            writeFully(out, ByteBuffer.wrap(ElfCoreFile.headers(placed, noteOffset, notes.length)), 0);
            out.force(false);
            long memory = loads.stream().mapToLong(CoreModel.Load::length).sum();
            return new Result(target, noteOffset + notes.length, threads.size(), placed.size(), memory, omitted,
                    warnings);
        }

        private String omittedText() {
            StringBuilder sb = new StringBuilder();
            long bytes = omitted.stream().mapToLong(Omitted::length).sum();
            sb.append("Written by Checkpoint Inspector from ").append(source.getFileName()).append(", pid ")
                    .append(process.pid()).append(".\n");
            sb.append("Memory the checkpoint does not hold is left out (no PT_LOAD covers it): ")
                    .append(omitted.size()).append(" ranges, ").append(bytes).append(" bytes.\n");
            int shown = 0;
            for (Omitted o : omitted) {
                if (shown++ == 10_000) {
                    sb.append("... and ").append(omitted.size() - 10_000).append(" more\n");
                    break;
                }
                sb.append(String.format("0x%x-0x%x %s: %s%n", o.start(), o.end(), o.area(), o.reason()));
            }
            return sb.toString();
        }

        private CoreModel.Thread thread(int tid, CoreEntry core, String entry) throws IOException {
            if (!core.hasThreadInfo() || !core.getThreadInfo().hasGpregs()) {
                throw new CheckpointFormatException(source, entry, "has no x86 registers (architecture "
                        + (core.hasMtype() ? core.getMtype().name() : "unknown")
                        + "): only x86_64 core files can be written");
            }
            UserX86RegsEntry r = core.getThreadInfo().getGpregs();
            if (r.hasMode() && r.getMode() == UserX86RegsMode.COMPAT) {
                throw new CheckpointFormatException(source, entry, "is a 32-bit (compat) task: only x86_64 core "
                        + "files can be written");
            }
            long[] g = {r.getR15(), r.getR14(), r.getR13(), r.getR12(), r.getBp(), r.getBx(), r.getR11(),
                r.getR10(), r.getR9(), r.getR8(), r.getAx(), r.getCx(), r.getDx(), r.getSi(), r.getDi(),
                r.getOrigAx(), r.getIp(), r.getCs(), r.getFlags(), r.getSp(), r.getSs(), r.getFsBase(),
                r.getGsBase(), r.getDs(), r.getEs(), r.getFs(), r.getGs()};
            long sigHold = core.hasThreadCore() && core.getThreadCore().hasBlkSigset()
                    ? core.getThreadCore().getBlkSigset()
                    : core.hasTc() ? core.getTc().getBlkSigset() : 0;
            byte[] fp = null;
            byte[] xstate = null;
            if (core.getThreadInfo().hasFpregs()) {
                UserX86FpregsEntry f = core.getThreadInfo().getFpregs();
                fp = fpregs(f);
                if (f.hasXsave()) {
                    xstate = xstate(fp, f.getXsave());
                }
            }
            return new CoreModel.Thread(tid, g, sigHold, fp, xstate);
        }
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** user_fpregs_struct (the FXSAVE image) from CRIU's fpregs record. */
    static byte[] fpregs(UserX86FpregsEntry f) {
        ByteBuffer b = le(CoreNotes.FPREGS_SIZE);
        b.putShort(0, (short) f.getCwd());
        b.putShort(2, (short) f.getSwd());
        b.putShort(4, (short) f.getTwd());
        b.putShort(6, (short) f.getFop());
        b.putLong(8, f.getRip());
        b.putLong(16, f.getRdp());
        b.putInt(24, f.getMxcsr());
        b.putInt(28, f.getMxcsrMask());
        putInts(b, 32, f.getStSpaceList(), 32);
        putInts(b, 160, f.getXmmSpaceList(), 64);
        putInts(b, 416, f.getPaddingList(), 24);
        return b.array();
    }

    // Offsets of the XSAVE components in the standard (non-compacted) format, as gdb reads them.
    private static final int XSAVE_HEADER = 512;
    private static final int XSAVE_YMMH = 576;
    private static final int XSAVE_OPMASK = 1088;
    private static final int XSAVE_ZMM_HI256 = 1152;
    private static final int XSAVE_HI16_ZMM = 1664;
    private static final int XSAVE_PKRU = 2688;

    /**
     * The XSAVE area for NT_X86_XSTATE: the FXSAVE image, XSTATE_BV as CRIU saved it, and the components CRIU
     * recorded. XCR0 (which the note must carry) is not in the image: it is taken as x87|SSE plus each component
     * CRIU wrote, which is what CRIU writes them for.
     */
    static byte[] xstate(byte[] fxsave, UserX86XsaveEntry x) {
        long xcr0 = 0x3;
        int size = XSAVE_YMMH;
        if (x.getYmmhSpaceCount() > 0) {
            xcr0 |= 1 << 2;
            size = XSAVE_YMMH + 256;
        }
        if (x.getOpmaskRegCount() > 0 || x.getZmmUpperCount() > 0 || x.getHi16ZmmCount() > 0) {
            xcr0 |= (1 << 5) | (1 << 6) | (1 << 7);
            size = XSAVE_HI16_ZMM + 1024;
        }
        if (x.getPkruCount() > 0) {
            xcr0 |= 1 << 9;
            size = XSAVE_PKRU + 8;
        }
        ByteBuffer b = le(size);
        b.put(0, fxsave, 0, fxsave.length);
        b.putLong(CoreNotes.XSTATE_XCR0_OFFSET, xcr0);
        b.putLong(XSAVE_HEADER, x.getXstateBv() & xcr0);
        putInts(b, XSAVE_YMMH, x.getYmmhSpaceList(), 64);
        if ((xcr0 & (1 << 5)) != 0) {
            putLongs(b, XSAVE_OPMASK, x.getOpmaskRegList(), 8);
            putLongs(b, XSAVE_ZMM_HI256, x.getZmmUpperList(), 64);
            putLongs(b, XSAVE_HI16_ZMM, x.getHi16ZmmList(), 128);
        }
        if (x.getPkruCount() > 0) {
            b.putInt(XSAVE_PKRU, x.getPkru(0));
        }
        return b.array();
    }

    private static void putInts(ByteBuffer b, int at, List<Integer> values, int max) {
        for (int i = 0; i < Math.min(values.size(), max); i++) {
            b.putInt(at + 4 * i, values.get(i));
        }
    }

    private static void putLongs(ByteBuffer b, int at, List<Long> values, int max) {
        for (int i = 0; i < Math.min(values.size(), max); i++) {
            b.putLong(at + 8 * i, values.get(i));
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer b, long at) throws IOException {
        long pos = at;
        while (b.hasRemaining()) {
            pos += out.write(b, pos);
        }
    }
}
