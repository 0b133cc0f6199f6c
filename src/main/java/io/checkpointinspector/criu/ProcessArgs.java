package io.checkpointinspector.criu;

import io.checkpointinspector.criu.proto.MmEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the memory of {@code [mm_arg_start, mm_arg_end)} into argv and of {@code [mm_env_start,
 * mm_env_end)} into environment variables, the way the kernel's /proc/PID/cmdline and environ
 * present them.
 *
 * <p>argv: NUL-terminated strings; a last argument without its NUL is kept. If the byte before
 * {@code mm_arg_end} is not NUL the process has rewritten its title (setproctitle): like the
 * kernel, the command line is then the single string from {@code mm_arg_start} up to the first
 * NUL, which may run on into the environment area. Environment: NUL-separated {@code NAME=value}
 * strings split at the first {@code =}; strings without {@code =} are kept with a null value; empty
 * strings (padding) are dropped. Bytes are decoded as UTF-8 (invalid sequences replaced).
 */
public final class ProcessArgs {

  /** How much of the data could be recovered. */
  public enum Status {
    RECOVERED,
    /** Recovered, but shortened (size cap) or the setproctitle tail is missing. */
    PARTIAL,
    /** The pages of the range are (partly) not in the checkpoint. */
    NOT_RECOVERABLE
  }

  /**
   * Command line.
   *
   * @param status recovery status
   * @param args the arguments (empty if not recoverable)
   * @param setproctitle true if the process had overwritten its argument area
   * @param problem explanation for PARTIAL / NOT_RECOVERABLE, else null
   */
  public record Argv(Status status, List<String> args, boolean setproctitle, String problem) {
    public Argv {
      args = List.copyOf(args);
    }

    /** Arguments joined by spaces, as {@code ps} shows them. */
    public String commandLine() {
      return String.join(" ", args);
    }
  }

  /** One environment string: {@code value} is null when the string has no {@code =}. */
  public record EnvVar(String name, String value) {}

  /**
   * Environment.
   *
   * @param status recovery status
   * @param vars the strings in order, duplicates kept
   * @param problem explanation for PARTIAL / NOT_RECOVERABLE, else null
   */
  public record Environment(Status status, List<EnvVar> vars, String problem) {
    public Environment {
      vars = List.copyOf(vars);
    }

    /** Ordered map; the first occurrence of a name wins (as getenv does). */
    public Map<String, String> asMap() {
      Map<String, String> m = new LinkedHashMap<>();
      for (EnvVar v : vars) {
        if (!m.containsKey(v.name())) {
          m.put(v.name(), v.value());
        }
      }
      return Collections.unmodifiableMap(m);
    }
  }

  private ProcessArgs() {}

  /** The argv range of {@code mm} (empty when end is not above start). */
  public static PageCollector.Range argRange(MmEntry mm) {
    return new PageCollector.Range(mm.getMmArgStart(), mm.getMmArgEnd());
  }

  /** The environment range of {@code mm}. */
  public static PageCollector.Range envRange(MmEntry mm) {
    return new PageCollector.Range(mm.getMmEnvStart(), mm.getMmEnvEnd());
  }

  /**
   * argv from the memory of the argument area and, for the setproctitle case, of the environment
   * area ({@code env} may be null).
   */
  public static Argv argv(MemoryRead args, MemoryRead env) {
    String missing = missing(args);
    if (missing != null) {
      return new Argv(Status.NOT_RECOVERABLE, List.of(), false, missing);
    }
    byte[] a = args.data();
    boolean capped = !args.gaps().isEmpty();
    if (a.length == 0) {
      return new Argv(capped ? Status.PARTIAL : Status.RECOVERED, List.of(), false,
          capped ? "argument area not read (size cap)" : null);
    }
    if (a[a.length - 1] == 0 || capped) {
      List<String> out = splitNul(a, true);
      return new Argv(capped ? Status.PARTIAL : Status.RECOVERED, out, false,
          capped ? "argument area truncated to " + a.length + " bytes (size cap)" : null);
    }
    // setproctitle: one string up to the first NUL, possibly continuing into the env area
    int nul = indexOf(a, 0, a.length);
    if (nul >= 0) {
      return new Argv(Status.RECOVERED, List.of(utf8(a, 0, nul)), true, null);
    }
    if (env == null) {
      return new Argv(Status.PARTIAL, List.of(utf8(a, 0, a.length)), true,
          "command line continues into the environment area, which was not read");
    }
    byte[] e = env.data();
    long firstGap = firstGapOffset(env);
    int limit = (int) Math.min(e.length, firstGap);
    int enul = indexOf(e, 0, limit);
    if (enul >= 0) {
      byte[] all = new byte[a.length + enul];
      System.arraycopy(a, 0, all, 0, a.length);
      System.arraycopy(e, 0, all, a.length, enul);
      return new Argv(Status.RECOVERED, List.of(utf8(all, 0, all.length)), true, null);
    }
    byte[] all = new byte[a.length + limit];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(e, 0, all, a.length, limit);
    String why = limit < e.length || firstGap != Long.MAX_VALUE
        ? "command line continues into environment pages that are not in the checkpoint"
        : null;
    return new Argv(why == null ? Status.RECOVERED : Status.PARTIAL,
        List.of(utf8(all, 0, all.length)), true, why);
  }

  /** argv from plain bytes (everything present). */
  public static Argv argv(byte[] args, byte[] env) {
    return argv(new MemoryRead(0, args, List.of()),
        env == null ? null : new MemoryRead(0, env, List.of()));
  }

  /** Environment from the memory of the environment area. */
  public static Environment environment(MemoryRead env) {
    String missing = missing(env);
    if (missing != null) {
      return new Environment(Status.NOT_RECOVERABLE, List.of(), missing);
    }
    boolean capped = !env.gaps().isEmpty();
    List<EnvVar> vars = new ArrayList<>();
    for (String s : splitNul(env.data(), false)) {
      int eq = s.indexOf('=');
      vars.add(eq < 0 ? new EnvVar(s, null) : new EnvVar(s.substring(0, eq), s.substring(eq + 1)));
    }
    return new Environment(capped ? Status.PARTIAL : Status.RECOVERED, vars,
        capped ? "environment truncated to " + env.data().length + " bytes (size cap)" : null);
  }

  /** Environment from plain bytes. */
  public static Environment environment(byte[] env) {
    return environment(new MemoryRead(0, env, List.of()));
  }

  /** Text for gaps other than the size cap, or null if there are none. */
  private static String missing(MemoryRead r) {
    if (r == null) {
      return "not recoverable: memory not read";
    }
    long n = 0;
    MemoryRead.Reason first = null;
    for (MemoryRead.Gap g : r.gaps()) {
      if (g.reason() != MemoryRead.Reason.CAPPED) {
        n += g.length();
        if (first == null) {
          first = g.reason();
        }
      }
    }
    if (first == null) {
      return null;
    }
    String why = switch (first) {
      case NOT_DUMPED -> "pages not dumped";
      case IN_PARENT -> "pages are in the parent checkpoint";
      case NOT_IN_PARENT -> "pages are in the parent checkpoint, which does not hold them";
      case LAZY -> "pages were left to lazy restore";
      case PAGES_TRUNCATED -> "pages image is truncated";
      case CAPPED -> "size cap";
    };
    return "not recoverable: " + why + " (" + n + " of " + (r.data().length) + " bytes missing)";
  }

  private static long firstGapOffset(MemoryRead r) {
    long best = Long.MAX_VALUE;
    for (MemoryRead.Gap g : r.gaps()) {
      best = Math.min(best, g.vaddr() - r.vaddr());
    }
    return best;
  }

  private static List<String> splitNul(byte[] b, boolean keepEmpty) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < b.length; i++) {
      if (b[i] == 0) {
        if (keepEmpty || i > start) {
          out.add(utf8(b, start, i));
        }
        start = i + 1;
      }
    }
    if (start < b.length) {
      out.add(utf8(b, start, b.length));
    }
    return out;
  }

  private static int indexOf(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == 0) {
        return i;
      }
    }
    return -1;
  }

  private static String utf8(byte[] b, int from, int to) {
    return new String(b, from, to - from, StandardCharsets.UTF_8);
  }
}
