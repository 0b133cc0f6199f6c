package io.checkpointinspector.helper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file-system rules for export targets and restore archives, checked with a caller other than root (uid 65534,
 * nobody). Needs root, as the helper does: it chowns files and takes nobody's file-system identity.
 */
class FileChecksTest {

    private static final int NOBODY = 65534;
    private final Caller nobody = Caller.of(NOBODY);
    private final Caller root = Caller.of(0);

    @TempDir
    Path tmp;

    @BeforeAll
    static void needsRoot() {
        assumeTrue(Posix.geteuid() == 0, "these tests need root (the helper runs as root)");
    }

    private Path dirOwnedBy(String name, int uid) throws IOException {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path d = Files.createDirectory(tmp.resolve(name));
        Files.setAttribute(d, "unix:uid", uid);
        Files.setAttribute(d, "unix:gid", uid == 0 ? 0 : NOBODY);
        return d;
    }

    @Test
    void anExistingExportTargetIsRefused() throws Exception {
        Path d = dirOwnedBy("mine", NOBODY);
        Path target = Files.writeString(d.resolve("exists.tar"), "x");
        assertThatThrownBy(() -> ExportTarget.check(target, nobody)).isInstanceOf(RefusedException.class)
                .hasMessageContaining("already exists");
        // a dangling symlink exists too
        Path link = Files.createSymbolicLink(d.resolve("link.tar"), Path.of("/etc/owned-by-the-helper"));
        assertThatThrownBy(() -> ExportTarget.check(link, nobody)).hasMessageContaining("already exists");
        assertThatThrownBy(() -> ExportTarget.reserve(link, nobody)).hasMessageContaining("already exists");
        assertThat(Path.of("/etc/owned-by-the-helper")).doesNotExist();
    }

    @Test
    void aFolderOwnedBySomeoneElseIsRefused() throws Exception {
        Path d = dirOwnedBy("roots", 0);
        assertThatThrownBy(() -> ExportTarget.check(d.resolve("x.tar"), nobody))
                .isInstanceOf(RefusedException.class)
                .hasMessageContaining("is owned by uid 0, not by the calling user (uid 65534)");
        Path theirs = dirOwnedBy("theirs", NOBODY);
        assertThatThrownBy(() -> ExportTarget.check(theirs.resolve("x.tar"), root))
                .hasMessageContaining("owned by uid 65534, not by the calling user (uid 0)");
    }

    @Test
    void aFolderReachedThroughASymlinkIsRefused() throws Exception {
        Path real = dirOwnedBy("real", NOBODY);
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        Files.getFileAttributeView(link, java.nio.file.attribute.PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS).setOwner(tmp.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName("nobody"));
        assertThatThrownBy(() -> ExportTarget.check(link.resolve("x.tar"), nobody))
                .hasMessageContaining("export folder is a symlink");
        Files.createDirectory(real.resolve("sub"));
        Files.setAttribute(real.resolve("sub"), "unix:uid", NOBODY);
        assertThatThrownBy(() -> ExportTarget.check(link.resolve("sub").resolve("x.tar"), nobody))
                .hasMessageContaining("reached through a symlink");
    }

    @Test
    void aMissingFolderIsRefused() {
        assertThatThrownBy(() -> ExportTarget.check(tmp.resolve("nope/x.tar"), nobody))
                .hasMessageContaining("does not exist");
    }

    @Test
    void theExportIsCreatedByTheUserAndBelongsToThem() throws Exception {
        Path d = dirOwnedBy("mine", NOBODY);
        Path target = d.resolve("x.tar");
        ExportTarget.check(target, nobody);
        try (FileChannel c = ExportTarget.reserve(target, nobody)) {
            c.write(java.nio.ByteBuffer.wrap("data".getBytes()));
        }
        assertThat(Files.getAttribute(target, "unix:uid")).isEqualTo(NOBODY);
        assertThat(Files.getAttribute(target, "unix:gid")).isEqualTo(NOBODY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
        assertThat(Files.readString(target)).isEqualTo("data");
    }

    @Test
    void theUserCannotBeMadeToWriteWhereOnlyRootMay() throws Exception {
        // The folder check passes (nobody owns it), then it is made unwritable: creation as the user must fail,
        // although root could create the file.
        Path d = dirOwnedBy("mine", NOBODY);
        ExportTarget.check(d.resolve("x.tar"), nobody);
        Files.setAttribute(d, "unix:uid", 0);
        assertThatThrownBy(() -> ExportTarget.reserve(d.resolve("x.tar"), nobody))
                .isInstanceOf(RefusedException.class).hasMessageContaining("cannot create");
        assertThat(d.resolve("x.tar")).doesNotExist();
    }

    @Test
    void anArchiveTheUserCannotReadIsRefused() throws Exception {
        Path d = dirOwnedBy("files", 0);
        Path secret = Files.writeString(d.resolve("secret.tar"), "root only");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> ArchiveSource.open(secret, nobody)).isInstanceOf(RefusedException.class)
                .hasMessageContaining("not readable by the calling user (uid 65534)");
        // root itself may
        try (ArchiveSource s = ArchiveSource.open(secret, root)) {
            assertThat(Files.readString(s.procPath())).isEqualTo("root only");
        }
        // a world-readable file in a folder nobody cannot enter is unreadable too
        Path closed = dirOwnedBy("closed", 0);
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        Path inside = Files.writeString(closed.resolve("open.tar"), "x");
        assertThatThrownBy(() -> ArchiveSource.open(inside, nobody)).hasMessageContaining("not readable");
        // a symlink of the user's to a root file does not help
        Path mine = dirOwnedBy("mine", NOBODY);
        Path link = Files.createSymbolicLink(mine.resolve("link.tar"), secret);
        assertThatThrownBy(() -> ArchiveSource.open(link, nobody)).hasMessageContaining("not readable");
    }

    @Test
    void anArchiveTheUserCanReadIsOpenedAsThatFile() throws Exception {
        Path mine = dirOwnedBy("mine", NOBODY);
        Path archive = Files.writeString(mine.resolve("a.tar"), "user data");
        Files.setAttribute(archive, "unix:uid", NOBODY);
        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-------"));
        try (ArchiveSource s = ArchiveSource.open(archive, nobody)) {
            // swapping the path afterwards changes nothing: the open file is what podman gets
            Files.move(archive, mine.resolve("moved.tar"));
            Files.createSymbolicLink(archive, Path.of("/etc/shadow"));
            assertThat(Files.readString(s.procPath())).isEqualTo("user data");
        }
    }

    @Test
    void aFolderIsNotAnArchive() throws Exception {
        Path mine = dirOwnedBy("mine", NOBODY);
        assertThatThrownBy(() -> ArchiveSource.open(mine, nobody)).hasMessageContaining("not a regular file");
    }

    @Test
    void otherThreadsKeepRootsIdentity() throws Exception {
        Path d = dirOwnedBy("files", 0);
        Path secret = Files.writeString(d.resolve("secret"), "x");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        AsUser.run(nobody, () -> {
            assertThat(Files.isReadable(secret)).isTrue(); // access(2) uses the real uid: still root
            assertThatThrownBy(() -> Files.readString(secret)).isInstanceOf(java.nio.file.AccessDeniedException.class);
            return null;
        });
        assertThat(Files.readString(secret)).isEqualTo("x");
    }
}
