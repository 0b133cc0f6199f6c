package io.checkpointinspector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkpointinspector.inspect.PreDumpFixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** inspect, memory and core on the synthetic pre-dump pair, alone and with --parent. */
class PreDumpChainCliTest {

    @TempDir
    static Path dir;

    static PreDumpFixtures fx;
    static Path child;
    static Path parent;

    @BeforeAll
    static void make() throws Exception {
        fx = new PreDumpFixtures();
        child = fx.child(dir);
        parent = fx.parent(dir);
    }

    @Test
    void inspectSaysIncrementalAloneAndShowsBothStatisticsWithTheParent() {
        Cli.Result alone = Cli.run("inspect", child.toString());
        assertThat(alone.exit()).isZero();
        assertThat(alone.out()).contains("Pre-dump chain").contains("incremental child")
                .contains("checkpoint/parent -> ../pre-checkpoint (pre-checkpoint/)")
                .contains("Pages in the parent").contains(String.valueOf(fx.cleanPages()));
        Cli.Result both = Cli.run("inspect", child.toString(), "--parent", parent.toString());
        assertThat(both.exit()).isZero();
        assertThat(both.out()).contains("Parent 1: " + parent).contains("Pre-dump statistics")
                .contains("Dump statistics");
        assertThat(both.err()).isEmpty();
        Cli.Result json = Cli.run("inspect", "--format", "json", child.toString(), "--parent", parent.toString());
        assertThat(json.out()).contains("\"chain\"").contains("\"parents\"").contains("\"pagesSupplied\"");
        Cli.assertNoLeak(both);
    }

    @Test
    void memoryFindsParentOnlyBytesWithTheParentAndDumpsSayWhereBytesAre() {
        String marker = PreDumpFixtures.PARENT_ONLY + "1;";
        Cli.Result alone = Cli.run("memory", child.toString(), "--search", marker);
        assertThat(alone.out()).startsWith("0 hits");
        Cli.Result with = Cli.run("memory", child.toString(), "--search", marker, "--parent", parent.toString());
        assertThat(with.out()).contains("0x" + Long.toHexString(fx.parentOnlyMarker(1))).contains("1 hit");
        String at = "0x" + Long.toHexString(fx.inParent(1).get(0)) + ":64";
        assertThat(Cli.run("memory", child.toString(), "--pid", "1", "--dump", at).out())
                .contains("in the parent checkpoint");
        assertThat(Cli.run("memory", child.toString(), "--pid", "1", "--dump", at, "--parent", parent.toString())
                .out()).doesNotContain("in the parent checkpoint");
        Cli.Result list = Cli.run("memory", child.toString());
        assertThat(list.out()).contains("IN PARENT").contains("open it with --parent FILE");
    }

    @Test
    void aMismatchedParentIsAWarningNotWrongBytes() throws Exception {
        Path other = fx.parentOfOtherPids(dir, 1000);
        Cli.Result r = Cli.run("memory", child.toString(), "--search", PreDumpFixtures.PARENT_ONLY, "--parent",
                other.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("0 hits");
        assertThat(r.err()).contains("warning:").contains("is not the parent of this checkpoint");
    }

    @Test
    void coreWithTheParentHoldsTheParentsPages() {
        Path alone = dir.resolve("alone.core");
        Path with = dir.resolve("with.core");
        Cli.Result a = Cli.run("core", child.toString(), "--pid", "1", "-o", alone.toString());
        Cli.Result w = Cli.run("core", child.toString(), "--pid", "1", "-o", with.toString(), "--parent",
                parent.toString());
        assertThat(a.exit()).isZero();
        assertThat(w.exit()).isZero();
        assertThat(a.out()).contains("in the parent checkpoint");
        assertThat(w.out()).doesNotContain("in the parent checkpoint");
        assertThat(with.toFile().length()).isGreaterThan(alone.toFile().length());
    }
}
