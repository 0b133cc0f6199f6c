package io.checkpointinspector.criu;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.checkpointinspector.criu.proto.CoreEntry;
import io.checkpointinspector.criu.proto.FdTypes;
import io.checkpointinspector.criu.proto.FileEntry;
import io.checkpointinspector.criu.proto.InetSkEntry;
import io.checkpointinspector.criu.proto.MmEntry;
import io.checkpointinspector.criu.proto.MntEntry;
import io.checkpointinspector.criu.proto.PagemapEntry;
import io.checkpointinspector.criu.proto.RegFileEntry;
import io.checkpointinspector.criu.proto.RlimitEntry;
import io.checkpointinspector.criu.proto.SeccompFilter;
import io.checkpointinspector.criu.proto.TaskCoreEntry;
import io.checkpointinspector.criu.proto.TaskRlimitsEntry;
import io.checkpointinspector.criu.proto.ThreadInfoX86;
import io.checkpointinspector.criu.proto.UnixSkEntry;
import io.checkpointinspector.criu.proto.UserX86RegsEntry;
import io.checkpointinspector.criu.proto.VmaEntry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordTreeTest {

  @Test
  void addressesAreHexAndFlagsAreNamed() {
    MmEntry mm = MmEntry.newBuilder()
        .setMmStartCode(0x400000).setMmArgStart(0x7ffd1234abcdL).setExeFileId(9)
        .addMmSavedAuxv(33).addMmSavedAuxv(0x7ffd000)
        .addVmas(VmaEntry.newBuilder().setStart(0x400000).setEnd(0x401000).setPgoff(0)
            .setShmid(12).setProt(5).setFlags(0x2).setStatus((1 << 6) | 1).setFd(-1))
        .build();
    Map<String, Object> p = RecordTree.toPlain(mm);
    assertThat(p.get("mm_start_code")).isEqualTo("0x400000");
    assertThat(p.get("mm_arg_start")).isEqualTo("0x7ffd1234abcd");
    assertThat(p.get("exe_file_id")).isEqualTo(9L);
    assertThat(p.get("mm_saved_auxv")).isEqualTo(List.of(33L, 0x7ffd000L));
    @SuppressWarnings("unchecked")
    Map<String, Object> vma = ((List<Map<String, Object>>) p.get("vmas")).get(0);
    assertThat(vma.get("start")).isEqualTo("0x400000");
    assertThat(vma.get("end")).isEqualTo("0x401000");
    assertThat(vma.get("prot")).isEqualTo("PROT_READ | PROT_EXEC");
    assertThat(vma.get("flags")).isEqualTo("MAP_PRIVATE");
    assertThat(vma.get("status")).isEqualTo("VMA_AREA_REGULAR | VMA_FILE_PRIVATE");
    assertThat(vma.get("fd")).isEqualTo(-1L);
    assertThat(p.keySet()).doesNotContain("dumpable"); // unset fields are omitted

    PagemapEntry pe = PagemapEntry.newBuilder().setVaddr(0x7f00).setNrPages(2).setFlags(6 | 8)
        .build();
    Map<String, Object> pp = RecordTree.toPlain(pe);
    assertThat(pp.get("vaddr")).isEqualTo("0x7f00");
    assertThat(pp.get("flags")).isEqualTo("PE_LAZY | PE_PRESENT | 0x8");
  }

  @Test
  void socketsAndRegisters() {
    InetSkEntry sk = InetSkEntry.newBuilder().setId(3).setFamily(2).setType(1).setProto(6)
        .setState(10).setSrcPort(8080).addSrcAddr(0x0100007f).setFlags(0x802).build();
    Map<String, Object> p = RecordTree.toPlain(sk);
    assertThat(p).containsEntry("family", "INET").containsEntry("type", "STREAM")
        .containsEntry("proto", "TCP").containsEntry("state", "LISTEN")
        .containsEntry("src_port", 8080L).containsEntry("flags", "0x802")
        .containsEntry("src_addr", List.of("127.0.0.1"));
    InetSkEntry v6 = InetSkEntry.newBuilder().setFamily(10)
        .addAllSrcAddr(List.of(0, 0, 0, 0x01000000)).build();
    assertThat(RecordTree.toPlain(v6).get("src_addr")).isEqualTo(List.of("::1"));
    InetSkEntry v6b = InetSkEntry.newBuilder().setFamily(10)
        .addAllSrcAddr(List.of(0xb80d0120, 0, 0, 0x01000000)).build();
    assertThat(RecordTree.toPlain(v6b).get("src_addr")).isEqualTo(List.of("2001:db8::1"));

    ThreadInfoX86 ti = ThreadInfoX86.newBuilder().setClearTidAddr(0x7f12)
        .setGpregs(UserX86RegsEntry.newBuilder().setIp(0x401136).setAx(255)
            .setMode(io.checkpointinspector.criu.proto.UserX86RegsMode.COMPAT)).build();
    Map<String, Object> t = RecordTree.toPlain(ti);
    @SuppressWarnings("unchecked")
    Map<String, Object> regs = (Map<String, Object>) t.get("gpregs");
    assertThat(regs).containsEntry("ip", "0x401136").containsEntry("ax", "0xff")
        .containsEntry("mode", "COMPAT").doesNotContainKey("sp");
    assertThat(t.get("clear_tid_addr")).isEqualTo("0x7f12");
  }

  @Test
  void unknownFieldsAndEnumsAreShown() throws Exception {
    FileEntry fe = FileEntry.newBuilder().setId(4)
        .setReg(RegFileEntry.newBuilder().setId(4).setFlags(0100002).setName("/tmp/x").setPos(10))
        .build();
    UnknownFieldSet extra = UnknownFieldSet.newBuilder()
        .addField(1, UnknownFieldSet.Field.newBuilder().addVarint(77).build())
        .addField(40, UnknownFieldSet.Field.newBuilder().addFixed32(0xabcd).build())
        .addField(41, UnknownFieldSet.Field.newBuilder()
            .addLengthDelimited(ByteString.copyFrom(new byte[] {1, 2, (byte) 0xff})).build())
        .build();
    byte[] wire = concat(fe.toByteArray(), extra.toByteArray());
    FileEntry parsed = FileEntry.parseFrom(wire);
    Map<String, Object> p = RecordTree.toPlain(parsed);
    assertThat(p.get("type")).isEqualTo("77 (unknown)");
    assertThat(p.get("#40")).isEqualTo("fixed32 0xabcd");
    assertThat(p.get("#41")).isEqualTo("bytes[3] 0102ff");
    assertThat(p).doesNotContainKey("#1");
    @SuppressWarnings("unchecked")
    Map<String, Object> reg = (Map<String, Object>) p.get("reg");
    assertThat(reg.get("flags")).isEqualTo("O_RDWR | O_LARGEFILE");
    assertThat(reg.get("name")).isEqualTo("/tmp/x");
    assertThat(List.copyOf(p.keySet())).containsExactly("type", "id", "reg", "#40", "#41");

    RecordTree.Node n = RecordTree.toNode("files", parsed);
    assertThat(n.child("type").value()).isEqualTo("77 (unknown)");
    assertThat(n.child("reg").child("pos").value()).isEqualTo("10");
    assertThat(n.child("#41").isLeaf()).isTrue();
    assertThat(FileEntry.newBuilder().setType(FdTypes.PIDFD).build()).extracting(
        m -> RecordTree.toPlain(m).get("type")).isEqualTo("PIDFD");
  }

  @Test
  void bigUnsignedBytesAndNames() {
    TaskCoreEntry tc = TaskCoreEntry.newBuilder().setTaskState(1).setComm("top")
        .setBlkSigset(0x10000)
        .setRlimits(TaskRlimitsEntry.newBuilder().addRlimits(
            RlimitEntry.newBuilder().setCur(1024).setMax(-1L)))
        .build();
    Map<String, Object> p = RecordTree.toPlain(CoreEntry.newBuilder().setTc(tc)
        .setMtype(CoreEntry.March.AARCH64).build());
    assertThat(p.get("mtype")).isEqualTo("AARCH64");
    @SuppressWarnings("unchecked")
    Map<String, Object> t = (Map<String, Object>) p.get("tc");
    assertThat(t).containsEntry("task_state", "Alive").containsEntry("blk_sigset", "0x10000");
    @SuppressWarnings("unchecked")
    Map<String, Object> rl = ((List<Map<String, Object>>)
        ((Map<String, Object>) t.get("rlimits")).get("rlimits")).get(0);
    assertThat(rl).containsEntry("cur", 1024L).containsEntry("max", "18446744073709551615");

    SeccompFilter sf = SeccompFilter.newBuilder()
        .setFilter(ByteString.copyFrom(new byte[100])).setPrev(-1).build();
    Map<String, Object> s = RecordTree.toPlain(sf, new RecordTree.Options(4, 8));
    assertThat(s.get("filter")).isEqualTo("00000000… (100 bytes)");
    assertThat(s.get("prev")).isEqualTo(4294967295L);

    UnixSkEntry u = UnixSkEntry.newBuilder().setType(1).setState(10)
        .setName(ByteString.copyFrom("\0/tmp/.X11\n".getBytes())).build();
    Map<String, Object> up = RecordTree.toPlain(u);
    assertThat(up).containsEntry("type", "STREAM").containsEntry("state", "LISTEN")
        .containsEntry("name", "@/tmp/.X11\\x0a");

    MntEntry mnt = MntEntry.newBuilder().setFstype(17).setRootDev((8 << 20) | 3)
        .setMountpoint("/").build();
    assertThat(RecordTree.toPlain(mnt)).containsEntry("fstype", "OVERLAYFS")
        .containsEntry("root_dev", "8:3");
    assertThat(RecordTree.toPlain(MntEntry.newBuilder().setFstype(99).build()))
        .containsEntry("fstype", "99 (unknown)");
  }

  @Test
  void imageToPlainLooksLikeCrit() throws Exception {
    byte[] img = Images.common(0x56453709)
        .record(io.checkpointinspector.criu.proto.PipeDataEntry.newBuilder().setPipeId(1)
            .setBytes(3))
        .bytes(new byte[] {'a', 'b', 'c'})
        .build();
    Map<String, Object> p = RecordTree.imageToPlain(
        ImageReader.read("pipes-data.img", img, ImageReader.Limits.DEFAULT),
        RecordTree.Options.DEFAULT);
    assertThat(p.get("magic")).isEqualTo("PIPES_DATA");
    @SuppressWarnings("unchecked")
    Map<String, Object> e = ((List<Map<String, Object>>) p.get("entries")).get(0);
    assertThat(e).containsEntry("pipe_id", 1L).containsEntry("extra", "3 bytes: 616263");
    assertThat(RecordTree.isHexField("VmaEntry", "start")).isTrue();
    assertThat(RecordTree.isHexField("VmaEntry", "pgoff")).isFalse();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
