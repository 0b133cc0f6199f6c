package io.checkpointinspector.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.checkpointinspector.inspect.CheckpointInspector;
import io.checkpointinspector.inspect.Fixtures;
import io.checkpointinspector.inspect.InspectListener;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.model.FileInfo;
import io.checkpointinspector.model.RootfsEntry;
import io.checkpointinspector.model.Vma;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * diff against the two real checkpoints of make-diff-fixtures.sh: everything the script changed (recorded from
 * /proc and from the archives in diff-expected.json) is found, and nothing else among processes and files.
 */
class DiffFixturesTest {

    static final Path DIR = Fixtures.DIR.resolve("diff");
    static Checkpoint before;
    static Checkpoint after;
    static JsonNode expected;
    static CheckpointDiff diff;

    @BeforeAll
    static void read() throws IOException {
        before = inspect(DIR.resolve("diff-before.tar.zst"));
        after = inspect(DIR.resolve("diff-after.tar.zst"));
        expected = new ObjectMapper().readTree(Files.readString(DIR.resolve("diff-expected.json")));
        diff = new CheckpointDiffer().diff(before, after);
    }

    static Checkpoint inspect(Path p) throws IOException {
        return new CheckpointInspector().inspect(p, InspectListener.NONE);
    }

    @Test
    void oneContainerIsSaidSo() {
        assertThat(expected.get("sameContainer").asBoolean()).isTrue();
        assertThat(diff.sameContainer()).isTrue();
        assertThat(diff.identical()).isFalse();
        assertThat(diff.containerNote()).contains(expected.get("containerId").asText().substring(0, 12));
        assertThat(new DiffText(true).render(diff)).startsWith("One container: ");
        assertThat(diff.container()).filteredOn(FieldDiff::changed).extracting(FieldDiff::name)
                .containsExactly("checkpointed");
    }

    @Test
    void processesAddedAndRemovedAreTheOnesTheScriptStartedAndEnded() {
        List<Integer> added = new ArrayList<>();
        expected.at("/processes/added").forEach(p -> added.add(p.get("pid").asInt()));
        List<Integer> removed = new ArrayList<>();
        expected.at("/processes/removed").forEach(p -> removed.add(p.get("pid").asInt()));
        assertThat(diff.processesAdded()).extracting(ProcessRef::pid).containsExactlyInAnyOrderElementsOf(added);
        assertThat(diff.processesRemoved()).extracting(ProcessRef::pid).containsExactlyInAnyOrderElementsOf(removed);
        // the script's own words: sleep 10001 ended; sleep 10003, a second sleep 10002 and a worker started
        assertThat(diff.processesRemoved()).extracting(ProcessRef::comm).containsExactly("sleep");
        assertThat(diff.processesAdded()).extracting(ProcessRef::comm)
                .containsExactlyInAnyOrder("sleep", "sleep", "fixture-worker");
        for (JsonNode p : expected.at("/processes/added")) {
            ProcessRef ref = diff.processesAdded().stream().filter(r -> r.pid() == p.get("pid").asInt()).findFirst()
                    .orElseThrow();
            if (ref.cmdline() != null) {
                assertThat(ref.cmdline()).containsExactlyElementsOf(Fixtures.texts(p.get("cmdline")));
            }
            if (ref.env() != null) {
                assertThat(ref.env()).containsExactlyInAnyOrderEntriesOf(Fixtures.map(p.get("env")));
            }
        }
    }

    @Test
    void changedProcessesAreExactlyTheOnesProcRecordsAsChanged() {
        List<Integer> changed = new ArrayList<>();
        expected.at("/processes/changed").fieldNames().forEachRemaining(k -> changed.add(Integer.parseInt(k)));
        List<Integer> unchanged = new ArrayList<>();
        expected.at("/processes/unchanged").forEach(n -> unchanged.add(n.asInt()));
        assertThat(diff.processes()).filteredOn(ProcessChange::changed).extracting(c -> c.a().pid())
                .containsExactlyInAnyOrderElementsOf(changed);
        assertThat(diff.processes()).filteredOn(c -> !c.changed()).extracting(c -> c.a().pid())
                .containsExactlyInAnyOrderElementsOf(unchanged);
        assertThat(diff.summary().processesChanged()).isEqualTo(changed.size());
    }

    @Test
    void commandLineEnvironmentAndCwdChangesAreTheRecordedOnes() {
        expected.at("/processes/changed").fields().forEachRemaining(e -> {
            ProcessChange c = change(Integer.parseInt(e.getKey()));
            JsonNode x = e.getValue();
            if (x.has("cwd")) {
                assertThat(field(c, "cwd")).extracting(FieldDiff::a, FieldDiff::b)
                        .containsExactly(x.at("/cwd/0").asText(), x.at("/cwd/1").asText());
            } else {
                assertThat(field(c, "cwd").changed()).isFalse();
            }
            if (x.has("cmdline")) {
                assertThat(field(c, "cmdline")).extracting(FieldDiff::a, FieldDiff::b).containsExactly(
                        String.join(" ", Fixtures.texts(x.at("/cmdline/0"))),
                        String.join(" ", Fixtures.texts(x.at("/cmdline/1"))));
            } else {
                assertThat(field(c, "cmdline").changed()).isFalse();
            }
            Map<String, List<String>> env = new TreeMap<>();
            if (x.has("env")) {
                x.get("env").fields().forEachRemaining(v -> env.put(v.getKey(),
                        java.util.Arrays.asList(v.getValue().get(0).isNull() ? null : v.getValue().get(0).asText(),
                                v.getValue().get(1).isNull() ? null : v.getValue().get(1).asText())));
            }
            Map<String, List<String>> ours = new TreeMap<>();
            c.env().forEach(f -> ours.put(f.name(), java.util.Arrays.asList(f.a(), f.b())));
            assertThat(ours).isEqualTo(env);
        });
    }

    @Test
    void filesOpenedAndClosedPerProcess() {
        expected.at("/processes/changed").fields().forEachRemaining(e -> {
            ProcessChange c = change(Integer.parseInt(e.getKey()));
            assertThat(fds(c.filesOpened())).isEqualTo(fdMap(e.getValue().get("fdsOpened")));
            assertThat(fds(c.filesClosed())).isEqualTo(fdMap(e.getValue().get("fdsClosed")));
            assertThat(c.socketsOpened()).isEmpty();
            assertThat(c.socketsClosed()).isEmpty();
        });
        // pid 1 is the shell that closed fd 7 and opened fd 8 (the script's exec 7<&- / exec 8>)
        assertThat(change(1).filesClosed()).extracting(FileInfo::fd, FileInfo::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(7, "/added/keep.txt"));
        assertThat(change(1).filesOpened()).extracting(FileInfo::fd, FileInfo::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(8, "/added/stage2.log"));
    }

    @Test
    void memoryAreasAddedRemovedResizedMatchProcMaps() {
        expected.at("/processes/changed").fields().forEachRemaining(e -> {
            ProcessChange c = change(Integer.parseInt(e.getKey()));
            JsonNode v = e.getValue().get("vmas");
            // /proc splits the vDSO data page into [vvar] and [vvar_vclock]; CRIU records one area: left out here.
            assertThat(starts(c.memory().vmasAdded())).isEqualTo(procStarts(v, "added", after, c.b().pid()));
            assertThat(starts(c.memory().vmasRemoved())).isEqualTo(procStarts(v, "removed", before, c.a().pid()));
            assertThat(c.memory().vmasResized()).extracting(VmaChange::start)
                    .containsExactlyInAnyOrderElementsOf(v == null ? List.of() : Fixtures.texts(v.get("resized")));
        });
        // the script's 4,000,000-byte shell variable: pid 1 gained an anonymous area of at least that size
        MemoryChange m = change(1).memory();
        assertThat(m.vmasAdded()).anySatisfy(vma -> assertThat(CheckpointDiffer.size(vma)).isGreaterThanOrEqualTo(4_000_000));
        long grew = Long.parseLong(m.mappedBytes().b()) - Long.parseLong(m.mappedBytes().a());
        JsonNode procMapped = expected.at("/processes/changed/1/mappedBytes");
        assertThat(grew).isEqualTo(procMapped.get(1).asLong() - procMapped.get(0).asLong());
        assertThat(Long.parseLong(m.dumpedBytes().b())).isGreaterThan(Long.parseLong(m.dumpedBytes().a()) + 4_000_000);
    }

    @Test
    void rootFileSystemChangesMatchTheArchives() {
        JsonNode r = expected.get("rootfs");
        assertThat(diff.rootfs().added()).extracting(RootfsEntry::path)
                .containsExactlyInAnyOrderElementsOf(Fixtures.texts(r.get("added")));
        assertThat(diff.rootfs().removed()).extracting(RootfsEntry::path)
                .containsExactlyInAnyOrderElementsOf(Fixtures.texts(r.get("removed")));
        Map<String, Map<String, List<String>>> want = new TreeMap<>();
        r.get("changed").fields().forEachRemaining(e -> {
            Map<String, List<String>> f = new TreeMap<>();
            e.getValue().fields().forEachRemaining(v -> f.put(v.getKey(),
                    List.of(v.getValue().get(0).asText(), v.getValue().get(1).asText())));
            want.put(e.getKey(), f);
        });
        Map<String, Map<String, List<String>>> ours = new TreeMap<>();
        Map<String, List<String>> hashes = new TreeMap<>();
        for (RootfsChange c : diff.rootfs().changed()) {
            Map<String, List<String>> f = new TreeMap<>();
            c.fields().stream().filter(d -> !d.name().equals("sha256"))
                    .forEach(d -> f.put(d.name(), List.of(d.a(), d.b())));
            c.fields().stream().filter(d -> d.name().equals("sha256"))
                    .forEach(d -> hashes.put(c.path(), List.of(d.a(), d.b())));
            ours.put(c.path(), f);
        }
        assertThat(ours).isEqualTo(want);
        // content: only hello.txt was rewritten, and its hashes are those of the two texts the script wrote
        assertThat(hashes).containsOnlyKeys("/added/hello.txt");
        assertThat(hashes.get("/added/hello.txt")).containsExactly(sha256("stage one\n"),
                sha256("stage two: a longer content\n"));
        assertThat(diff.rootfs().deletedAdded()).containsExactlyElementsOf(Fixtures.texts(r.get("deletedAdded")));
        assertThat(diff.rootfs().deletedRemoved()).containsExactlyElementsOf(Fixtures.texts(r.get("deletedRemoved")));
        // in words: hello.txt grew, mode.txt chmod 600, the link points elsewhere, stage2.txt is new
        assertThat(ours).containsKeys("/added/hello.txt", "/added/mode.txt", "/added/link");
        assertThat(Fixtures.texts(r.get("added"))).contains("/added/stage2.txt");
        assertThat(diff.rootfs().deletedAdded()).containsExactly("/etc/fixture-change-me");
    }

    @Test
    void identicalInputGivesAnEmptyDifference() throws IOException {
        CheckpointDiff same = new CheckpointDiffer().diff(after, inspect(DIR.resolve("diff-after.tar.zst")));
        assertThat(same.identical()).isTrue();
        assertThat(same.processesAdded()).isEmpty();
        assertThat(same.processesRemoved()).isEmpty();
        assertThat(same.processes()).noneMatch(ProcessChange::changed);
        assertThat(same.rootfs().isEmpty()).isTrue();
        assertThat(same.summary().metadataChanged()).isZero();
        assertThat(new DiffText(true).render(same)).contains("No differences");
    }

    /** The same checkpoint as a tar and unpacked into a directory: the same content, so no difference at all. */
    @Test
    void sameContentInAnotherFormIsIdentical(@TempDir Path tmp) throws Exception {
        Path none = Fixtures.path("podman-none.tar");
        Process tar = new ProcessBuilder("tar", "-xf", none.toAbsolutePath().toString(), "-C", tmp.toString())
                .inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        CheckpointDiff d = new CheckpointDiffer().diff(inspect(none), inspect(tmp));
        assertThat(d.source()).filteredOn(FieldDiff::changed).extracting(FieldDiff::name).contains("path", "kind");
        assertThat(d.identical()).as(new DiffText(true).render(d)).isTrue();
    }

    @Test
    void differentContainersSayItAtTheTop() throws IOException {
        CheckpointDiff d = new CheckpointDiffer().diff(before, inspect(Fixtures.path("podman-none.tar")));
        assertThat(d.sameContainer()).isFalse();
        String text = new DiffText(true).render(d);
        assertThat(text.lines().findFirst().orElseThrow()).startsWith("DIFFERENT CONTAINERS: A is i")
                .contains("B is ci-fixture");
        assertThat(d.container()).filteredOn(FieldDiff::changed).extracting(FieldDiff::name).contains("id", "name");
    }

    /** A crafted value cannot move the terminal's cursor or forge lines: control characters are shown escaped. */
    @Test
    void controlCharactersInValuesAreShownEscaped() {
        List<io.checkpointinspector.model.ProcessInfo> procs = new ArrayList<>();
        for (var p : after.processes()) {
            Map<String, String> env = new java.util.LinkedHashMap<>(p.env() == null ? Map.of() : p.env());
            env.put("EVIL\u001b[2J", "x\n+ [1] forged line\u0007");
            procs.add(new io.checkpointinspector.model.ProcessInfo(p.pid(), p.ppid(), p.pgid(), p.sid(), p.comm(),
                    p.state(), p.exitCode(), p.threads(), p.cmdline(), env, p.argsNote(), p.cwd(), p.root(),
                    p.files(), p.sockets(), p.memory()));
        }
        Checkpoint evil = new Checkpoint(after.schemaVersion(), after.source(), after.container(), after.criu(),
                after.sizes(), after.stats(), procs, after.mounts(), after.rootfsDiff(), after.entries(),
                after.warnings());
        String text = new DiffText(false).render(new CheckpointDiffer().diff(before, evil));
        assertThat(text).doesNotContain("\u001b").doesNotContain("\u0007").contains("EVIL\\x1b[2J")
                .contains("x\\n+ [1] forged line\\x07");
    }

    static List<String> forms() {
        return Fixtures.ALL;
    }

    /** Every supported form against the uncompressed export of the same container: same processes and files. */
    @ParameterizedTest
    @MethodSource("forms")
    void everyFormComparesWithEveryOther(String form) throws IOException {
        Checkpoint reference = inspect(Fixtures.path("podman-none.tar"));
        CheckpointDiff d = new CheckpointDiffer().diff(inspect(Fixtures.path(form)), reference);
        assertThat(d.sameContainer()).isTrue();
        assertThat(d.processesAdded()).isEmpty();
        assertThat(d.processesRemoved()).isEmpty();
        assertThat(d.processes()).hasSize(reference.processes().size());
        assertThat(d.processes()).allSatisfy(c -> {
            assertThat(c.filesOpened()).isEmpty();
            assertThat(c.filesClosed()).isEmpty();
            assertThat(c.fields()).noneMatch(FieldDiff::changed);
            assertThat(c.env()).noneMatch(FieldDiff::changed);
        });
        assertThat(d.rootfs().isEmpty()).isTrue();
        // separate checkpoints of one running container: the dump statistics differ, the container does not
        // (an image form adds the image's annotations)
        assertThat(d.container()).filteredOn(FieldDiff::changed).extracting(FieldDiff::name)
                .allMatch(n -> n.equals("checkpointed") || n.startsWith("annotation "));
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProcessChange change(int pid) {
        return diff.processes().stream().filter(c -> c.a().pid() == pid).findFirst().orElseThrow();
    }

    private static FieldDiff field(ProcessChange c, String name) {
        return c.fields().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    private static Map<String, String> fds(List<FileInfo> files) {
        Map<String, String> m = new TreeMap<>();
        files.forEach(f -> m.put(String.valueOf(f.fd()), f.path()));
        return m;
    }

    private static Map<String, String> fdMap(JsonNode n) {
        return n == null ? Map.of() : new TreeMap<>(Fixtures.map(n));
    }

    private static TreeSet<String> starts(List<Vma> vmas) {
        TreeSet<String> s = new TreeSet<>();
        vmas.stream().filter(v -> !v.label().startsWith("[vvar")).forEach(v -> s.add(v.start()));
        return s;
    }

    /** Start addresses /proc listed, without the [vvar*] areas (labels looked up in the /proc record). */
    private static TreeSet<String> procStarts(JsonNode vmas, String key, Checkpoint side, int pid) {
        TreeSet<String> s = new TreeSet<>();
        if (vmas == null) {
            return s;
        }
        JsonNode procs = expected.get(side == after ? "after" : "before").get("processes");
        Map<String, String> labels = new TreeMap<>();
        for (JsonNode p : procs) {
            if (p.get("pid").asInt() == pid) {
                p.get("maps").forEach(m -> labels.put(m.get("start").asText(), m.get("label").asText()));
            }
        }
        for (String start : Fixtures.texts(vmas.get(key))) {
            if (!labels.getOrDefault(start, "").startsWith("[vvar")) {
                s.add(start);
            }
        }
        return s;
    }
}
