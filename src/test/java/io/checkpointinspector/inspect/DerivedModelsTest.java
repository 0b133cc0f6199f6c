package io.checkpointinspector.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkpointinspector.model.MemoryInfo;
import io.checkpointinspector.model.ProcessInfo;
import io.checkpointinspector.model.RootfsDiff;
import io.checkpointinspector.model.RootfsEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What is derived from the model for the views: the rootfs folder tree and the process forest. */
class DerivedModelsTest {

    @Test
    void rootfsIndexBuildsFoldersWithSizesAndMarksDeletions() {
        RootfsDiff diff = new RootfsDiff(3, 60, List.of(
                new RootfsEntry("/a", "dir", 0, "0755", null),
                new RootfsEntry("/a/x.txt", "file", 10, "0644", null),
                new RootfsEntry("/a/b/y.txt", "file", 20, "0644", null),
                new RootfsEntry("/c.txt", "file", 30, "0644", null),
                new RootfsEntry("/a/l", "symlink", 0, "0777", "/etc/passwd")),
                List.of("/etc/gone", "/a/b/old"));
        RootfsIndex index = RootfsIndex.of(diff);
        RootfsIndex.Node root = index.root();
        assertThat(root.size()).isEqualTo(60);
        assertThat(root.files()).isEqualTo(3);
        assertThat(root.deleted()).isEqualTo(2);
        assertThat(root.children()).extracting(RootfsIndex.Node::name).containsExactly("a", "etc", "c.txt");
        RootfsIndex.Node a = root.children().get(0);
        assertThat(a.size()).isEqualTo(30);
        assertThat(a.children()).extracting(RootfsIndex.Node::name).containsExactly("b", "l", "x.txt");
        RootfsIndex.Node etc = root.children().get(1);
        assertThat(etc.entry()).as("a folder that only holds changes").isNull();
        assertThat(etc.children().get(0).kind()).isEqualTo(RootfsIndex.Kind.DELETED);
        assertThat(index.size()).isEqualTo(9);

        RootfsIndex.Node filtered = index.filtered("OLD");
        assertThat(filtered.children()).hasSize(1);
        assertThat(filtered.children().get(0).children().get(0).children().get(0).path()).isEqualTo("/a/b/old");
        assertThat(index.filtered("nothing-like-this").children()).isEmpty();

        RootfsIndex numbered = RootfsIndex.of(new RootfsDiff(3, 3, List.of(
                new RootfsEntry("/f-10", "file", 1, "0644", null), new RootfsEntry("/f-9", "file", 1, "0644", null),
                new RootfsEntry("/f-09b", "file", 1, "0644", null)), List.of()));
        assertThat(numbered.root().children()).extracting(RootfsIndex.Node::name)
                .containsExactly("f-9", "f-09b", "f-10");
    }

    /** Issue 15 item 8: the counts shown with the filtered tree are those of what the filter keeps. */
    @Test
    void rootfsFilterCountsOnlyWhatItKeeps() {
        RootfsIndex index = RootfsIndex.of(new RootfsDiff(3, 60, List.of(
                new RootfsEntry("/a", "dir", 0, "0755", null),
                new RootfsEntry("/a/x.txt", "file", 10, "0644", null),
                new RootfsEntry("/a/b/y.txt", "file", 20, "0644", null),
                new RootfsEntry("/c.txt", "file", 30, "0644", null)),
                List.of("/etc/gone", "/a/b/old")));
        RootfsIndex.Node x = index.filtered("x.txt");
        assertThat(x.files()).isEqualTo(1);
        assertThat(x.size()).isEqualTo(10);
        assertThat(x.deleted()).isZero();
        assertThat(x.children().get(0).files()).as("/a as filtered").isEqualTo(1);
        RootfsIndex.Node b = index.filtered("/a/b");
        assertThat(b.files()).isEqualTo(1);
        assertThat(b.size()).isEqualTo(20);
        assertThat(b.deleted()).isEqualTo(1);
        RootfsIndex.Node none = index.filtered("nothing-like-this");
        assertThat(none.files()).isZero();
        assertThat(none.size()).isZero();
        assertThat(index.filtered("").files()).isEqualTo(3);
    }

    @Test
    void processForestKeepsEveryProcessOnceEvenWithParentCycles() {
        List<ProcessInfo> ps = List.of(process(1, 0), process(2, 1), process(3, 2), process(7, 8), process(8, 7),
                process(9, 9));
        ProcessForest f = ProcessForest.of(ps);
        assertThat(f.size()).isEqualTo(6);
        int[] seen = {0};
        f.roots().forEach(r -> seen[0] += count(f, r));
        assertThat(seen[0]).isEqualTo(6);
        ProcessForest filtered = f.filter(p -> p.pid() == 3);
        assertThat(filtered.roots()).extracting(ProcessInfo::pid).containsExactly(1);
        assertThat(filtered.size()).isEqualTo(3);
    }

    private static int count(ProcessForest f, ProcessInfo p) {
        int n = 1;
        for (ProcessInfo c : f.childrenOf(p)) {
            n += count(f, c);
        }
        return n;
    }

    private static ProcessInfo process(int pid, int ppid) {
        return new ProcessInfo(pid, ppid, 1, 1, "p" + pid, "alive", 0, List.of(), List.of("p" + pid), null, null, "/",
                "/", List.of(), List.of(), MemoryInfo.absent());
    }
}
