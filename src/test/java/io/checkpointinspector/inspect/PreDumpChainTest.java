package io.checkpointinspector.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdOutputStream;
import io.checkpointinspector.criu.MemoryRead;
import io.checkpointinspector.model.ChainInfo;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.model.ParentLink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A child checkpoint read alone and through its pre-dump parent, on the synthetic pair of {@link PreDumpFixtures}. */
class PreDumpChainTest {

    @TempDir
    static Path dir;

    static PreDumpFixtures fx;
    static Path child;
    static Path parent;
    static Checkpoint childModel;

    @BeforeAll
    static void make() throws IOException {
        fx = new PreDumpFixtures();
        child = fx.child(dir);
        parent = fx.parent(dir);
        childModel = inspect(child);
    }

    static Checkpoint inspect(Path p) throws IOException {
        return new CheckpointInspector().inspect(p, InspectListener.NONE);
    }

    static MemoryAccess chained(Path childPath, Path... parents) throws IOException {
        Checkpoint m = inspect(childPath);
        return new MemoryAccess(childPath, m, CheckpointChain.open(childPath, m, List.of(parents)));
    }

    @Test
    void theChildAloneSaysItIsIncrementalAndWhereItsParentIs() {
        ChainInfo c = childModel.chain();
        assertThat(c).isNotNull();
        assertThat(c.incremental()).isTrue();
        assertThat(c.parentLink()).isEqualTo("../pre-checkpoint");
        assertThat(c.parentDir()).isEqualTo("pre-checkpoint/");
        assertThat(c.parentNote()).contains("not in this source");
        assertThat(c.pagesInParent()).isEqualTo(fx.cleanPages());
        assertThat(c.pagesInImage()).isEqualTo(fx.dirtyPages());
        assertThat(c.pids()).containsExactlyElementsOf(fx.pids());
        assertThat(childModel.stats().pagesSkippedParent()).isEqualTo(fx.cleanPages());
        assertThat(childModel.processes()).hasSize(5);
    }

    @Test
    void theParentAloneIsAPreDumpWithoutAProcessTreeWarning() throws IOException {
        Checkpoint p = inspect(parent);
        assertThat(p.chain().preDump()).isTrue();
        assertThat(p.chain().imagesDir()).isEqualTo("pre-checkpoint/");
        assertThat(p.chain().pagesInImage()).isEqualTo(fx.cleanPages() + fx.dirtyPages());
        assertThat(p.chain().pids()).containsExactlyElementsOf(fx.pids());
        assertThat(p.processes()).isEmpty();
        assertThat(p.warnings()).noneMatch(w -> w.contains("pstree.img is missing"));
        assertThat(p.stats().frozenTimeUs()).isEqualTo(PreDumpFixtures.PARENT_FROZEN_US);
        assertThat(p.sizes().memoryPagesBytes()).isEqualTo((fx.cleanPages() + fx.dirtyPages()) * 4096);
    }

    @Test
    void aloneTheChildsPagesReadAndTheRestIsSaidToBeInTheParent() throws IOException {
        MemoryAccess alone = new MemoryAccess(child, childModel);
        for (int pid : fx.pids()) {
            for (Map.Entry<Long, byte[]> e : fx.childOnly(pid).entrySet()) {
                MemoryRead r = alone.read(pid, e.getKey(), 4096, InspectListener.NONE);
                assertThat(r.gaps()).isEmpty();
                assertThat(r.data()).isEqualTo(e.getValue());
            }
            long inParent = fx.inParent(pid).get(0);
            MemoryRead r = alone.read(pid, inParent, 4096, InspectListener.NONE);
            assertThat(r.gaps()).containsExactly(new MemoryRead.Gap(inParent, 4096, MemoryRead.Reason.IN_PARENT));
        }
    }

    @Test
    void throughTheChainEveryPageReadsByteForByteFromTheRightLink() throws IOException {
        MemoryAccess access = chained(child, parent);
        long pages = 0;
        for (int pid : fx.pids()) {
            List<Map.Entry<Long, byte[]>> all = new ArrayList<>(fx.chained(pid).entrySet());
            int i = 0;
            while (i < all.size()) {
                // contiguous pages read as one range, crossing from child to parent pages and back
                int j = i + 1;
                while (j < all.size() && j - i < 64 && all.get(j).getKey() == all.get(j - 1).getKey() + 4096) {
                    j++;
                }
                long from = all.get(i).getKey();
                MemoryRead r = access.read(pid, from, (j - i) * 4096, InspectListener.NONE);
                assertThat(r.gaps()).as("pid %d at 0x%x", pid, from).isEmpty();
                for (int k = i; k < j; k++) {
                    byte[] got = java.util.Arrays.copyOfRange(r.data(), (k - i) * 4096, (k - i + 1) * 4096);
                    assertThat(got).as("pid %d page 0x%x", pid, all.get(k).getKey()).isEqualTo(all.get(k).getValue());
                    pages++;
                }
                i = j;
            }
        }
        assertThat(pages).isEqualTo(fx.cleanPages() + fx.dirtyPages());
    }

    @Test
    void theChainCountsWhatEachLinkSuppliesAndShowsBothStatistics() throws IOException {
        CheckpointChain chain = CheckpointChain.open(child, childModel, List.of(parent));
        assertThat(chain.usable()).isTrue();
        assertThat(chain.warnings()).isEmpty();
        ParentLink p = chain.parents().get(0);
        assertThat(p.depth()).isEqualTo(1);
        assertThat(p.imagesDir()).isEqualTo("pre-checkpoint/");
        assertThat(p.linkTarget()).isEqualTo("../pre-checkpoint");
        assertThat(p.role()).isEqualTo(ChainInfo.PRE_DUMP);
        assertThat(p.pagesSupplied()).isEqualTo(fx.cleanPages());
        assertThat(p.pagesMissing()).isZero();
        assertThat(p.pagesHeld()).isEqualTo(fx.cleanPages() + fx.dirtyPages());
        assertThat(p.stats().frozenTimeUs()).isEqualTo(PreDumpFixtures.PARENT_FROZEN_US);
        assertThat(p.stats().memwriteTimeUs()).isEqualTo(PreDumpFixtures.PARENT_MEMWRITE_US);
        Checkpoint joined = chain.apply(childModel);
        assertThat(joined.parents()).containsExactly(p);
        assertThat(joined.stats().pagesSkippedParent()).isEqualTo(fx.cleanPages());
    }

    @Test
    void searchFindsWhatIsOnlyInTheParentOnlyThroughTheChain() throws IOException {
        for (int pid : fx.pids()) {
            byte[] marker = (PreDumpFixtures.PARENT_ONLY + pid + ";").getBytes(StandardCharsets.US_ASCII);
            var alone = new MemoryAccess(child, childModel).search(marker, OptionalInt.empty(), 100,
                    InspectListener.NONE);
            assertThat(alone.hits()).isEmpty();
            var through = chained(child, parent).search(marker, OptionalInt.empty(), 100, InspectListener.NONE);
            assertThat(through.hits()).singleElement().satisfies(h -> {
                assertThat(h.pid()).isEqualTo(pid);
                assertThat(h.address()).isEqualTo(fx.parentOnlyMarker(pid));
            });
        }
    }

    @Test
    void aStaleParentCopyIsNeverSeenAndAMatchAcrossChildAndParentPagesIsFound() throws IOException {
        MemoryAccess access = chained(child, parent);
        var stale = access.search(PreDumpFixtures.STALE.getBytes(StandardCharsets.US_ASCII), OptionalInt.empty(),
                100, InspectListener.NONE);
        assertThat(stale.hits()).isEmpty();
        var span = access.search(PreDumpFixtures.SPAN.getBytes(StandardCharsets.US_ASCII), OptionalInt.empty(), 100,
                InspectListener.NONE);
        assertThat(span.hits()).singleElement().satisfies(h -> {
            assertThat(h.pid()).isEqualTo(1);
            assertThat(h.address()).isEqualTo(fx.spanMarker());
        });
        var strings = access.strings(MemoryFilter.ALL, 8, 100_000, InspectListener.NONE);
        assertThat(strings.strings()).anyMatch(s -> s.text().contains(PreDumpFixtures.PARENT_ONLY + "1;"));
    }

    @Test
    void aParentOfOtherPidsIsRefusedWithAWarningAndNothingIsReadFromIt() throws IOException {
        Path other = fx.parentOfOtherPids(dir, 1000);
        CheckpointChain chain = CheckpointChain.open(child, childModel, List.of(other));
        assertThat(chain.usable()).isFalse();
        assertThat(chain.warnings()).singleElement().asString().contains(other.toString())
                .contains("is not the parent of this checkpoint").contains("1001");
        MemoryAccess access = new MemoryAccess(child, childModel, chain);
        long page = fx.inParent(1).get(0);
        assertThat(access.read(1, page, 4096, InspectListener.NONE).gaps())
                .containsExactly(new MemoryRead.Gap(page, 4096, MemoryRead.Reason.IN_PARENT));
    }

    @Test
    void aParentWithoutOnePidsPagemapSaysSoAndThosePagesStayUnread() throws IOException {
        Path partial = fx.parentWithout(dir, 9);
        CheckpointChain chain = CheckpointChain.open(child, childModel, List.of(partial));
        assertThat(chain.usable()).isTrue();
        assertThat(chain.warnings()).singleElement().asString().contains("pre-checkpoint/pagemap-9.img")
                .contains("pid 9");
        MemoryAccess access = new MemoryAccess(child, childModel, chain);
        long page9 = fx.inParent(9).get(0);
        assertThat(access.read(9, page9, 4096, InspectListener.NONE).gaps())
                .containsExactly(new MemoryRead.Gap(page9, 4096, MemoryRead.Reason.NOT_IN_PARENT));
        long page1 = fx.inParent(1).get(0);
        MemoryRead r1 = access.read(1, page1, 4096, InspectListener.NONE);
        assertThat(r1.gaps()).isEmpty();
        assertThat(r1.data()).isEqualTo(fx.chained(1).get(page1));
        assertThat(chain.parents().get(0).pagesMissing()).isEqualTo(fx.inParent(9).size());
    }

    @Test
    void swappedChildAndParentAreSaid() throws IOException {
        Checkpoint p = inspect(parent);
        CheckpointChain chain = CheckpointChain.open(parent, p, List.of(child));
        assertThat(chain.usable()).isFalse();
        assertThat(chain.warnings()).singleElement().asString().contains("itself a pre-dump")
                .contains("--parent " + parent);
    }

    @Test
    void aCompressedParentIsNotUsedAndSaysWhy() throws IOException {
        Path zst = dir.resolve("pre-checkpoint.tar.zst");
        try (OutputStream out = new ZstdOutputStream(Files.newOutputStream(zst))) {
            out.write(Files.readAllBytes(parent));
        }
        CheckpointChain chain = CheckpointChain.open(child, childModel, List.of(zst));
        assertThat(chain.usable()).isFalse();
        assertThat(chain.warnings()).anyMatch(w -> w.contains(zst.toString()) && w.contains("zstd-compressed"));
    }

    @Test
    void bothInOneFolderTheLinkIsFollowedInsideIt() throws IOException {
        Path both = fx.bothInOneDirectory(dir.resolve("in-one"), null);
        Checkpoint m = inspect(both);
        assertThat(m.chain().parentNote()).contains("in this source (pre-checkpoint/)");
        CheckpointChain chain = CheckpointChain.open(both, m, List.of());
        assertThat(chain.usable()).isTrue();
        assertThat(chain.warnings()).isEmpty();
        assertThat(chain.parents().get(0).pagesSupplied()).isEqualTo(fx.cleanPages());
        long page = fx.inParent(11).get(3);
        MemoryRead r = new MemoryAccess(both, m, chain).read(11, page, 4096, InspectListener.NONE);
        assertThat(r.data()).isEqualTo(fx.chained(11).get(page));
    }

    @Test
    void aCycleOfParentLinksEndsTheChainWithAWarning() throws IOException {
        Path both = fx.bothInOneDirectory(dir.resolve("cycle"), "../checkpoint");
        Checkpoint m = inspect(both);
        CheckpointChain chain = CheckpointChain.open(both, m, List.of());
        assertThat(chain.warnings()).singleElement().asString().contains("cycle");
        assertThat(chain.parents()).hasSize(1);
        long page = fx.inParent(1).get(0);
        assertThat(new MemoryAccess(both, m, chain).read(1, page, 4096, InspectListener.NONE).data())
                .isEqualTo(fx.chained(1).get(page));
        Path self = fx.bothInOneDirectory(dir.resolve("self"), ".");
        Checkpoint ms = inspect(self);
        assertThat(CheckpointChain.open(self, ms, List.of()).warnings()).singleElement().asString()
                .contains("cycle");
    }

    @Test
    void aParentLinkLeavingTheSourceIsNeverFollowed() throws IOException {
        // a real pre-dump sits where the link points: reading it would be following the link out of the source
        Path outside = dir.resolve("escape");
        Files.createDirectories(outside);
        fx.bareParentDirectory(outside, "pre-checkpoint", null);
        Path sub = Files.createDirectories(outside.resolve("a"));
        Path escaping = fx.childWithLink(sub, "escaping.tar", "../../pre-checkpoint");
        Checkpoint m = inspect(escaping);
        assertThat(m.chain().parentDir()).isNull();
        assertThat(m.chain().parentNote()).contains("leaves this source");
        CheckpointChain alone = CheckpointChain.open(escaping, m, List.of());
        assertThat(alone.usable()).isFalse();
        Path absolute = fx.childWithLink(sub, "absolute.tar", outside.resolve("pre-checkpoint").toString());
        Checkpoint ma = inspect(absolute);
        assertThat(ma.chain().parentDir()).isNull();
        assertThat(CheckpointChain.open(absolute, ma, List.of()).usable()).isFalse();
        // named by the user, the same folder is used, and the link is still reported as not followed
        CheckpointChain named = CheckpointChain.open(escaping, m, List.of(outside.resolve("pre-checkpoint")));
        assertThat(named.usable()).isTrue();
        assertThat(named.warnings()).singleElement().asString().contains("outside this source: not followed");
        Path hostile = fx.bothInOneDirectory(dir.resolve("hostile"), "../../../../etc");
        CheckpointChain h = CheckpointChain.open(hostile, inspect(hostile), List.of());
        assertThat(h.parents()).hasSize(1);
        assertThat(h.warnings()).singleElement().asString().contains("outside this source: not followed");
    }
}
