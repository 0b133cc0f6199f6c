package io.checkpointinspector.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.model.ProcessInfo;
import io.checkpointinspector.model.Vma;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which checkpoints opened together are a chain, and the areas' bytes kept in the parent, on the synthetic pair. */
class ChainGroupsTest {

    @TempDir
    static Path dir;

    static PreDumpFixtures fx;
    static Path child;
    static Path parent;
    static Checkpoint childModel;
    static Checkpoint parentModel;

    @BeforeAll
    static void make() throws IOException {
        fx = new PreDumpFixtures();
        child = fx.child(dir);
        parent = fx.parent(dir);
        childModel = PreDumpChainTest.inspect(child);
        parentModel = PreDumpChainTest.inspect(parent);
    }

    @Test
    void aChildAndItsPreDumpAreOneGroupWhicheverComesFirst() {
        var c = new ChainGroups.Candidate(child, childModel);
        var p = new ChainGroups.Candidate(parent, parentModel);
        assertThat(ChainGroups.of(List.of(p, c))).containsExactly(new ChainGroups.Group(child, List.of(parent)));
        assertThat(ChainGroups.of(List.of(c, p))).containsExactly(new ChainGroups.Group(child, List.of(parent)));
    }

    @Test
    void checkpointsOutsideAChainStayAlone() throws IOException {
        Path a = Fixtures.path("podman-none.tar");
        Path b = Fixtures.path("podman-gzip.tar.gz");
        var ca = new ChainGroups.Candidate(a, PreDumpChainTest.inspect(a));
        var cb = new ChainGroups.Candidate(b, PreDumpChainTest.inspect(b));
        assertThat(ChainGroups.of(List.of(ca, cb))).containsExactly(new ChainGroups.Group(a, List.of()),
                new ChainGroups.Group(b, List.of()));
        // A pre-dump without its child stays a tab of its own too.
        var p = new ChainGroups.Candidate(parent, parentModel);
        assertThat(ChainGroups.of(List.of(ca, p))).containsExactly(new ChainGroups.Group(a, List.of()),
                new ChainGroups.Group(parent, List.of()));
    }

    @Test
    void aLoneChildTakesAPreDumpOfOtherPidsSoThatJoiningItSaysWhy() throws IOException {
        Path other = fx.parentOfOtherPids(dir, 1000);
        var c = new ChainGroups.Candidate(child, childModel);
        var o = new ChainGroups.Candidate(other, PreDumpChainTest.inspect(other));
        assertThat(ChainGroups.of(List.of(c, o))).containsExactly(new ChainGroups.Group(child, List.of(other)));
    }

    @Test
    void theParentTheLinkNamesComesFirst() throws IOException {
        // The child's link is ../pre-checkpoint: pre-checkpoint.tar is the nearest, whatever the order given.
        Path older = fx.bareParentDirectory(dir, "aaa-older", null);
        var c = new ChainGroups.Candidate(child, childModel);
        var p = new ChainGroups.Candidate(parent, parentModel);
        var o = new ChainGroups.Candidate(older, PreDumpChainTest.inspect(older));
        assertThat(ChainGroups.nearestFirst(c, List.of(o, p))).containsExactly(parent, older);
        assertThat(ChainGroups.nearestFirst(c, List.of(p, o))).containsExactly(parent, older);
    }

    @Test
    void everyAreaSaysHowManyOfItsBytesAreInTheParent() {
        for (int pid : fx.pids()) {
            ProcessInfo p = childModel.processes().stream().filter(x -> x.pid() == pid).findFirst().orElseThrow();
            long inParent = p.memory().vmas().stream().mapToLong(Vma::inParentBytes).sum();
            assertThat(inParent).as("pid %d", pid).isEqualTo(fx.inParent(pid).size() * (long) PreDumpFixtures.PAGE);
            assertThat(childModel.chain().pagesInParentByPid().get(pid)).isEqualTo(fx.inParent(pid).size());
        }
        assertThat(parentModel.processes()).allSatisfy(p -> assertThat(p.memory().vmas())
                .allSatisfy(v -> assertThat(v.inParentBytes()).isZero()));
    }
}
