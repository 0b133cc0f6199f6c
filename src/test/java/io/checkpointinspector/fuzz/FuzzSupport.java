package io.checkpointinspector.fuzz;

import io.checkpointinspector.criu.ImageReader;
import io.checkpointinspector.criu.PageMapIndex;
import io.checkpointinspector.criu.proto.MmEntry;
import io.checkpointinspector.criu.proto.PagemapEntry;
import io.checkpointinspector.criu.proto.PagemapHead;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Shared pieces of the fuzz targets: how long each target fuzzes, the real fixtures they start from, and a
 * scratch directory for the bytes that have to be a file.
 *
 * <h2>Regression mode and fuzzing mode</h2>
 * Without {@code JAZZER_FUZZ} (every {@code mvn test}) a {@code @FuzzTest} runs only its inline seeds
 * ({@code @MethodSource}) and the files in {@code src/test/resources/io/checkpointinspector/fuzz/<Class>Inputs/<method>/}:
 * a fast, deterministic regression test. The pom's {@code fuzz} surefire execution (phase integration-test, so part
 * of {@code mvn verify}) sets {@code JAZZER_FUZZ=1} and forks one JVM per fuzz class; in that mode Jazzer fuzzes the
 * single {@code @FuzzTest} of the class for {@link #MAX_DURATION}, then passes, or fails with the crashing input
 * saved under {@code target/jazzer/}. Jazzer fuzzes only the first {@code @FuzzTest} per JVM, hence one per class.
 */
public final class FuzzSupport {

    /** Fuzzing time per target in fuzzing mode (ignored in regression mode). */
    public static final String MAX_DURATION = "40s";

    public static final Path FIXTURES = Path.of("src/test/resources/fixtures");

    private static Path scratch;

    private FuzzSupport() {
    }

    /** A private directory, removed when the JVM exits. */
    public static synchronized Path scratchDir() {
        if (scratch == null) {
            try {
                scratch = Files.createTempDirectory("ci-fuzz");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path dir = scratch;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
        }
        return scratch;
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }

    public static byte[] fixture(String name) {
        try {
            return Files.readAllBytes(FIXTURES.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The regular files of podman-none.tar, by raw entry name, in archive order. */
    public static Map<String, byte[]> podmanNoneFiles() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(FIXTURES.resolve("podman-none.tar"));
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.isFile()) {
                    out.put(e.getName(), tar.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** One entry of podman-none.tar by name, e.g. "checkpoint/core-1.img". */
    public static byte[] podmanNoneFile(String name) {
        byte[] b = podmanNoneFiles().get(name);
        if (b == null) {
            throw new IllegalArgumentException("no " + name + " in podman-none.tar");
        }
        return b;
    }

    /** An uncompressed tar of the given files (plus "checkpoint/" directory entry when any name is below it). */
    public static byte[] tar(Map<String, byte[]> files) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(buf)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            boolean dirWritten = false;
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                if (!dirWritten && f.getKey().startsWith("checkpoint/")) {
                    TarArchiveEntry d = new TarArchiveEntry("checkpoint/");
                    d.setModTime(1_700_000_000_000L);
                    out.putArchiveEntry(d);
                    out.closeArchiveEntry();
                    dirWritten = true;
                }
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(f.getValue().length);
                e.setModTime(1_700_000_000_000L);
                e.setMode(0100644);
                out.putArchiveEntry(e);
                out.write(f.getValue());
                out.closeArchiveEntry();
            }
            out.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.toByteArray();
    }

    /**
     * The files of a one-process checkpoint cut out of podman-none.tar (pid 1, the container's sh): side files, the
     * images the model reads, and a pagemap/pages pair reduced to the pages holding argv and environment, so the
     * whole tar stays around 80 KB while every part of the inspector still has real input.
     */
    public static Map<String, byte[]> reducedCheckpointFiles() {
        Map<String, byte[]> all = podmanNoneFiles();
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String name : List.of("config.dump", "spec.dump", "network.status", "stats-dump",
                "checkpoint/inventory.img", "checkpoint/pstree.img", "checkpoint/core-1.img", "checkpoint/mm-1.img",
                "checkpoint/ids-1.img", "checkpoint/fs-1.img", "checkpoint/files.img", "checkpoint/fdinfo-2.img",
                "checkpoint/utsns-12.img")) {
            byte[] b = all.get(name);
            if (b != null) {
                out.put(name, b);
            }
        }
        try {
            byte[][] pm = reducedPages(all.get("checkpoint/pagemap-1.img"), all.get("checkpoint/mm-1.img"), all);
            out.put("checkpoint/pagemap-1.img", pm[0]);
            out.put(new String(pm[2], java.nio.charset.StandardCharsets.UTF_8), pm[1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.put("rootfs-diff.tar", all.get("rootfs-diff.tar"));
        out.put("deleted.files", all.get("deleted.files"));
        return out;
    }

    public static byte[] reducedCheckpointTar() {
        return tar(reducedCheckpointFiles());
    }

    /** {pagemap image, pages image, pages entry name} keeping only the pages of argv and environment. */
    private static byte[][] reducedPages(byte[] pagemap, byte[] mm, Map<String, byte[]> all) throws IOException {
        final int pageSize = 4096;
        ImageReader.DecodedImage pmImage = ImageReader.read("pagemap-1.img", pagemap, ImageReader.Limits.DEFAULT);
        PageMapIndex index = PageMapIndex.of(pmImage, pageSize);
        MmEntry mmEntry = ImageReader.read("mm-1.img", mm, ImageReader.Limits.DEFAULT).first(MmEntry.class)
                .orElseThrow();
        String pagesName = "checkpoint/" + index.pagesFileName();
        byte[] pages = all.get(pagesName);
        long start = Math.min(mmEntry.getMmArgStart(), mmEntry.getMmEnvStart()) & -pageSize;
        long end = (Math.max(mmEntry.getMmArgEnd(), mmEntry.getMmEnvEnd()) + pageSize - 1) & -pageSize;
        ByteArrayOutputStream newPages = new ByteArrayOutputStream();
        ByteArrayOutputStream img = new ByteArrayOutputStream();
        img.write(pagemap, 0, 8); // IMG_COMMON + pagemap magic as CRIU wrote them
        writeRecord(img, pmImage.first(PagemapHead.class).orElseThrow().toByteArray());
        for (PageMapIndex.Segment s : index.locate(start, end - start)) {
            if (!s.dumped()) {
                continue;
            }
            writeRecord(img, PagemapEntry.newBuilder().setVaddr(s.vaddr()).setCompatNrPages((int) (s.length() / pageSize))
                    .setFlags(PageMapIndex.PE_PRESENT).build().toByteArray());
            newPages.write(Arrays.copyOfRange(pages, (int) s.fileOffset(), (int) (s.fileOffset() + s.length())));
        }
        return new byte[][] {img.toByteArray(), newPages.toByteArray(),
                pagesName.getBytes(java.nio.charset.StandardCharsets.UTF_8)};
    }

    private static void writeRecord(OutputStream out, byte[] message) throws IOException {
        int n = message.length;
        out.write(new byte[] {(byte) n, (byte) (n >>> 8), (byte) (n >>> 16), (byte) (n >>> 24)});
        out.write(message);
    }

    /** A fuzz-oracle failure: something the API promises did not hold. */
    public static AssertionError violation(String what, Object... args) {
        return new AssertionError(String.format(what, args));
    }

    public static void check(boolean ok, String what, Object... args) {
        if (!ok) {
            throw violation(what, args);
        }
    }
}
