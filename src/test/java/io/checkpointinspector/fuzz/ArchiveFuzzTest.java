package io.checkpointinspector.fuzz;

import static io.checkpointinspector.fuzz.FuzzSupport.check;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.checkpointinspector.archive.CheckpointFormatException;
import io.checkpointinspector.archive.CheckpointSource;
import io.checkpointinspector.archive.CheckpointSources;
import io.checkpointinspector.archive.EntryInfo;
import io.checkpointinspector.archive.EntryVisitor;
import io.checkpointinspector.archive.OpenOptions;
import io.checkpointinspector.archive.RandomAccessEntries;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the archive layer: the fuzz bytes become a file that is opened, scanned completely (every byte of every
 * entry read) and, where offered, read at random. Oracle: the only exception is {@link CheckpointFormatException}
 * naming the file; names never escape the root; every file entry yields exactly its declared size; random access
 * agrees with the scan; non-files have no content.
 */
class ArchiveFuzzTest {

    /** Small caps so that a tiny bomb costs milliseconds, not seconds; the defaults are covered by the CLI tests. */
    static final OpenOptions OPTIONS = new OpenOptions(8L << 20, 64, 5_000, 4096, 64 << 10, 1 << 20, 200, 64,
            4L << 20);

    static Stream<Arguments> seeds() throws IOException {
        Map<String, byte[]> small = new LinkedHashMap<>();
        Map<String, byte[]> files = FuzzSupport.podmanNoneFiles();
        for (String name : List.of("network.status", "stats-dump", "ctr.log", "checkpoint/inventory.img",
                "checkpoint/pstree.img", "checkpoint/descriptors.json", "deleted.files")) {
            small.put(name, files.get(name));
        }
        small.put("config.dump", "{\"id\":\"abc\",\"name\":\"fuzz\"}".getBytes());
        byte[] tar = FuzzSupport.tar(small);
        List<Arguments> out = new ArrayList<>();
        out.add(Arguments.of((Object) tar));
        out.add(Arguments.of((Object) gzip(tar)));
        out.add(Arguments.of((Object) zstd(tar)));
        out.add(Arguments.of((Object) FuzzSupport.tar(Map.of("spec.dump", "{}".getBytes(),
                "checkpoint/pages-1.img", new byte[1000]))));
        // A docker-archive wrapping the small checkpoint tar as its only layer.
        Map<String, byte[]> docker = new LinkedHashMap<>();
        docker.put("l1/layer.tar", tar);
        docker.put("manifest.json",
                "[{\"Config\":\"c.json\",\"RepoTags\":[\"x:1\"],\"Layers\":[\"l1/layer.tar\"]}]".getBytes());
        docker.put("c.json", "{\"config\":{\"Labels\":{\"a\":\"b\"}}}".getBytes());
        out.add(Arguments.of((Object) FuzzSupport.tar(docker)));
        // A containerd checkpoint image as ctr images export writes it (checkpoint index, protobuf blobs, CRIU tar, rw layer).
        out.add(Arguments.of((Object) io.checkpointinspector.archive.ContainerdLayouts.tar(
                io.checkpointinspector.archive.ContainerdLayouts.layout(io.checkpointinspector.archive.ContainerdLayouts
                        .blobs(io.checkpointinspector.archive.ContainerdLayouts.smallCriuFiles(),
                                io.checkpointinspector.archive.ContainerdLayouts.rwFiles())))));
        out.add(Arguments.of((Object) new byte[0]));
        return out.stream();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(buf)) {
            out.write(data);
        }
        return buf.toByteArray();
    }

    static byte[] zstd(byte[] data) throws IOException {
        return com.github.luben.zstd.Zstd.compress(data, 3);
    }

    private final Path file = FuzzSupport.scratchDir().resolve("archive-input");

    @MethodSource("seeds")
    @FuzzTest(maxDuration = FuzzSupport.MAX_DURATION)
    void openScanAndRead(byte[] input) throws IOException {
        Files.write(file, input);
        exercise(file, OPTIONS);
    }

    /** Opens, scans and reads path; returns normally or throws CheckpointFormatException naming the path. */
    static void exercise(Path file, OpenOptions options) throws IOException {
        try (CheckpointSource source = CheckpointSources.open(file, options)) {
            check(source.path().equals(file), "path");
            check(source.kind() != null && source.compression() != null && source.description() != null, "nulls");
            source.annotations();
            Map<String, String> scanned = new HashMap<>();
            List<String> order = new ArrayList<>();
            source.scan(new EntryVisitor() {
                @Override
                public void visit(EntryInfo entry, InputStream content) throws IOException {
                    checkName(entry);
                    byte[] digest = digestAll(content);
                    long n = readCount;
                    if (entry.isFile()) {
                        check(n == entry.size(), "%s: read %d bytes, declared %d", entry.name(), n, entry.size());
                    } else {
                        check(n == 0, "%s (%s) has content", entry.name(), entry.type());
                    }
                    scanned.putIfAbsent(entry.name(), Arrays.toString(digest));
                    order.add(entry.name());
                }
            });
            for (String w : source.warnings()) {
                check(w != null && !w.isEmpty(), "empty warning");
            }
            Optional<RandomAccessEntries> random = source.randomAccess();
            if (random.isPresent()) {
                RandomAccessEntries ra = random.get();
                for (EntryInfo e : ra.entries()) {
                    checkName(e);
                    check(ra.find(e.name()).isPresent(), "find(%s) failed", e.name());
                    byte[] digest;
                    try (InputStream in = ra.open(e.name())) {
                        digest = digestAll(in);
                    }
                    check(readCount == (e.isFile() ? e.size() : 0), "%s: random read %d of %d", e.name(),
                            readCount, e.size());
                    String streamed = scanned.get(e.name());
                    check(streamed != null, "%s listed at random but not scanned", e.name());
                    check(streamed.equals(Arrays.toString(digest)), "%s: scan and random access differ", e.name());
                    byte[] buf = new byte[64];
                    int got = ra.read(e.name(), Math.max(0, e.size() - 10), buf, 3, 50);
                    check(got <= 50, "read more than asked");
                    check(ra.read(e.name(), e.size(), buf, 0, 10) == -1, "%s: data at the end", e.name());
                    check(ra.read(e.name(), Long.MAX_VALUE, buf, 0, 10) == -1, "%s: data past the end", e.name());
                }
            }
        } catch (CheckpointFormatException e) {
            check(e.getMessage() != null && e.getMessage().startsWith(file + ": "),
                    "message does not name the source: %s", e.getMessage());
        }
    }

    private static long readCount;

    private static byte[] digestAll(InputStream in) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        byte[] buf = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            md.update(buf, 0, n);
            total += n;
        }
        check(n == -1, "read returned 0 for a non-empty buffer");
        readCount = total;
        return md.digest();
    }

    private static void checkName(EntryInfo e) {
        String n = e.name();
        check(!n.isEmpty() && !n.startsWith("/") && !n.startsWith("./"), "bad name %s", n);
        for (String seg : n.split("/", -1)) {
            check(!seg.equals("..") && !seg.equals("."), "name %s escapes or is not normalised", n);
        }
        check(e.isFile() || e.size() == 0, "%s: non-file with size %d", n, e.size());
    }
}
