package io.checkpointinspector.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every entry of a nested tar as evidence: types, owners, devices, mode bits, times, hashes, hostile names. */
class RootfsMembersTest {

    private static NestedTar.Listing listing(Compression compression) throws IOException {
        return NestedTar.inspect(new ByteArrayInputStream(TarBuilder.compress(EvidenceTars.everyType(), compression)),
                "cp.tar!rootfs-diff.tar", OpenOptions.defaults(), NestedTar.Hashing.SMALL);
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void everyEntryIsListedWithItsTarTypeInOrder(Compression compression) throws IOException {
        List<TarMember> m = listing(compression).members();
        assertThat(m).extracting(TarMember::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
                15);
        assertThat(m).extracting(TarMember::tarType).containsExactly("dir", "regular", "regular", "dir", "symlink",
                "hardlink", "char", "block", "fifo", "regular", "regular", "hardlink", "regular", "regular", "regular",
                "regular");
        assertThat(m.get(4).linkTarget()).isEqualTo("/proc/mounts");
        assertThat(m.get(5).linkTarget()).isEqualTo("usr/bin/su");
        // The safety rules still keep hostile entries out of what is read as content.
        assertThat(listing(compression).entries()).extracting(EntryInfo::name).doesNotContain("etc/shadow")
                .hasSize(13);
    }

    @Test
    void ownersDevicesAndSpecialModeBitsAreAsRecorded() throws IOException {
        List<TarMember> m = listing(Compression.NONE).members();
        TarMember su = m.get(1);
        assertThat(su.mode()).isEqualTo(04755);
        assertThat(su.facts()).extracting(TarFacts::uid, TarFacts::gid, TarFacts::userName, TarFacts::groupName)
                .containsExactly(0L, 0L, "root", "root");
        assertThat(m.get(2).mode()).isEqualTo(02755);
        assertThat(m.get(2).facts().groupName()).isEqualTo("tty");
        assertThat(m.get(2).facts().gid()).isEqualTo(5);
        assertThat(m.get(3).mode()).isEqualTo(01777);
        assertThat(m.get(6).facts()).extracting(TarFacts::typeflag, TarFacts::devMajor, TarFacts::devMinor)
                .containsExactly('3', 1L, 3L);
        assertThat(m.get(6).facts().isDevice()).isTrue();
        assertThat(m.get(7).facts()).extracting(TarFacts::typeflag, TarFacts::devMajor, TarFacts::devMinor,
                TarFacts::groupName).containsExactly('4', 8L, 0L, "disk");
        assertThat(m.get(8).facts()).extracting(TarFacts::uid, TarFacts::userName).containsExactly(1000L, "alice");
        // Ids too big for the octal field travel in pax records.
        assertThat(m.get(15).facts()).extracting(TarFacts::uid, TarFacts::gid).containsExactly(3_000_000L,
                3_000_000L);
        assertThat(m.get(15).modified()).isEqualTo(EvidenceTars.LATE);
        assertThat(m.get(1).modified()).isEqualTo(EvidenceTars.BACKDATED);
        assertThat(m.get(2).modified()).isEqualTo(EvidenceTars.BASE);
    }

    @Test
    void hostileEntriesAreListedAndFlaggedNeverAccepted() throws IOException {
        NestedTar.Listing listing = listing(Compression.GZIP);
        List<TarMember> m = listing.members();
        assertThat(m.get(9)).extracting(TarMember::name, TarMember::refused)
                .containsExactly("../../etc/shadow", TarMember.Refusal.ESCAPES);
        assertThat(m.get(10)).extracting(TarMember::name, TarMember::refused)
                .containsExactly("/etc/cron.d/evil", TarMember.Refusal.ESCAPES);
        assertThat(m.get(11).refused()).isEqualTo(TarMember.Refusal.HARDLINK_ESCAPES);
        assertThat(m.get(12).refused()).isNull();
        assertThat(m.get(13)).extracting(TarMember::name, TarMember::refused)
                .containsExactly("etc/motd", TarMember.Refusal.DUPLICATE);
        assertThat(m.stream().filter(x -> x.refused() != null)).hasSize(4);
        assertThat(listing.warnings()).contains(
                "entry '../../etc/shadow' escapes the checkpoint root: listed as hostile, never saved");
    }

    @Test
    void smallRegularFilesAreHashedWhileListingLargeOnesOnDemand() throws Exception {
        List<TarMember> m = listing(Compression.ZSTD).members();
        assertThat(m.get(1).sha256()).isEqualTo(sha256(EvidenceTars.SU));
        assertThat(m.get(9).sha256()).isEqualTo(sha256(EvidenceTars.EVIL));
        assertThat(m.get(13).sha256()).isEqualTo(sha256("second\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(m.get(4).sha256()).isNull();
        assertThat(m.get(6).sha256()).isNull();
        assertThat(m.get(14).sha256()).as("larger than the per-file limit").isNull();

        byte[] tar = TarBuilder.compress(EvidenceTars.everyType(), Compression.ZSTD);
        AtomicLong progress = new AtomicLong();
        assertThat(NestedTar.sha256(new ByteArrayInputStream(tar), "x", "var/big.bin", () -> false, progress::set))
                .contains(sha256(EvidenceTars.bigContent()));
        assertThat(progress.get()).isEqualTo(EvidenceTars.BIG_BYTES);
        assertThat(NestedTar.sha256(new ByteArrayInputStream(tar), "x", "dev/null", () -> false, d -> { })).isEmpty();
        assertThat(NestedTar.sha256(new ByteArrayInputStream(tar), "x", "nope", () -> false, d -> { })).isEmpty();
        assertThat(NestedTar.sha256(new ByteArrayInputStream(tar), "x", "etc/motd", () -> false, d -> { }))
                .as("the first of a repeated name").contains(sha256("first\n".getBytes(StandardCharsets.UTF_8)));
        AtomicLong calls = new AtomicLong();
        assertThatThrownBy(() -> NestedTar.sha256(new ByteArrayInputStream(tar), "x", "var/big.bin",
                () -> calls.incrementAndGet() > 16, d -> { })).isInstanceOf(CancellationException.class);
    }

    @Test
    void noHashingUnlessAskedAndAllWhenAsked() throws IOException {
        byte[] tar = EvidenceTars.everyType();
        assertThat(NestedTar.inspect(new ByteArrayInputStream(tar), "x", OpenOptions.defaults()).members())
                .allMatch(x -> x.sha256() == null);
        assertThat(NestedTar.inspect(new ByteArrayInputStream(tar), "x", OpenOptions.defaults(),
                NestedTar.Hashing.ALL).members().get(14).sha256()).isNotNull();
    }

    @Test
    void v7HeadersHaveIdsButNoNamesAndPaxNamesOverrideTheHeader() throws IOException {
        byte[] v7 = RawTar.header("old.txt", '0', 0, null);
        // Blank out the ustar magic and version: a v7 header has neither, nor names or device numbers.
        for (int i = 257; i < 265; i++) {
            v7[i] = 0;
        }
        fixChecksum(v7);
        byte[] tar = new RawTar().raw(v7)
                .pax(RawTar.paxRecord("uname", "mallory") + RawTar.paxRecord("gid", "4242"))
                .entry("new.txt", '0', new byte[0]).end();
        List<TarMember> m = NestedTar.inspect(new ByteArrayInputStream(tar), "x", OpenOptions.defaults()).members();
        assertThat(m.get(0).facts()).extracting(TarFacts::uid, TarFacts::userName, TarFacts::devMajor)
                .containsExactly(0L, null, -1L);
        assertThat(m.get(1).facts()).extracting(TarFacts::userName, TarFacts::gid).containsExactly("mallory", 4242L);
    }

    private static void fixChecksum(byte[] b) {
        for (int i = 148; i < 156; i++) {
            b[i] = ' ';
        }
        long sum = 0;
        for (byte x : b) {
            sum += x & 0xff;
        }
        byte[] v = String.format("%06o", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(v, 0, b, 148, 6);
        b[154] = 0;
        b[155] = ' ';
    }
}
