package io.checkpointinspector.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TarFormatTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
        "config.dump,config.dump", "./config.dump,config.dump", "././a//b/./c/,a/b/c", "checkpoint/,checkpoint",
        "a/b/../c,", "../x,", "/etc/x,", "./,", ".,"})
    void normalisesNames(String raw, String expected) {
        EntryNames.Result r = EntryNames.normalize(raw, 4096);
        assertThat(r.name()).isEqualTo(expected);
    }

    @Test
    void linkEscapeRules() {
        assertThat(EntryNames.linkEscapes("a/b/link", "../c", true)).isFalse();
        assertThat(EntryNames.linkEscapes("a/link", "../../c", true)).isTrue();
        assertThat(EntryNames.linkEscapes("a/b/link", "../c", false)).isTrue();
        assertThat(EntryNames.linkEscapes("x", "/etc/passwd", true)).isTrue();
        assertThat(EntryNames.resolveSymlink("dup/layer.tar", "../abc/layer.tar", 4096)).isEqualTo("abc/layer.tar");
        assertThat(EntryNames.resolveSymlink("dup/layer.tar", "../../abc", 4096)).isNull();
    }

    @Test
    void numericFieldsAcceptOctalAndBase256() {
        byte[] h = RawTar.header("f", '0', 8L << 30, null);
        assertThat(TarHeader.checksumMatches(h)).isTrue();
        assertThat(TarHeader.parse(h).size()).isEqualTo(8L << 30);
        byte[] small = RawTar.header("f", '0', 12345, null);
        assertThat(TarHeader.parse(small).size()).isEqualTo(12345);
        small[130] = '9';
        assertThat(TarHeader.parse(small).size()).isEqualTo(-1);
    }

    @ParameterizedTest
    @CsvSource({"LONGFILE_GNU", "LONGFILE_POSIX"})
    void longNamesFromGnuAndPaxWritersAreRead(String mode) throws IOException {
        String longName = "checkpoint/" + "sub/".repeat(40) + "pages-1.img";
        String longLink = "target/" + "t/".repeat(60);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(buf)) {
            out.setLongFileMode(mode.equals("LONGFILE_GNU") ? TarArchiveOutputStream.LONGFILE_GNU
                    : TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry config = new TarArchiveEntry("config.dump");
            config.setSize(2);
            out.putArchiveEntry(config);
            out.write("{}".getBytes());
            out.closeArchiveEntry();
            TarArchiveEntry e = new TarArchiveEntry(longName);
            e.setSize(3);
            out.putArchiveEntry(e);
            out.write("abc".getBytes());
            out.closeArchiveEntry();
            TarArchiveEntry link = new TarArchiveEntry("checkpoint/link", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName(longLink);
            out.putArchiveEntry(link);
            out.closeArchiveEntry();
        }
        Path file = Files.write(dir.resolve("long.tar"), buf.toByteArray());
        try (CheckpointSource source = CheckpointSources.open(file)) {
            RandomAccessEntries ra = source.randomAccess().orElseThrow();
            assertThat(ra.find(longName).orElseThrow().size()).isEqualTo(3);
            assertThat(ra.open(longName).readAllBytes()).isEqualTo("abc".getBytes());
            assertThat(ra.find("checkpoint/link").orElseThrow().linkTarget()).isEqualTo(longLink);
        }
    }

    @Test
    void subSecondTimesWrittenAsPaxRecordsAreRead() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        java.time.Instant when = java.time.Instant.parse("2024-05-01T10:15:30.1234567Z");
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(buf)) {
            out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            TarArchiveEntry e = new TarArchiveEntry("config.dump");
            e.setSize(2);
            e.setLastModifiedTime(java.nio.file.attribute.FileTime.from(when));
            out.putArchiveEntry(e);
            out.write("{}".getBytes());
            out.closeArchiveEntry();
        }
        Path file = Files.write(dir.resolve("t.tar"), buf.toByteArray());
        try (CheckpointSource source = CheckpointSources.open(file)) {
            EntryInfo e = source.randomAccess().orElseThrow().find("config.dump").orElseThrow();
            assertThat(e.modified()).isEqualTo(when);
        }
    }
}
