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

    /** The second the fixture container was created in (created 07:42:18.797): most entries are of it. */
    public static final Instant BASE = Instant.parse("2026-11-22T07:42:18Z");
    /** After the creation, with a fraction (so in a pax record): the entry that changed later. */
    public static final Instant LATE = Instant.parse("2026-11-22T07:42:20.250Z");
    /** A setuid file dated years before the container existed (a time is whatever the writer set). */
    public static final Instant BACKDATED = Instant.parse("2020-01-01T00:00:00Z");
    /** When the real fixture was checkpointed (its inventory.img time). */
    public static final Instant CHECKPOINTED = Instant.parse("2026-11-22T07:42:21Z");
    public static final byte[] SU = "#!/bin/sh\necho root\n".getBytes(StandardCharsets.UTF_8);
    public static final byte[] EVIL = "evil\n".getBytes(StandardCharsets.UTF_8);
    /** Bigger than what is hashed while listing ({@link NestedTar.Hashing#SMALL}'s per-file limit). */
    public static final int BIG_BYTES = (1 << 20) + 1;

    private EvidenceTars() {
    }

    /** Entry order (indexes of {@link TarMember#index()}): see the comments. */
    public static byte[] everyType() throws IOException {
        return TarBuilder.tar()
                .special("usr/", TarConstants.LF_DIR, at(e -> e.setMode(040755)))                        // 0
                .file("usr/bin/su", SU, at(e -> {                                                           // 1
                    e.setMode(0104755);
                    e.setLastModifiedTime(FileTime.from(BACKDATED));
                    e.setIds(0, 0);
                    e.setUserName("root");
                    e.setGroupName("root");
                }))
                .file("usr/bin/wall", "w".getBytes(StandardCharsets.UTF_8), at(e -> {                      // 2
                    e.setMode(0102755);
                    e.setIds(0, 5);
                    e.setUserName("root");
                    e.setGroupName("tty");
                }))
                .special("tmp/", TarConstants.LF_DIR, at(e -> e.setMode(041777)))                        // 3
                .special("etc/mtab", TarConstants.LF_SYMLINK, at(e -> {                                   // 4
                    e.setLinkName("/proc/mounts");
                    e.setMode(0120777);
                }))
                .special("usr/bin/su2", TarConstants.LF_LINK, at(e -> e.setLinkName("usr/bin/su")))        // 5
                .special("dev/null", TarConstants.LF_CHR, at(e -> {                                       // 6
                    e.setMode(020666);
                    e.setDevMajor(1);
                    e.setDevMinor(3);
                }))
                .special("dev/sda", TarConstants.LF_BLK, at(e -> {                                        // 7
                    e.setMode(060660);
                    e.setIds(0, 6);
                    e.setGroupName("disk");
                    e.setDevMajor(8);
                    e.setDevMinor(0);
                }))
                .special("run/app.fifo", TarConstants.LF_FIFO, at(e -> {                                  // 8
                    e.setMode(010600);
                    e.setIds(1000, 1000);
                    e.setUserName("alice");
                    e.setGroupName("alice");
                }))
                .file("../../etc/shadow", EVIL, at(e -> { }))                                               // 9
                .file("/etc/cron.d/evil", EVIL, at(e -> { }))                                               // 10
                .special("usr/bin/passwd", TarConstants.LF_LINK, at(e -> e.setLinkName("../../etc/passwd")))  // 11
                .file("etc/motd", "first\n".getBytes(StandardCharsets.UTF_8), at(e -> { }))                 // 12
                .file("etc/motd", "second\n".getBytes(StandardCharsets.UTF_8), at(e -> { }))                // 13
                .file("var/big.bin", TarBuilder.random(BIG_BYTES, 7), at(e -> { }))                        // 14
                .file("home/alice/late.txt", "late\n".getBytes(StandardCharsets.UTF_8), at(e -> {          // 15
                    e.setLastModifiedTime(FileTime.from(LATE));
                    e.setIds(3_000_000, 3_000_000);
                    e.setUserName("alice");
                    e.setGroupName("alice");
                }))
                .bytes();
    }

    /** The real podman-none.tar's files with rootfs-diff.tar replaced by {@link #everyType()}, as an uncompressed tar. */
    public static java.nio.file.Path podmanCheckpoint(java.nio.file.Path target) throws IOException {
        TarBuilder t = TarBuilder.tar();
        for (var e : io.checkpointinspector.fuzz.FuzzSupport.podmanNoneFiles().entrySet()) {
            t.file(e.getKey(), e.getKey().equals("rootfs-diff.tar") ? everyType() : e.getValue(),
                    h -> h.setLastModifiedTime(FileTime.from(CHECKPOINTED)));
        }
        return t.write(target, Compression.NONE);
    }

    private static java.util.function.Consumer<org.apache.commons.compress.archivers.tar.TarArchiveEntry> at(
            java.util.function.Consumer<org.apache.commons.compress.archivers.tar.TarArchiveEntry> setup) {
        return e -> {
            e.setLastModifiedTime(FileTime.from(BASE));
            setup.accept(e);
        };
    }

    public static byte[] bigContent() {
        return TarBuilder.random(BIG_BYTES, 7);
    }
}
