package io.checkpointinspector.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.checkpointinspector.model.RootfsDiff;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Save as…: writes only below the chosen folder, never through links, never over existing files. */
class RootfsExportTest {

    @TempDir
    Path tmp;

    private final Path fixture = Fixtures.path("podman-zstd.tar.zst");
    private final RootfsExport export = new RootfsExport(new CheckpointContent(fixture));

    private RootfsDiff diff() throws Exception {
        return new CheckpointInspector().inspect(fixture, InspectListener.NONE).rootfsDiff();
    }

    @Test
    void savesOneFileWhereChosen() throws Exception {
        Path target = tmp.resolve("copy.txt");
        RootfsExport.Result r = export.saveFile("/added/hello.txt", target, () -> false);
        assertThat(r.files()).isEqualTo(1);
        assertThat(Files.readString(target)).isEqualTo("hello from the fixture container\n");
    }

    @Test
    void refusesToWriteThroughALink() throws Exception {
        Path victim = tmp.resolve("victim.txt");
        Files.writeString(victim, "keep");
        Path link = Files.createSymbolicLink(tmp.resolve("link.txt"), victim);
        assertThatThrownBy(() -> export.saveFile("/added/hello.txt", link, () -> false)).hasMessageContaining("link");
        assertThat(Files.readString(victim)).isEqualTo("keep");
    }

    @Test
    void savesAFolderTreeAndSkipsLinks() throws Exception {
        Path out = Files.createDirectory(tmp.resolve("out"));
        RootfsExport.Result r = export.saveFolder("/added", diff().entries(), out, () -> false);
        assertThat(r.files()).isEqualTo(2);
        assertThat(Files.readString(out.resolve("added/hello.txt"))).isEqualTo("hello from the fixture container\n");
        assertThat(Files.readString(out.resolve("added/sub/dir/deep.txt"))).isEqualTo("deep file\n");
        assertThat(Files.exists(out.resolve("added/link"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(r.skipped()).anyMatch(s -> s.startsWith("/added/link: symlink to /etc/hostname"));
    }

    @Test
    void neverFollowsALinkInTheChosenFolderNorOverwrites() throws Exception {
        Path out = Files.createDirectory(tmp.resolve("out"));
        Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
        // A planted link where the export would make its folder, and a file it would write.
        Files.createSymbolicLink(out.resolve("added"), elsewhere);
        RootfsExport.Result r = export.saveFolder("/added", diff().entries(), out, () -> false);
        assertThat(r.files()).isZero();
        try (var s = Files.list(elsewhere)) {
            assertThat(s).isEmpty();
        }
        Path out2 = Files.createDirectory(tmp.resolve("out2"));
        Files.createDirectories(out2.resolve("added"));
        Files.writeString(out2.resolve("added/hello.txt"), "mine");
        RootfsExport.Result r2 = export.saveFolder("/added", diff().entries(), out2, () -> false);
        assertThat(Files.readString(out2.resolve("added/hello.txt"))).isEqualTo("mine");
        assertThat(r2.skipped()).anyMatch(s -> s.contains("exists, not overwritten"));
        assertThat(r2.files()).isEqualTo(1);
    }
}
