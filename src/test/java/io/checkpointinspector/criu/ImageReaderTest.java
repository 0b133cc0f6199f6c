package io.checkpointinspector.criu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import io.checkpointinspector.criu.proto.BpfmapDataEntry;
import io.checkpointinspector.criu.proto.CoreEntry;
import io.checkpointinspector.criu.proto.DumpStatsEntry;
import io.checkpointinspector.criu.proto.FdTypes;
import io.checkpointinspector.criu.proto.FdinfoEntry;
import io.checkpointinspector.criu.proto.GhostChunkEntry;
import io.checkpointinspector.criu.proto.GhostFileEntry;
import io.checkpointinspector.criu.proto.InventoryEntry;
import io.checkpointinspector.criu.proto.Lsmtype;
import io.checkpointinspector.criu.proto.PagemapEntry;
import io.checkpointinspector.criu.proto.PagemapHead;
import io.checkpointinspector.criu.proto.PipeDataEntry;
import io.checkpointinspector.criu.proto.PluginsEntry;
import io.checkpointinspector.criu.proto.PstreeEntry;
import io.checkpointinspector.criu.proto.StatsEntry;
import io.checkpointinspector.criu.proto.TaskCoreEntry;
import io.checkpointinspector.criu.proto.TaskKobjIdsEntry;
import io.checkpointinspector.criu.proto.TcpStreamEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageReaderTest {

  private static final ImageReader.Limits L = ImageReader.Limits.DEFAULT;

  private static PstreeEntry pstree(int pid, int ppid, int... threads) {
    PstreeEntry.Builder b = PstreeEntry.newBuilder().setPid(pid).setPpid(ppid).setPgid(pid)
        .setSid(pid);
    for (int t : threads) {
      b.addThreads(t);
    }
    return b.build();
  }

  @Test
  void commonFramingWithSeveralRecords() throws IOException {
    byte[] img = Images.common(0x50273030)
        .record(pstree(1, 0, 1))
        .record(pstree(7, 1, 7, 8, 9))
        .build();
    ImageReader.DecodedImage d = ImageReader.read("checkpoint/pstree.img", img, L);
    assertThat(d.kind()).isEqualTo(ImageKind.PSTREE);
    assertThat(d.magic()).isEqualTo(0x50273030);
    assertThat(d.prefix()).isEqualTo(ImagePrefix.COMMON);
    assertThat(d.warnings()).isEmpty();
    assertThat(d.truncated()).isFalse();
    List<PstreeEntry> p = d.recordsOf(PstreeEntry.class);
    assertThat(p).hasSize(2);
    assertThat(p.get(1).getPid()).isEqualTo(7);
    assertThat(p.get(1).getThreadsList()).containsExactly(7, 8, 9);
    assertThat(d.entries().get(0).offset()).isEqualTo(8);
    assertThat(d.entries().get(1).offset()).isEqualTo(8 + 4 + pstree(1, 0, 1).getSerializedSize());
  }

  @Test
  void serviceFramingForStats() throws IOException {
    StatsEntry s = StatsEntry.newBuilder()
        .setDump(DumpStatsEntry.newBuilder().setFreezingTime(1200).setFrozenTime(34567)
            .setMemdumpTime(800).setMemwriteTime(900).setPagesScanned(5000)
            .setPagesSkippedParent(0).setPagesWritten(1234).setPagesLazy(0).setPagePipes(3)
            .setShpagesScanned(7))
        .build();
    byte[] img = Images.service(0x57093306).record(s).build();
    ImageReader.DecodedImage d = ImageReader.read("stats-dump", img, L);
    assertThat(d.kind()).isEqualTo(ImageKind.STATS);
    assertThat(d.prefix()).isEqualTo(ImagePrefix.SERVICE);
    assertThat(d.warnings()).isEmpty();
    StatsEntry got = d.first(StatsEntry.class).orElseThrow();
    assertThat(got.getDump().getFrozenTime()).isEqualTo(34567);
    assertThat(got.getDump().getPagesWritten()).isEqualTo(1234);
    assertThat(got.getDump().getShpagesScanned()).isEqualTo(7);
  }

  @Test
  void inventoryHasOnlyItsOwnMagic() throws IOException {
    InventoryEntry inv = InventoryEntry.newBuilder()
        .setImgVersion(2).setFdinfoPerId(true).setNsPerId(true).setRootCgSet(1)
        .setLsmtype(Lsmtype.SELINUX).setDumpUptime(123456789L).setPreDumpMode(1)
        .setTcpClose(false).setNetworkLockMethod(2)
        .setPluginsEntry(PluginsEntry.newBuilder().addPlugins("cuda_plugin"))
        .setRootIds(TaskKobjIdsEntry.newBuilder().setVmId(1).setFilesId(2).setFsId(3)
            .setSighandId(4).setPidNsId(5).setTimeNsId(12))
        .build();
    byte[] img = Images.bare(0x58313116).record(inv).build();
    ImageReader.DecodedImage d = ImageReader.read("inventory.img", img, L);
    assertThat(d.kind()).isEqualTo(ImageKind.INVENTORY);
    assertThat(d.prefix()).isEqualTo(ImagePrefix.NONE);
    assertThat(d.warnings()).isEmpty();
    InventoryEntry got = d.first(InventoryEntry.class).orElseThrow();
    assertThat(got.getImgVersion()).isEqualTo(2);
    assertThat(got.getLsmtype()).isEqualTo(Lsmtype.SELINUX);
    assertThat(got.getDumpUptime()).isEqualTo(123456789L);
    assertThat(got.getNetworkLockMethod()).isEqualTo(2);
    assertThat(got.getPluginsEntry().getPluginsList()).containsExactly("cuda_plugin");
    assertThat(got.getRootIds().getTimeNsId()).isEqualTo(12);
  }

  @Test
  void inventoryWithCommonPrefixIsWarnedButDecoded() throws IOException {
    byte[] img = Images.common(0x58313116)
        .record(InventoryEntry.newBuilder().setImgVersion(2)).build();
    ImageReader.DecodedImage d = ImageReader.read("inventory.img", img, L);
    assertThat(d.records()).hasSize(1);
    assertThat(d.warnings()).singleElement().asString().contains("unexpected COMMON magic");
  }

  @Test
  void imageWithoutCommonMagicIsOldFormat() throws IOException {
    byte[] img = Images.bare(0x50273030).record(pstree(1, 0)).build();
    ImageReader.DecodedImage d = ImageReader.read("pstree.img", img, L);
    assertThat(d.records()).hasSize(1);
    assertThat(d.warnings()).singleElement().asString().contains("images v1");
  }

  @Test
  void sizeZeroRecordsAreEmptyMessages() throws IOException {
    byte[] img = Images.common(0x50273030)
        .rawRecord(new byte[0]).record(pstree(5, 1)).rawRecord(new byte[0]).build();
    ImageReader.DecodedImage d = ImageReader.read("pstree.img", img, L);
    assertThat(d.records()).hasSize(3);
    assertThat(d.records().get(0)).isEqualTo(PstreeEntry.getDefaultInstance());
    assertThat(((PstreeEntry) d.records().get(0)).hasPid()).isFalse();
    assertThat(((PstreeEntry) d.records().get(1)).getPid()).isEqualTo(5);
    assertThat(d.records().get(2)).isEqualTo(PstreeEntry.getDefaultInstance());
    assertThat(d.warnings()).isEmpty();
  }

  @Test
  void unknownMagicThrowsWithEntryNameAndHex() {
    byte[] img = Images.common(0x1234abcd).record(pstree(1, 0)).build();
    assertThatThrownBy(() -> ImageReader.read("checkpoint/core-1.img", img, L))
        .isInstanceOf(CriuImageException.class)
        .hasMessage("checkpoint/core-1.img: unknown image magic 0x1234abcd");
  }

  @Test
  void missingMagicThrows() {
    assertThatThrownBy(() -> ImageReader.read("x.img", new byte[0], L))
        .isInstanceOf(CriuImageException.class).hasMessageContaining("x.img: empty file");
    assertThatThrownBy(() -> ImageReader.read("x.img", new byte[] {0x19, 0x43}, L))
        .isInstanceOf(CriuImageException.class).hasMessageContaining("too short");
    assertThatThrownBy(() -> ImageReader.read("core-1.img", Images.bare(Images.COMMON).build(), L))
        .isInstanceOf(CriuImageException.class).hasMessageContaining("image magic missing");
  }

  @Test
  void emptyImageKnownByNameIsAWarning() throws IOException {
    ImageReader.DecodedImage d = ImageReader.read("checkpoint/fdinfo-2.img", new byte[0], L);
    assertThat(d.kind()).isEqualTo(ImageKind.FDINFO);
    assertThat(d.records()).isEmpty();
    assertThat(d.warnings()).singleElement().asString().contains("empty image");
  }

  @Test
  void magicNotMatchingFileNameIsAWarningAndMagicWins() throws IOException {
    byte[] img = Images.common(0x50273030).record(pstree(3, 1)).build();
    ImageReader.DecodedImage d = ImageReader.read("checkpoint/core-3.img", img, L);
    assertThat(d.kind()).isEqualTo(ImageKind.PSTREE);
    assertThat(d.records()).hasSize(1);
    assertThat(d.warnings()).singleElement().asString()
        .startsWith("checkpoint/core-3.img: image magic 0x50273030 (PSTREE) does not match")
        .contains("CORE");
  }

  @Test
  void sharedMagicUsesTheNameToPickTheKind() throws IOException {
    byte[] img = Images.common(0x56084025)
        .record(PagemapHead.newBuilder().setPagesId(4)).build();
    assertThat(ImageReader.read("pagemap-shmem-77.img", img, L).kind())
        .isEqualTo(ImageKind.SHMEM_PAGEMAP);
    assertThat(ImageReader.read("pagemap-77.img", img, L).kind()).isEqualTo(ImageKind.PAGEMAP);
    assertThat(ImageReader.read(null, img, L).kind()).isEqualTo(ImageKind.PAGEMAP);
  }

  @Test
  void pagemapHeadThenEntries() throws IOException {
    byte[] img = Images.common(0x56084025)
        .record(PagemapHead.newBuilder().setPagesId(3))
        .record(PagemapEntry.newBuilder().setVaddr(0x400000).setCompatNrPages(2).setFlags(4))
        .record(PagemapEntry.newBuilder().setVaddr(0x7f0000).setCompatNrPages(0).setNrPages(5))
        .build();
    ImageReader.DecodedImage d = ImageReader.read("pagemap-1.img", img, L);
    assertThat(d.records().get(0)).isInstanceOf(PagemapHead.class);
    assertThat(((PagemapHead) d.records().get(0)).getPagesId()).isEqualTo(3);
    assertThat(d.recordsOf(PagemapEntry.class)).extracting(PagemapEntry::getVaddr)
        .containsExactly(0x400000L, 0x7f0000L);
  }

  @Test
  void rawImageByNameHasNoRecordsAndReadsNothing() throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(new byte[8192]);
    ImageReader.DecodedImage d = ImageReader.read("checkpoint/pages-1.img", in, L);
    assertThat(d.kind()).isEqualTo(ImageKind.PAGES);
    assertThat(d.prefix()).isEqualTo(ImagePrefix.RAW);
    assertThat(d.records()).isEmpty();
    assertThat(in.available()).isEqualTo(8192);
  }

  @Test
  void knownButUndecodedImage() throws IOException {
    byte[] img = Images.common(0x46283044).rawRecord(new byte[] {8, 1}).build();
    ImageReader.DecodedImage d = ImageReader.read("ipcns-shm-9.img", img, L);
    assertThat(d.kind()).isEqualTo(ImageKind.IPCNS_SHM);
    assertThat(d.records()).isEmpty();
    assertThat(d.warnings()).singleElement().asString().contains("not decoded");
  }

  @Test
  void unknownFieldsAndUnknownEnumValuesAreKept() throws IOException {
    FdinfoEntry known = FdinfoEntry.newBuilder().setId(5).setFlags(2).setFd(3).build();
    UnknownFieldSet extra = UnknownFieldSet.newBuilder()
        .addField(3, UnknownFieldSet.Field.newBuilder().addVarint(42).build())
        .addField(99, UnknownFieldSet.Field.newBuilder().addVarint(7).build())
        .addField(100, UnknownFieldSet.Field.newBuilder()
            .addLengthDelimited(ByteString.copyFromUtf8("new")).build())
        .build();
    byte[] rec = concat(known.toByteArray(), extra.toByteArray());
    byte[] img = Images.common(0x56213732).rawRecord(rec).build();
    ImageReader.DecodedImage d = ImageReader.read("fdinfo-2.img", img, L);
    FdinfoEntry got = (FdinfoEntry) d.records().get(0);
    assertThat(d.warnings()).isEmpty();
    assertThat(got.getId()).isEqualTo(5);
    assertThat(got.hasType()).isFalse();
    assertThat(RawFields.enumNumber(got, "type")).hasValue(42);
    assertThat(RawFields.enumLabel(got, "type")).isEqualTo("42 (unknown)");
    assertThat(RawFields.hasUnknownEnumValue(got, "type")).isTrue();
    assertThat(got.getUnknownFields().getField(99).getVarintList()).containsExactly(7L);
    assertThat(got.getUnknownFields().getField(100).getLengthDelimitedList().get(0)
        .toStringUtf8()).isEqualTo("new");

    FdinfoEntry reg = FdinfoEntry.newBuilder().setType(FdTypes.REG).build();
    assertThat(RawFields.enumLabel(reg, "type")).isEqualTo("REG");
    assertThat(RawFields.enumNumber(reg, "type")).hasValue(1);
    assertThat(RawFields.enumLabel(FdinfoEntry.getDefaultInstance(), "type")).isNull();
  }

  @Test
  void recordThatFailsToParseKeepsPartialMessage() throws IOException {
    // field 1 (pid) = 9, then field 2 with the invalid wire type 7
    byte[] bad = {0x08, 0x09, 0x17, 0x01};
    byte[] img = Images.common(0x50273030).rawRecord(bad).record(pstree(2, 1)).build();
    ImageReader.DecodedImage d = ImageReader.read("pstree.img", img, L);
    assertThat(d.records()).hasSize(2);
    assertThat(d.entries().get(0).partial()).isTrue();
    assertThat(((PstreeEntry) d.records().get(0)).getPid()).isEqualTo(9);
    assertThat(((PstreeEntry) d.records().get(1)).getPid()).isEqualTo(2);
    assertThat(d.warnings()).singleElement().asString()
        .startsWith("pstree.img: record #0 at byte 8 does not parse");
  }

  @Test
  void truncationInsideRecordIsAWarning() throws IOException {
    byte[] full = Images.common(0x50273030).record(pstree(1, 0)).record(pstree(2, 1, 2, 3))
        .build();
    byte[] cut = Arrays.copyOf(full, full.length - 2);
    ImageReader.DecodedImage d = ImageReader.read("pstree.img", cut, L);
    assertThat(d.truncated()).isTrue();
    assertThat(d.records()).hasSizeBetween(1, 2);
    assertThat(((PstreeEntry) d.records().get(0)).getPid()).isEqualTo(1);
    assertThat(d.warnings()).anySatisfy(w -> assertThat(w).contains("truncated at byte "
        + cut.length));

    byte[] cutSize = Arrays.copyOf(full, 8 + 4 + pstree(1, 0).getSerializedSize() + 2);
    ImageReader.DecodedImage d2 = ImageReader.read("pstree.img", cutSize, L);
    assertThat(d2.records()).hasSize(1);
    assertThat(d2.warnings()).singleElement().asString().contains("partial size prefix");
  }

  @Test
  void truncatedAtEveryOffsetNeverThrowsAnythingElse() throws IOException {
    CoreEntry core = CoreEntry.newBuilder().setMtype(CoreEntry.March.X86_64)
        .setTc(TaskCoreEntry.newBuilder().setComm("bash").setTaskState(1).setExitCode(0)
            .setPersonality(0).setFlags(0x400100).setBlkSigset(0))
        .build();
    byte[] full = Images.common(0x56453709)
        .record(PipeDataEntry.newBuilder().setPipeId(3).setBytes(5))
        .bytes("hello".getBytes(StandardCharsets.US_ASCII))
        .record(PipeDataEntry.newBuilder().setPipeId(4).setBytes(0))
        .build();
    for (byte[] image : List.of(full, Images.common(0x55053847).record(core).record(core)
        .build())) {
      String name = image == full ? "pipes-data.img" : "core-1.img";
      int complete = ImageReader.read(name, image, L).records().size();
      for (int len = 0; len <= image.length; len++) {
        byte[] cut = Arrays.copyOf(image, len);
        try {
          ImageReader.DecodedImage d = ImageReader.read(name, cut, L);
          assertThat(d.records().size()).isLessThanOrEqualTo(complete);
          if (len == image.length) {
            assertThat(d.warnings()).isEmpty();
            assertThat(d.records()).hasSize(complete);
          } else if (len > 8) {
            assertThat(d.truncated() || d.records().size() < complete).isTrue();
          }
        } catch (CriuImageException e) {
          assertThat(len).isLessThan(8); // only a missing magic is fatal
          assertThat(e.getMessage()).startsWith(name + ": ");
        }
      }
    }
  }

  @Test
  void recordLargerThanLimitIsAnError() {
    byte[] img = Images.common(0x50273030).u32(100 << 20).bytes(new byte[16]).build();
    assertThatThrownBy(() -> ImageReader.read("pstree.img", img, L))
        .isInstanceOf(CriuImageException.class)
        .hasMessageContaining("record #0 declares 104857600 bytes")
        .hasMessageContaining("at byte 8");
    byte[] img2 = Images.common(0x50273030).u32(0xffffffff).build();
    assertThatThrownBy(() -> ImageReader.read("pstree.img", img2, L))
        .isInstanceOf(CriuImageException.class).hasMessageContaining("4294967295");
  }

  @Test
  void declaredSizeWithinLimitButStreamShortDoesNotAllocateItAll() throws IOException {
    ImageReader.Limits big = new ImageReader.Limits(Integer.MAX_VALUE, 10, 16);
    byte[] img = Images.common(0x50273030).u32(Integer.MAX_VALUE).bytes(new byte[] {8, 1})
        .build();
    ImageReader.DecodedImage d = ImageReader.read("pstree.img", img, big);
    assertThat(d.truncated()).isTrue();
    assertThat(d.records()).hasSize(1);
    assertThat(((PstreeEntry) d.records().get(0)).getPid()).isEqualTo(1);
  }

  @Test
  void recordCountLimit() {
    Images b = Images.common(0x50273030);
    for (int i = 0; i < 5; i++) {
      b.record(pstree(i + 1, 0));
    }
    assertThatThrownBy(() -> ImageReader.read("pstree.img", b.build(),
        new ImageReader.Limits(1024, 4, 0)))
        .isInstanceOf(CriuImageException.class).hasMessageContaining("more than 4 records");
  }

  @Test
  void pipeDataPayloadIsSkippedAndPreviewed() throws IOException {
    byte[] img = Images.common(0x56453709)
        .record(PipeDataEntry.newBuilder().setPipeId(11).setBytes(6).setSize(65536))
        .bytes("abcdef".getBytes(StandardCharsets.US_ASCII))
        .record(PipeDataEntry.newBuilder().setPipeId(12).setBytes(3))
        .bytes(new byte[] {1, 2, 3})
        .build();
    ImageReader.DecodedImage d =
        ImageReader.read("pipes-data.img", img, new ImageReader.Limits(1 << 20, 100, 4));
    assertThat(d.records()).hasSize(2);
    assertThat(d.warnings()).isEmpty();
    ImageReader.ExtraPayload x = d.entries().get(0).extra();
    assertThat(x.declaredLength()).isEqualTo(6);
    assertThat(x.head()).containsExactly('a', 'b', 'c', 'd');
    assertThat(d.entries().get(1).extra().head()).containsExactly(1, 2, 3);
    assertThat(((PipeDataEntry) d.records().get(1)).getPipeId()).isEqualTo(12);
  }

  @Test
  void tcpStreamAndBpfPayloads() throws IOException {
    byte[] tcp = Images.common(0x51465506)
        .record(TcpStreamEntry.newBuilder().setInqLen(3).setOutqLen(2).setInqSeq(1)
            .setOutqSeq(2).setOptMask(0).setSndWscale(7).setMssClamp(1460))
        .bytes(new byte[] {'i', 'n', 'q', 'o', 'q'})
        .build();
    ImageReader.DecodedImage t = ImageReader.read("tcp-stream-1a2b.img", tcp, L);
    assertThat(t.kind()).isEqualTo(ImageKind.TCP_STREAM);
    assertThat(t.entries().get(0).extra().head()).containsExactly('i', 'n', 'q', 'o', 'q');
    assertThat(t.warnings()).isEmpty();

    byte[] bpf = Images.common(0x64324033)
        .record(BpfmapDataEntry.newBuilder().setMapId(1).setKeysBytes(8).setValuesBytes(16)
            .setCount(2))
        .bytes(new byte[24])
        .record(BpfmapDataEntry.newBuilder().setMapId(2).setKeysBytes(0).setValuesBytes(0))
        .build();
    ImageReader.DecodedImage b = ImageReader.read("bpfmap-data.img", bpf, L);
    assertThat(b.records()).hasSize(2);
    assertThat(b.entries().get(0).extra().declaredLength()).isEqualTo(24);
    assertThat(b.warnings()).isEmpty();

    byte[] cut = Arrays.copyOf(tcp, tcp.length - 1);
    ImageReader.DecodedImage tc = ImageReader.read("tcp-stream-1a2b.img", cut, L);
    assertThat(tc.truncated()).isTrue();
    assertThat(tc.entries().get(0).extra().truncated()).isTrue();
    assertThat(tc.warnings()).singleElement().asString().contains("payload after record #0");
  }

  @Test
  void ghostFileWholeContentAndChunks() throws IOException {
    byte[] whole = Images.common(0x52583605)
        .record(GhostFileEntry.newBuilder().setUid(0).setGid(0).setMode(0100644).setSize(10))
        .bytes("0123456789".getBytes(StandardCharsets.US_ASCII))
        .build();
    ImageReader.DecodedImage w = ImageReader.read("ghost-file-1f.img", whole, L);
    assertThat(w.records()).hasSize(1);
    assertThat(w.entries().get(0).extra().readLength()).isEqualTo(10);
    assertThat(w.warnings()).isEmpty();

    byte[] chunked = Images.common(0x52583605)
        .record(GhostFileEntry.newBuilder().setMode(0100600).setChunks(true).setSize(8192))
        .record(GhostChunkEntry.newBuilder().setOff(0).setLen(4))
        .bytes("abcd".getBytes(StandardCharsets.US_ASCII))
        .record(GhostChunkEntry.newBuilder().setOff(4096).setLen(2))
        .bytes("xy".getBytes(StandardCharsets.US_ASCII))
        .build();
    ImageReader.DecodedImage c = ImageReader.read("ghost-file-20.img", chunked, L);
    assertThat(c.records()).hasSize(3);
    assertThat(c.records().get(1)).isInstanceOf(GhostChunkEntry.class);
    assertThat(((GhostChunkEntry) c.records().get(2)).getOff()).isEqualTo(4096);
    assertThat(c.entries().get(2).extra().head()).containsExactly('x', 'y');
    assertThat(c.warnings()).isEmpty();
  }

  @Test
  void streamingDeliversRecordsInOrder() throws IOException {
    byte[] img = Images.common(0x50273030).record(pstree(1, 0)).record(pstree(2, 1)).build();
    List<Integer> pids = new ArrayList<>();
    ImageReader.Summary s = ImageReader.stream("pstree.img", new ByteArrayInputStream(img), L,
        r -> pids.add(((PstreeEntry) r.message()).getPid()));
    assertThat(pids).containsExactly(1, 2);
    assertThat(s.recordCount()).isEqualTo(2);
    assertThat(s.bytesRead()).isEqualTo(img.length);
    assertThat(ImageReader.readKind("x", new ByteArrayInputStream(img)))
        .isEqualTo(ImageKind.PSTREE);
  }

  @Test
  void slowStreamIsReadCompletely() throws IOException {
    byte[] img = Images.common(0x50273030).record(pstree(1, 0, 1, 2, 3)).build();
    InputStream oneByteAtATime = new ByteArrayInputStream(img) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1));
      }
    };
    ImageReader.DecodedImage d = ImageReader.read("pstree.img", oneByteAtATime, L);
    assertThat(((PstreeEntry) d.records().get(0)).getThreadsList()).containsExactly(1, 2, 3);
  }

  @Test
  void randomBytesOnlyEverThrowTheDocumentedException() {
    Random rnd = new Random(12345);
    int[] magics = {0x55053847, 0x56084025, 0x56453709, 0x52583605, 0x56303138, 0x58313116};
    String[] names = {"core-1.img", "pagemap-1.img", "pipes-data.img", "ghost-file-1.img",
        "files.img", "inventory.img"};
    ImageReader.Limits small = new ImageReader.Limits(1 << 16, 10_000, 32);
    for (int i = 0; i < 3000; i++) {
      int k = i % magics.length;
      byte[] body = new byte[rnd.nextInt(200)];
      rnd.nextBytes(body);
      byte[] img = (k == 5 ? Images.bare(magics[k]) : Images.common(magics[k])).bytes(body)
          .build();
      try {
        ImageReader.DecodedImage d = ImageReader.read(names[k], img, small);
        for (Message m : d.records()) {
          RecordTree.toPlain(m);
          RecordTree.toNode("r", m);
        }
      } catch (CriuImageException expected) {
        assertThat(expected.getMessage()).startsWith(names[k] + ": ");
      } catch (IOException e) {
        throw new AssertionError("unexpected " + e, e);
      }
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
