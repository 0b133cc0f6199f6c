package io.checkpointinspector.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.checkpointinspector.archive.CheckpointSource;
import io.checkpointinspector.archive.CheckpointSources;
import io.checkpointinspector.criu.ImageReader;
import io.checkpointinspector.criu.proto.CoreEntry;
import io.checkpointinspector.criu.proto.UserX86RegsEntry;
import io.checkpointinspector.inspect.Fixtures;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code core} against the real fixture, read back by Debian's gdb and readelf: the planted records are where our
 * memory search says, and every thread's registers are those of its core-N.img (decoded by us and by crit).
 */
class CoreFileTest {

    private static final String NONE = Fixtures.path("podman-none.tar").toString();
    private static final String RECORD7 = "CKPT-INSPECTOR-MARKER-00000007";
    private static final int WORKER = 11;
    private static final List<Integer> WORKER_THREADS = List.of(11, 13, 14, 15);

    /** gdb's register names and CRIU's (user_regs_struct order). */
    private static final Map<String, String> GDB_TO_CRIU = new LinkedHashMap<>();

    static {
        String[][] pairs = {{"rax", "ax"}, {"rbx", "bx"}, {"rcx", "cx"}, {"rdx", "dx"}, {"rsi", "si"}, {"rdi", "di"},
            {"rbp", "bp"}, {"rsp", "sp"}, {"r8", "r8"}, {"r9", "r9"}, {"r10", "r10"}, {"r11", "r11"},
            {"r12", "r12"}, {"r13", "r13"}, {"r14", "r14"}, {"r15", "r15"}, {"rip", "ip"}, {"eflags", "flags"},
            {"cs", "cs"}, {"ss", "ss"}, {"ds", "ds"}, {"es", "es"}, {"fs", "fs"}, {"gs", "gs"},
            {"fs_base", "fs_base"}, {"gs_base", "gs_base"}};
        for (String[] p : pairs) {
            GDB_TO_CRIU.put(p[0], p[1]);
        }
    }

    record Run(int exit, String out) {
    }

    private static String tool(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        if (System.getenv("CI") != null) {
            fail(name + " is not installed (apt-get install gdb binutils); under CI this test must run");
        }
        Assumptions.abort(name + " is not installed (apt-get install gdb binutils)");
        return null;
    }

    private static Run run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static Run gdb(Path core, String... commands) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(tool("gdb"), "-batch", "-nx", "-c", core.toString()));
        for (String c : commands) {
            cmd.add("-ex");
            cmd.add(c);
        }
        return run(cmd);
    }

    private static Path writeCore(String fixture, Path dir) {
        Path core = dir.resolve("worker.core");
        Cli.Result r = Cli.run("core", Fixtures.path(fixture).toString(), "--pid", String.valueOf(WORKER), "-o",
                core.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("wrote " + core + ": ").contains("pid 11, 4 threads, ")
                .contains("left out (not in the checkpoint");
        assertThat(r.err()).isEmpty();
        return core;
    }

    /** Our own decoding of core-TID.img of the uncompressed fixture. */
    private static UserX86RegsEntry ourRegisters(int tid) throws IOException {
        try (CheckpointSource s = CheckpointSources.open(Path.of(NONE));
                InputStream in = s.randomAccess().orElseThrow().open("checkpoint/core-" + tid + ".img")) {
            return ImageReader.read("checkpoint/core-" + tid + ".img", in).first(CoreEntry.class).orElseThrow()
                    .getThreadInfo().getGpregs();
        }
    }

    /** crit's decoding (fixtures/crit, made with CRIU 4.1.1's crit show). */
    private static JsonNode critRegisters(int tid) throws IOException {
        JsonNode crit = new ObjectMapper().readTree(Fixtures.path("crit/core-" + tid + ".json").toFile());
        return crit.get("entries").get(0).get("thread_info").get("gpregs");
    }

    private static long field(UserX86RegsEntry r, String criuName) {
        var f = UserX86RegsEntry.getDescriptor().findFieldByName(criuName);
        return (Long) r.getField(f);
    }

    /** "rax 0x22 34" lines of gdb's info registers, by name. */
    private static Map<String, Long> parseRegisters(String text) {
        Map<String, Long> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^(\\w+)\\s+0x([0-9a-f]+)\\s").matcher(text);
        while (m.find()) {
            out.putIfAbsent(m.group(1), Long.parseUnsignedLong(m.group(2), 16));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"podman-none.tar", "podman-zstd.tar.zst"})
    void gdbFindsThePlantedRecordWhereOurSearchDoes(String fixture, @TempDir Path tmp) throws Exception {
        Path core = writeCore(fixture, tmp);
        Cli.Result search = Cli.run("memory", Fixtures.path(fixture).toString(), "--search", RECORD7, "--format",
                "json");
        String address = new ObjectMapper().readTree(search.out()).get("hits").get(0).get("address").asText();
        Run x = gdb(core, "x/s " + address, "find /b " + address + ", +64, 'C', 'K', 'P', 'T'");
        assertThat(x.exit()).as(x.out()).isZero();
        assertThat(x.out()).contains(address + ":\t\"" + RECORD7 + "\\n");
        // The next record starts 31 bytes on: both are inside the 64 bytes searched.
        String next = "0x" + Long.toHexString(Long.parseLong(address.substring(2), 16) + 31);
        assertThat(x.out()).contains("\n" + address + "\n" + next + "\n2 patterns found.");
        assertThat(x.out()).contains("Core was generated by `fixture-worker --threads 3 --mib 1");
    }

    @Test
    void gdbPrintsTheRegistersCriuRecordedForEveryThread(@TempDir Path tmp) throws Exception {
        Path core = writeCore("podman-none.tar", tmp);
        Run threads = gdb(core, "info threads");
        for (int tid : WORKER_THREADS) {
            assertThat(threads.out()).contains("LWP " + tid);
        }
        for (int i = 0; i < WORKER_THREADS.size(); i++) {
            int tid = WORKER_THREADS.get(i);
            Run regs = gdb(core, "thread " + (i + 1), "info registers", "p/x $mxcsr");
            assertThat(regs.exit()).as(regs.out()).isZero();
            assertThat(regs.out()).contains("Switching to thread " + (i + 1) + " (LWP " + tid + ")");
            Map<String, Long> shown = parseRegisters(regs.out());
            UserX86RegsEntry ours = ourRegisters(tid);
            JsonNode crit = critRegisters(tid);
            int compared = 0;
            for (var e : GDB_TO_CRIU.entrySet()) {
                Long value = shown.get(e.getKey());
                if (value == null) {
                    assertThat(e.getKey()).as("gdb leaves out only the segment bases").endsWith("_base");
                    continue;
                }
                long expected = field(ours, e.getValue());
                assertThat(value).as("thread %d %s", tid, e.getKey()).isEqualTo(expected);
                assertThat(Long.parseUnsignedLong(crit.get(e.getValue()).asText().substring(2), 16))
                        .as("crit's %s of thread %d", e.getValue(), tid).isEqualTo(expected);
                compared++;
            }
            assertThat(compared).isGreaterThanOrEqualTo(24);
            long mxcsr = new ObjectMapper().readTree(Fixtures.path("crit/core-" + tid + ".json").toFile())
                    .get("entries").get(0).get("thread_info").get("fpregs").get("mxcsr").asLong();
            assertThat(regs.out()).contains("= 0x" + Long.toHexString(mxcsr));
        }
    }

    @Test
    void pagesNotInTheCheckpointAreLeftOutNotZeroFilled(@TempDir Path tmp) throws Exception {
        Path core = writeCore("podman-none.tar", tmp);
        Cli.Result r = Cli.run("core", NONE, "--pid", "11", "-o", tmp.resolve("again.core").toString());
        Matcher m = Pattern.compile("  (0x[0-9a-f]+)-0x[0-9a-f]+ \\[heap\\]: not dumped").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        Run x = gdb(core, "x/x " + m.group(1));
        assertThat(x.out()).contains("Cannot access memory at address " + m.group(1));
    }

    @Test
    void readelfAcceptsItAndListsTheNotes(@TempDir Path tmp) throws Exception {
        Path core = writeCore("podman-none.tar", tmp);
        Run all = run(List.of(tool("readelf"), "-a", "-W", core.toString()));
        assertThat(all.exit()).as(all.out()).isZero();
        assertThat(all.out()).contains("Type:                              CORE (Core file)")
                .contains("Advanced Micro Devices X86-64").doesNotContainIgnoringCase("warning")
                .doesNotContainIgnoringCase("error");
        Run notes = run(List.of(tool("readelf"), "-n", "-W", core.toString()));
        String text = notes.out();
        assertThat(Pattern.compile("NT_PRSTATUS").matcher(text).results().count()).isEqualTo(4);
        assertThat(Pattern.compile("NT_FPREGSET").matcher(text).results().count()).isEqualTo(4);
        assertThat(Pattern.compile("NT_X86_XSTATE").matcher(text).results().count()).isEqualTo(4);
        assertThat(text).contains("NT_PRPSINFO").contains("NT_AUXV").contains("NT_FILE")
                .contains("CHECKPOINT-INSPECTOR");
        Run auxv = gdb(core, "info auxv", "info proc mappings");
        assertThat(auxv.out()).contains("AT_PAGESZ            System page size               4096")
                .contains("/usr/local/bin/fixture-worker");
    }

    @Test
    void writesOnlyWhereAskedNeverOverALinkOrAnExistingFile(@TempDir Path tmp) throws Exception {
        Path existing = Files.writeString(tmp.resolve("existing.core"), "keep me");
        Cli.Result r = Cli.run("core", NONE, "--pid", "11", "-o", existing.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: " + existing + ": exists; not overwritten");
        assertThat(Files.readString(existing)).isEqualTo("keep me");

        Path victim = Files.writeString(tmp.resolve("victim.txt"), "untouched");
        Path link = Files.createSymbolicLink(tmp.resolve("link.core"), victim);
        for (String[] extra : new String[][] {{}, {"--force"}}) {
            List<String> args = new ArrayList<>(List.of("core", NONE, "--pid", "11", "-o", link.toString()));
            args.addAll(List.of(extra));
            Cli.Result l = Cli.run(args.toArray(String[]::new));
            assertThat(l.exit()).isEqualTo(1);
            assertThat(l.err()).contains("is a symbolic link; not followed");
            assertThat(Files.readString(victim)).isEqualTo("untouched");
            assertThat(Files.isSymbolicLink(link)).isTrue();
        }
        Path dangling = Files.createSymbolicLink(tmp.resolve("dangling.core"), tmp.resolve("would-be-created"));
        assertThat(Cli.run("core", NONE, "--pid", "11", "-o", dangling.toString()).exit()).isEqualTo(1);
        assertThat(tmp.resolve("would-be-created")).doesNotExist();

        Cli.Result forced = Cli.run("core", NONE, "--pid", "11", "-o", existing.toString(), "--force");
        assertThat(forced.exit()).as(forced.toString()).isZero();
        assertThat(Files.size(existing)).isGreaterThan(1 << 20);

        Cli.Result unknown = Cli.run("core", NONE, "--pid", "999", "-o", tmp.resolve("none.core").toString());
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("no process 999");
        assertThat(tmp.resolve("none.core")).doesNotExist();
        Cli.assertNoLeak(unknown);
    }

    @Test
    void aTruncatedPagesImageGivesAShorterCoreAndSaysSo(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("ckpt"));
        Process tar = new ProcessBuilder("tar", "-xf", Path.of(NONE).toAbsolutePath().toString(), "-C",
                dir.toString()).redirectErrorStream(true).start();
        assertThat(tar.waitFor()).isZero();
        Path pages = dir.resolve("checkpoint/pages-5.img");
        byte[] all = Files.readAllBytes(pages);
        Files.write(pages, Arrays.copyOf(all, all.length / 2));
        Path core = tmp.resolve("short.core");
        Cli.Result r = Cli.run("core", dir.toString(), "--pid", "11", "-o", core.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("pages image: pages image too short");
        assertThat(r.err()).contains("warning: " + dir + ": checkpoint/pages-5.img ends after " + all.length / 2);
        Run info = gdb(core, "info threads");
        assertThat(info.out()).contains("LWP 15");
        Run regs = run(List.of(tool("readelf"), "-l", "-W", core.toString()));
        assertThat(regs.exit()).isZero();
        assertThat(regs.out()).doesNotContainIgnoringCase("warning");
    }
}
