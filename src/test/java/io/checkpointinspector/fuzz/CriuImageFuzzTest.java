package io.checkpointinspector.fuzz;

import static io.checkpointinspector.fuzz.FuzzSupport.check;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.Message;
import io.checkpointinspector.criu.CriuImageException;
import io.checkpointinspector.criu.ImageReader;
import io.checkpointinspector.criu.MemoryRead;
import io.checkpointinspector.criu.PageCollector;
import io.checkpointinspector.criu.PageMapIndex;
import io.checkpointinspector.criu.PositionalSource;
import io.checkpointinspector.criu.ProcessArgs;
import io.checkpointinspector.criu.VirtualMemory;
import io.checkpointinspector.criu.proto.MmEntry;
import io.checkpointinspector.criu.proto.PagemapEntry;
import io.checkpointinspector.criu.proto.PagemapHead;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the CRIU image decoder and everything that consumes decoded records. Input: one byte choosing the image
 * name from {@link #NAMES}, then the image bytes. Oracle: {@link ImageReader#read} throws nothing but
 * {@link CriuImageException} (its message naming the image); pagemap indexing, memory reads, page collection and
 * argv/environment recovery throw nothing at all, and keep their documented invariants.
 */
class CriuImageFuzzTest {

    static final String[] NAMES = {"core-1.img", "pagemap-1.img", "pstree.img", "files.img", "inventory.img",
        "pipes-data.img", "stats-dump", "mm-1.img", "fdinfo-6.img", "pagemap-shmem-7.img", "ghost-file-3.img",
        "tcp-stream-9.img", "unknown.bin"};

    static final int PAGE = 4096;

    /** Every named image that podman-none.tar holds, as the fuzzer's starting points. */
    static Stream<Arguments> seeds() {
        Map<String, byte[]> files = FuzzSupport.podmanNoneFiles();
        List<Arguments> out = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            byte[] image = files.get(NAMES[i].equals("stats-dump") ? "stats-dump" : "checkpoint/" + NAMES[i]);
            if (image != null) {
                out.add(Arguments.of((Object) withSelector(i, image)));
            }
        }
        out.add(Arguments.of((Object) new byte[0]));
        out.add(Arguments.of((Object) new byte[] {1}));
        return out.stream();
    }

    static byte[] withSelector(int index, byte[] image) {
        byte[] b = new byte[image.length + 1];
        b[0] = (byte) index;
        System.arraycopy(image, 0, b, 1, image.length);
        return b;
    }

    @MethodSource("seeds")
    @FuzzTest(maxDuration = FuzzSupport.MAX_DURATION)
    void decode(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        String name = NAMES[(input[0] & 0xff) % NAMES.length];
        byte[] image = Arrays.copyOfRange(input, 1, input.length);
        ImageReader.DecodedImage decoded;
        try {
            decoded = ImageReader.read(name, image, ImageReader.Limits.DEFAULT);
        } catch (CriuImageException e) {
            check(e.getMessage().startsWith(name + ": "), "message does not name the image: %s", e.getMessage());
            return;
        }
        check(decoded.records().size() == decoded.entries().size(), "records/entries differ");
        for (String w : decoded.warnings()) {
            check(w.startsWith(name + ": "), "warning does not name the image: %s", w);
        }
        long lastOffset = -1;
        for (ImageReader.Record r : decoded.entries()) {
            check(r.offset() > lastOffset && r.offset() <= image.length, "record offset %d out of order", r.offset());
            lastOffset = r.offset();
            check(r.message() != null, "null message");
            if (r.extra() != null) {
                check(r.extra().head().length <= ImageReader.Limits.DEFAULT.extraPreviewBytes(), "preview too long");
                check(r.extra().readLength() <= image.length, "extra longer than the image");
            }
        }
        ImageReader.Summary streamed = ImageReader.stream(name, new ByteArrayInputStream(image),
                ImageReader.Limits.DEFAULT, r -> { });
        check(streamed.recordCount() == decoded.entries().size(), "stream and read disagree");
        // A small limit must be enforced with CriuImageException, never by running out of memory.
        try {
            ImageReader.read(name, image, new ImageReader.Limits(16, 3, 4));
        } catch (CriuImageException expected) {
            // fine
        }

        pagemap(decoded.records(), image);
        decoded.first(MmEntry.class).ifPresent(mm -> memoryOfMm(mm, image));
        ProcessArgs.Argv argv = ProcessArgs.argv(image, Arrays.copyOf(image, Math.min(image.length, 64)));
        check(argv.status() != null, "no status");
        ProcessArgs.environment(image).asMap();
    }

    /** Pagemap index of the records (non-pagemap records are ignored), then reads through it. */
    private static void pagemap(List<Message> records, byte[] pagesBytes) throws IOException {
        PageMapIndex index = PageMapIndex.fromRecords(records, PAGE);
        index.totalPages();
        index.pagesFileName();
        check(index.totalDumpedBytes() >= 0, "negative dumped bytes");
        VirtualMemory memory = new VirtualMemory(index, PositionalSource.of(pagesBytes));
        int n = 0;
        for (PageMapIndex.Entry e : index.entries()) {
            if (n++ == 8) {
                break;
            }
            long len = Math.min(e.length(), 3 * PAGE);
            checkCovers(index.locate(e.vaddr() - 100, len + 200), e.vaddr() - 100, len + 200);
            MemoryRead read = memory.read(e.vaddr() - 10, (int) len + 20);
            check(read.length() == (int) len + 20, "read length");
            index.dumpedBytesWithin(e.vaddr(), e.vaddr() + len);
            List<PageCollector.Range> wanted = List.of(new PageCollector.Range(e.vaddr(), e.vaddr() + len),
                    new PageCollector.Range(e.vaddr() + 1, e.vaddr() + 2 * len + 1));
            Map<PageCollector.Range, MemoryRead> got = PageCollector.collect(index, wanted,
                    new ByteArrayInputStream(pagesBytes), 5 * PAGE);
            check(got.keySet().containsAll(wanted), "ranges missing");
        }
        checkCovers(index.locate(-PAGE, 2L * PAGE), -PAGE, 2L * PAGE);
        checkCovers(index.locate(0, -1L), 0, -1L);
    }

    /** Segments must cover [vaddr, vaddr+length) exactly (clipped at the top of the address space). */
    private static void checkCovers(List<PageMapIndex.Segment> segments, long vaddr, long length) {
        if (length == 0) {
            check(segments.isEmpty(), "segments for an empty range");
            return;
        }
        long end = Long.compareUnsigned(length, -vaddr) > 0 && vaddr != 0 ? 0 : vaddr + length;
        long cur = vaddr;
        for (PageMapIndex.Segment s : segments) {
            check(s.vaddr() == cur, "segment at 0x%x, expected 0x%x", s.vaddr(), cur);
            check(s.length() != 0, "empty segment");
            cur += s.length();
        }
        check(cur == end, "segments end at 0x%x, expected 0x%x", cur, end);
    }

    /** argv/environment recovery over an mm image's ranges, with the image bytes standing in for pages. */
    private static void memoryOfMm(MmEntry mm, byte[] pagesBytes) {
        try {
            PageCollector.Range args = ProcessArgs.argRange(mm);
            PageCollector.Range env = ProcessArgs.envRange(mm);
            long start = args.start() & -PAGE;
            PagemapEntry entry = PagemapEntry.newBuilder().setVaddr(start)
                    .setNrPages(Math.min(16, (args.length() + PAGE) / PAGE + 1)).build();
            PageMapIndex index = PageMapIndex.of(PagemapHead.newBuilder().setPagesId(1).build(), List.of(entry), PAGE);
            Map<PageCollector.Range, MemoryRead> got = PageCollector.collect(index, List.of(args, env),
                    new ByteArrayInputStream(pagesBytes), 1 << 16);
            MemoryRead a = got.get(args);
            MemoryRead e = got.get(env);
            check(a != null && e != null, "range not collected");
            check(a.length() <= 1 << 16 && e.length() <= 1 << 16, "cap exceeded");
            ProcessArgs.argv(a, e).commandLine();
            ProcessArgs.argv(a, null);
            ProcessArgs.environment(e).asMap();
        } catch (IOException e) {
            throw new AssertionError("byte array stream failed", e);
        }
    }
}
