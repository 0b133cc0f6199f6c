package io.checkpointinspector.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.checkpointinspector.archive.CheckpointFormatException;
import io.checkpointinspector.archive.CheckpointSources;
import io.checkpointinspector.criu.MemoryRead;
import io.checkpointinspector.criu.PageCollector;
import io.checkpointinspector.criu.PageMapIndex;
import io.checkpointinspector.criu.proto.PagemapEntry;
import io.checkpointinspector.criu.proto.PagemapHead;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fuzzers' findings in criu and archive, fixed, as plain tests (their raw inputs are also regression seeds
 * under src/test/resources/io/checkpointinspector/fuzz/*Inputs).
 */
class FuzzFindingsTest {

    @TempDir
    Path dir;

    /** CriuImageFuzzTestInputs/decode/pagemap-entry-of-zero-pages: locate() returned a 0-byte segment. */
    @Test
    void pagemapEntryOfZeroPagesYieldsNoEmptySegment() {
        PageMapIndex index = PageMapIndex.of(PagemapHead.newBuilder().setPagesId(1).build(), List.of(
                PagemapEntry.newBuilder().setVaddr(0x401000).setCompatNrPages(1).setFlags(4).build(),
                PagemapEntry.newBuilder().setVaddr(0x100000).setCompatNrPages(0).setFlags(4).build()), 4096);
        List<PageMapIndex.Segment> segments = index.locate(0xfff9c, 0xc8);
        assertThat(segments).allMatch(s -> s.length() > 0);
        assertThat(segments).singleElement().satisfies(s -> {
            assertThat(s.vaddr()).isEqualTo(0xfff9c);
            assertThat(s.length()).isEqualTo(0xc8);
            assertThat(s.dumped()).isFalse();
        });
    }

    /**
     * CriuImageFuzzTestInputs/decode/mm-argument-range-of-2-pow-63: an mm image whose argument range spans 2^63
     * bytes or more made Range.length() negative, so PageCollector allocated an array of an arbitrary size (here
     * 95 MB with a 64 KiB cap) and the inspector's 4 MiB cap did not apply (a negative (int) length made
     * VirtualMemory.read throw IllegalArgumentException, a large one allocated up to 2 GiB).
     */
    @Test
    void argumentRangeOf2Pow63IsCappedNotWrapped() throws Exception {
        PageCollector.Range huge = new PageCollector.Range(0x7ffcf6d91dc8L, 0xff9f3db7fc8f9b66L);
        assertThat(huge.length()).isEqualTo(Long.MAX_VALUE);
        assertThat(new PageCollector.Range(0, -1L).length()).isEqualTo(Long.MAX_VALUE);
        assertThat(new PageCollector.Range(10, 5).length()).isZero();
        PageMapIndex index = PageMapIndex.of(PagemapHead.newBuilder().setPagesId(1).build(),
                List.of(PagemapEntry.newBuilder().setVaddr(0x7ffcf6d91000L).setNrPages(2).build()), 4096);
        Map<PageCollector.Range, MemoryRead> got = PageCollector.collect(index, List.of(huge),
                new ByteArrayInputStream(new byte[8192]), 1 << 16);
        assertThat(got.get(huge).length()).isEqualTo(1 << 16);
        assertThat(got.get(huge).gaps()).last().satisfies(g -> assertThat(g.reason())
                .isEqualTo(MemoryRead.Reason.CAPPED));
    }

    /**
     * ArchiveFuzzTestInputs/openScanAndRead/*-utf32-bad-codepoint.tar: Jackson reads a manifest starting with
     * 00 00 00 xx as UTF-32 and reports a bad code point with CharConversionException, which escaped open() as
     * a bare IOException ("error: Invalid UTF-32 character ..." without the source).
     */
    @Test
    void imageJsonInAnImpossibleEncodingIsACheckpointFormatException() throws Exception {
        byte[] json = {0, 0, 0, 0x5b, 0x22, 0x42, 0x6f, 0x6e, 0, 0, 0, 0x5d};
        for (String name : List.of("manifest.json", "index.json")) {
            Path file = Files.write(dir.resolve(name + ".tar"), FuzzSupport.tar(Map.of(name, json)));
            assertThatThrownBy(() -> CheckpointSources.open(file).close())
                    .isInstanceOf(CheckpointFormatException.class)
                    .hasMessageStartingWith(file + ": entry " + name + ": malformed JSON");
        }
    }
}
