package io.checkpointinspector.criu;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkpointinspector.criu.proto.MmEntry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessArgsTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void plainArgv() {
    ProcessArgs.Argv a = ProcessArgs.argv(b("/bin/sh\0-c\0echo hi\0"), null);
    assertThat(a.status()).isEqualTo(ProcessArgs.Status.RECOVERED);
    assertThat(a.args()).containsExactly("/bin/sh", "-c", "echo hi");
    assertThat(a.setproctitle()).isFalse();
    assertThat(a.commandLine()).isEqualTo("/bin/sh -c echo hi");
    assertThat(a.problem()).isNull();
  }

  @Test
  void emptyArgumentsAreKept() {
    assertThat(ProcessArgs.argv(b("prog\0\0x\0"), null).args()).containsExactly("prog", "", "x");
    assertThat(ProcessArgs.argv(new byte[0], null).args()).isEmpty();
    assertThat(ProcessArgs.argv(new byte[0], null).status())
        .isEqualTo(ProcessArgs.Status.RECOVERED);
  }

  @Test
  void setproctitleInsideArgArea() {
    // title "nginx: worker" followed by NUL padding, last byte not NUL
    ProcessArgs.Argv a = ProcessArgs.argv(b("nginx: worker\0\0\0zz"), b("HOME=/\0"));
    assertThat(a.setproctitle()).isTrue();
    assertThat(a.args()).containsExactly("nginx: worker");
    assertThat(a.status()).isEqualTo(ProcessArgs.Status.RECOVERED);
  }

  @Test
  void setproctitleOverflowingIntoEnv() {
    ProcessArgs.Argv a = ProcessArgs.argv(b("postgres: checkpointer pro"), b("cess\0HOME=/\0"));
    assertThat(a.setproctitle()).isTrue();
    assertThat(a.args()).containsExactly("postgres: checkpointer process");
    assertThat(a.status()).isEqualTo(ProcessArgs.Status.RECOVERED);

    ProcessArgs.Argv noEnv = ProcessArgs.argv(b("title without nul"), null);
    assertThat(noEnv.status()).isEqualTo(ProcessArgs.Status.PARTIAL);
    assertThat(noEnv.args()).containsExactly("title without nul");
  }

  @Test
  void setproctitleWithEnvPagesMissing() {
    MemoryRead args = new MemoryRead(0x1000, b("abc"), List.of());
    MemoryRead env = new MemoryRead(0x1003, new byte[8],
        List.of(new MemoryRead.Gap(0x1003, 8, MemoryRead.Reason.NOT_DUMPED)));
    ProcessArgs.Argv a = ProcessArgs.argv(args, env);
    assertThat(a.status()).isEqualTo(ProcessArgs.Status.PARTIAL);
    assertThat(a.args()).containsExactly("abc");
  }

  @Test
  void lastArgumentWithoutNulWhenCapped() {
    MemoryRead capped = new MemoryRead(0x1000, b("ls\0-la\0/ve"),
        List.of(new MemoryRead.Gap(0x100a, 20, MemoryRead.Reason.CAPPED)));
    ProcessArgs.Argv a = ProcessArgs.argv(capped, null);
    assertThat(a.status()).isEqualTo(ProcessArgs.Status.PARTIAL);
    assertThat(a.args()).containsExactly("ls", "-la", "/ve");
    assertThat(a.setproctitle()).isFalse();
  }

  @Test
  void notRecoverableWhenPagesAreMissing() {
    MemoryRead r = new MemoryRead(0x7ffc0000, new byte[32],
        List.of(new MemoryRead.Gap(0x7ffc0010, 16, MemoryRead.Reason.NOT_DUMPED)));
    ProcessArgs.Argv a = ProcessArgs.argv(r, null);
    assertThat(a.status()).isEqualTo(ProcessArgs.Status.NOT_RECOVERABLE);
    assertThat(a.args()).isEmpty();
    assertThat(a.problem()).isEqualTo("not recoverable: pages not dumped (16 of 32 bytes missing)");
    ProcessArgs.Environment e = ProcessArgs.environment(r);
    assertThat(e.status()).isEqualTo(ProcessArgs.Status.NOT_RECOVERABLE);
    assertThat(e.problem()).startsWith("not recoverable: pages not dumped");

    MemoryRead parent = new MemoryRead(0, new byte[4],
        List.of(new MemoryRead.Gap(0, 4, MemoryRead.Reason.IN_PARENT)));
    assertThat(ProcessArgs.argv(parent, null).problem()).contains("parent checkpoint");
  }

  @Test
  void environmentSplitsAtFirstEquals() {
    ProcessArgs.Environment e = ProcessArgs.environment(
        b("PATH=/usr/bin:/bin\0OPTS=a=b=c\0NOEQUALS\0EMPTY=\0PATH=/second\0\0\0"));
    assertThat(e.status()).isEqualTo(ProcessArgs.Status.RECOVERED);
    assertThat(e.vars()).containsExactly(
        new ProcessArgs.EnvVar("PATH", "/usr/bin:/bin"),
        new ProcessArgs.EnvVar("OPTS", "a=b=c"),
        new ProcessArgs.EnvVar("NOEQUALS", null),
        new ProcessArgs.EnvVar("EMPTY", ""),
        new ProcessArgs.EnvVar("PATH", "/second"));
    Map<String, String> m = e.asMap();
    assertThat(m.keySet()).containsExactly("PATH", "OPTS", "NOEQUALS", "EMPTY");
    assertThat(m.get("PATH")).isEqualTo("/usr/bin:/bin");
    assertThat(m).containsEntry("NOEQUALS", null);
  }

  @Test
  void environmentLastEntryWithoutNulAndUtf8() {
    ProcessArgs.Environment e = ProcessArgs.environment(b("LANG=de_DE.UTF-8\0GREETING=grüß"));
    assertThat(e.asMap()).containsEntry("GREETING", "grüß");
    ProcessArgs.Environment bad = ProcessArgs.environment(new byte[] {'X', '=', (byte) 0xff});
    assertThat(bad.asMap().get("X")).isEqualTo("\uFFFD");
  }

  @Test
  void rangesFromMm() {
    MmEntry mm = MmEntry.newBuilder().setMmArgStart(0x7ffd1000).setMmArgEnd(0x7ffd1020)
        .setMmEnvStart(0x7ffd1020).setMmEnvEnd(0x7ffd1100).build();
    assertThat(ProcessArgs.argRange(mm).length()).isEqualTo(0x20);
    assertThat(ProcessArgs.envRange(mm).length()).isEqualTo(0xe0);
    assertThat(new PageCollector.Range(10, 5).length()).isZero();
  }

  @Test
  void pageSizeFromAuxv() {
    assertThat(PageSize.fromSavedAuxv(List.of(33L, 0x7fffL, 6L, 16384L, 0L, 0L)))
        .hasValue(16384);
    assertThat(PageSize.fromSavedAuxv(List.of(6L, 12345L))).isEmpty();
    assertThat(PageSize.fromSavedAuxv(List.of(0L, 0L, 6L, 4096L))).isEmpty();
    assertThat(PageSize.fromSavedAuxv(List.of(6L))).isEmpty();
  }
}
