package io.checkpointinspector.archive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * A rootfs diff holding one entry of every tar type a reviewer must see, with owners, special mode bits and
 * hostile names, built with commons-compress (names kept exactly as given). Shared by the archive, inspect, cli
 * and window tests.
 */
public final class EvidenceTars {

    /** Written an hour after {@link TarBuilder#MTIME}: the entry that changed "after the container started". */
    public static final Instant LATE = Instant.parse("2023-11-14T23:13:20Z");
    public static final byte[] SU = "#!/bin/sh\necho root\n".getBytes(StandardCharsets.UTF_8);
    public static final byte[] EVIL = "evil\n".getBytes(StandardCharsets.UTF_8);
    /** Bigger than what is hashed while listing ({@link NestedTar.Hashing#SMALL}'s per-file limit). */
    public static final int BIG_BYTES = (1 << 20) + 1;

    private EvidenceTars() {
    }

    /** Entry order (indexes of {@link TarMember#index()}): see the comments. */
    public static byte[] everyType() throws IOException {
        return TarBuilder.tar()
                .special("usr/", TarConstants.LF_DIR, e -> e.setMode(040755))                        // 0
                .file("usr/bin/su", SU, e -> {                                                           // 1
                    e.setMode(0104755);
                    e.setIds(0, 0);
                    e.setUserName("root");
                    e.setGroupName("root");
                })
                .file("usr/bin/wall", "w".getBytes(StandardCharsets.UTF_8), e -> {                      // 2
                    e.setMode(0102755);
                    e.setIds(0, 5);
                    e.setUserName("root");
                    e.setGroupName("tty");
                })
                .special("tmp/", TarConstants.LF_DIR, e -> e.setMode(041777))                        // 3
                .special("etc/mtab", TarConstants.LF_SYMLINK, e -> {                                   // 4
                    e.setLinkName("/proc/mounts");
                    e.setMode(0120777);
                })
                .special("usr/bin/su2", TarConstants.LF_LINK, e -> e.setLinkName("usr/bin/su"))        // 5
                .special("dev/null", TarConstants.LF_CHR, e -> {                                       // 6
                    e.setMode(020666);
                    e.setDevMajor(1);
                    e.setDevMinor(3);
                })
                .special("dev/sda", TarConstants.LF_BLK, e -> {                                        // 7
                    e.setMode(060660);
                    e.setIds(0, 6);
                    e.setGroupName("disk");
                    e.setDevMajor(8);
                    e.setDevMinor(0);
                })
                .special("run/app.fifo", TarConstants.LF_FIFO, e -> {                                  // 8
                    e.setMode(010600);
                    e.setIds(1000, 1000);
                    e.setUserName("alice");
                    e.setGroupName("alice");
                })
                .file("../../etc/shadow", EVIL, e -> { })                                               // 9
                .file("/etc/cron.d/evil", EVIL, e -> { })                                               // 10
                .special("usr/bin/passwd", TarConstants.LF_LINK, e -> e.setLinkName("../../etc/passwd"))  // 11
                .file("etc/motd", "first\n".getBytes(StandardCharsets.UTF_8), e -> { })                 // 12
                .file("etc/motd", "second\n".getBytes(StandardCharsets.UTF_8), e -> { })                // 13
                .file("var/big.bin", TarBuilder.random(BIG_BYTES, 7), e -> { })                        // 14
                .file("home/alice/late.txt", "late\n".getBytes(StandardCharsets.UTF_8), e -> {          // 15
                    e.setLastModifiedTime(FileTime.from(LATE));
                    e.setIds(3_000_000, 3_000_000);
                    e.setUserName("alice");
                    e.setGroupName("alice");
                })
                .bytes();
    }

    public static byte[] bigContent() {
        return TarBuilder.random(BIG_BYTES, 7);
    }
}
