package io.checkpointinspector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkpointinspector.inspect.Fixtures;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading a checkpoint writes nothing: the launcher runs in a child JVM whose java.io.tmpdir and working directory
 * are fresh empty directories, watched while it runs; afterwards they are still empty, and the source file has the
 * same bytes and modification time as before.
 */
class NoWritesTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"podman-zstd.tar.zst", "podman-gzip.tar.gz", "podman-none.tar", "oci-archive.tar",
        "docker-archive.tar"})
    void inspectWritesNothing(String fixture) throws Exception {
        Path source = copyWithOldMtime(Fixtures.path(fixture));
        assertNothingWritten(source, true, "inspect", "--format", "json", source.toString());
    }

    @Test
    void failingInspectWritesNothing() throws Exception {
        byte[] whole = Files.readAllBytes(Fixtures.path("podman-zstd.tar.zst"));
        Path source = dir.resolve("cut.tar.zst");
        // cut inside the first entry's header: nothing can be shown (a later cut shows what came before it)
        Files.write(source, java.util.Arrays.copyOf(whole, 200));
        Files.setLastModifiedTime(source, FileTime.fromMillis(1_600_000_000_000L));
        assertNothingWritten(source, false, "inspect", source.toString());
    }

    @Test
    void hostileArchiveWritesNothing() throws Exception {
        TestArchives t = TestArchives.podmanWithout();
        t.file("../escaped", "x").file("/tmp/absolute-escape", "x").symlink("sym", "../../outside")
                .hardlink("hard", "/etc/passwd");
        Path source = t.write(dir.resolve("hostile.tar"));
        Files.setLastModifiedTime(source, FileTime.fromMillis(1_600_000_000_000L));
        assertNothingWritten(source, true, "show", source.toString());
        assertThat(dir.resolveSibling("escaped")).doesNotExist();
        assertThat(Path.of("/tmp/absolute-escape")).doesNotExist();
    }

    private Path copyWithOldMtime(Path fixture) throws IOException {
        Path copy = Files.copy(fixture, dir.resolve(fixture.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(copy, FileTime.fromMillis(1_600_000_000_000L));
        return copy;
    }

    private void assertNothingWritten(Path source, boolean succeeds, String... args) throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp-" + System.nanoTime()));
        Path cwd = Files.createDirectory(dir.resolve("cwd-" + System.nanoTime()));
        String sha = sha256(source);
        FileTime mtime = Files.getLastModifiedTime(source);
        List<String> created = new ArrayList<>();
        Cli.Result r;
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            tmp.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            cwd.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            r = Cli.runInChildJvm("256m", tmp, 120, cwd, args);
            WatchKey key;
            while ((key = watch.poll()) != null) {
                for (WatchEvent<?> e : key.pollEvents()) {
                    created.add(e.kind().name() + " " + key.watchable() + "/" + e.context());
                }
                key.reset();
            }
        }
        Cli.assertNoLeak(r);
        assertThat(r.exit()).as("%s", r).isEqualTo(succeeds ? 0 : 1);
        assertThat(list(tmp)).as("left in java.io.tmpdir").isEmpty();
        assertThat(list(cwd)).as("left in the working directory").isEmpty();
        assertThat(sha256(source)).as("source content").isEqualTo(sha);
        assertThat(Files.getLastModifiedTime(source)).as("source mtime").isEqualTo(mtime);
        List<String> zstdLib = created.stream().filter(c -> c.matches(".*/libzstd-jni[^/]*\\.so")).toList();
        List<String> others = created.stream().filter(c -> !zstdLib.contains(c)).toList();
        assertThat(others).as("files created (even briefly) in java.io.tmpdir or the working directory").isEmpty();
        // zstd-jni unpacks its native library into java.io.tmpdir to load it and deletes it at exit: the one
        // write we cannot avoid with zstd-jni (README, "Command line"). It must be that library and nothing else, and
        // gone afterwards (list(tmp) above is empty).
        assertThat(zstdLib).allMatch(c -> c.startsWith("ENTRY_CREATE " + tmp) || c.startsWith("ENTRY_MODIFY " + tmp));
    }

    private static List<Path> list(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
