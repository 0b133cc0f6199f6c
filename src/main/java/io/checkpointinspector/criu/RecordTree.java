package io.checkpointinspector.criu;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Generic, descriptor-driven view of a decoded record, similar to what {@code crit show} prints:
 * a tree of named nodes for a "raw images" view, or a plain {@code Map/List/String/Long} structure
 * for JSON-like output.
 *
 * <p>Presentation follows crit where it is cheap: addresses and masks in hex ({@code "0x7f..."}),
 * {@code PROT_*}/{@code MAP_*}/{@code O_*}/{@code PE_*} flag names, device numbers as {@code
 * major:minor}, socket family/type/state names, IP addresses. Unlike crit, bytes are shown as
 * capped hex, and nothing is lost: fields unknown to our schema appear as {@code "#<number>"}
 * entries with their wire type, enum numbers unknown to our schema as {@code "42 (unknown)"}.
 *
 * <p>In the plain structure integers are {@link Long}; a uint64 above {@link Long#MAX_VALUE} (e.g.
 * RLIM_INFINITY) is given as its unsigned decimal {@link String}. No method throws for any
 * message content.
 */
public final class RecordTree {

  /** A node: field name (or {@code [i]} for list items), value text, children. */
  public record Node(String name, String value, List<Node> children) {
    public Node {
      children = children == null ? List.of() : Collections.unmodifiableList(children);
    }

    /** True if the node has no children. */
    public boolean isLeaf() {
      return children.isEmpty();
    }

    /** The child with that name, or null. */
    public Node child(String childName) {
      for (Node c : children) {
        if (c.name().equals(childName)) {
          return c;
        }
      }
      return null;
    }
  }

  /**
   * Rendering options.
   *
   * @param maxBytes bytes shown of a bytes field (the rest is summarized)
   * @param maxDepth nesting depth after which sub-messages are summarized
   */
  public record Options(int maxBytes, int maxDepth) {
    public static final Options DEFAULT = new Options(64, 64);
  }

  private RecordTree() {}

  /** The tree of {@code msg} with root name {@code name}. */
  public static Node toNode(String name, Message msg) {
    return toNode(name, msg, Options.DEFAULT);
  }

  /** The tree of {@code msg} with root name {@code name}. */
  public static Node toNode(String name, Message msg, Options opt) {
    Object plain = toPlain(msg, opt);
    return node(name, plain);
  }

  /** Plain structure of {@code msg}: field name to value, in field-number order. */
  public static Map<String, Object> toPlain(Message msg) {
    return toPlain(msg, Options.DEFAULT);
  }

  /** Plain structure of {@code msg}: field name to value, in field-number order. */
  public static Map<String, Object> toPlain(Message msg, Options opt) {
    return new Renderer(opt).message(msg, false, 0);
  }

  /** A decoded image as crit shows it: {@code {"magic": "CORE", "entries": [...]}}. */
  public static Map<String, Object> imageToPlain(ImageReader.DecodedImage img, Options opt) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("magic", img.kind() == null ? "?" : img.kind().critName());
    List<Object> entries = new ArrayList<>();
    Renderer r = new Renderer(opt);
    for (ImageReader.Record rec : img.entries()) {
      Map<String, Object> e = r.message(rec.message(), false, 0);
      if (rec.extra() != null) {
        e.put("extra", extraSummary(rec.extra(), opt));
      }
      entries.add(e);
    }
    out.put("entries", entries);
    if (!img.warnings().isEmpty()) {
      out.put("warnings", new ArrayList<Object>(img.warnings()));
    }
    return out;
  }

  private static String extraSummary(ImageReader.ExtraPayload x, Options opt) {
    StringBuilder sb = new StringBuilder();
    sb.append(x.declaredLength()).append(" bytes");
    if (x.truncated()) {
      sb.append(" (truncated, ").append(x.readLength()).append(" present)");
    }
    if (x.head().length > 0) {
      sb.append(": ").append(hex(x.head(), Math.min(opt.maxBytes(), x.head().length)));
      if (x.head().length < x.readLength()) {
        sb.append("…");
      }
    }
    return sb.toString();
  }

  private static Node node(String name, Object plain) {
    if (plain instanceof Map<?, ?> m) {
      List<Node> kids = new ArrayList<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        kids.add(node(String.valueOf(e.getKey()), e.getValue()));
      }
      return new Node(name, "", kids);
    }
    if (plain instanceof List<?> l) {
      List<Node> kids = new ArrayList<>();
      for (int i = 0; i < l.size(); i++) {
        kids.add(node("[" + i + "]", l.get(i)));
      }
      return new Node(name, "[" + l.size() + "]", kids);
    }
    return new Node(name, String.valueOf(plain), List.of());
  }

  // ------------------------------------------------------------------------------------------
  // Presentation hints (ours, modelled on crit's field options).

  private enum Hint {
    HEX,
    HEX_TREE,
    DEV,
    ODEV,
    IPADDR,
    SK_DICT,
    TASK_STATE,
    MMAP_PROT,
    MMAP_FLAGS,
    MMAP_STATUS,
    RFILE_FLAGS,
    PMAP_FLAGS,
    SEALS_FLAGS,
    FSTYPE,
    UNIX_NAME
  }

  private static final Map<String, Hint> HINTS = new LinkedHashMap<>();

  private static void hint(Hint h, String msg, String... fields) {
    for (String f : fields) {
      HINTS.put(msg + "." + f, h);
    }
  }

  static {
    hint(Hint.HEX, "PagemapEntry", "vaddr");
    hint(Hint.PMAP_FLAGS, "PagemapEntry", "flags");
    hint(Hint.HEX, "VmaEntry", "start", "end", "madv", "fdflags");
    hint(Hint.MMAP_PROT, "VmaEntry", "prot");
    hint(Hint.MMAP_FLAGS, "VmaEntry", "flags");
    hint(Hint.MMAP_STATUS, "VmaEntry", "status");
    hint(
        Hint.HEX,
        "MmEntry",
        "mm_start_code",
        "mm_end_code",
        "mm_start_data",
        "mm_end_data",
        "mm_start_stack",
        "mm_start_brk",
        "mm_brk",
        "mm_arg_start",
        "mm_arg_end",
        "mm_env_start",
        "mm_env_end");
    hint(Hint.HEX, "TaskCoreEntry", "blk_sigset", "blk_sigset_extended",
        "membarrier_registration_mask");
    hint(Hint.TASK_STATE, "TaskCoreEntry", "task_state");
    hint(Hint.HEX, "ThreadInfoX86", "clear_tid_addr");
    hint(Hint.HEX_TREE, "ThreadInfoX86", "gpregs");
    hint(Hint.HEX, "UserX86CetEntry", "cet", "ssp");
    hint(Hint.HEX, "ThreadInfoAarch64", "clear_tid_addr");
    hint(Hint.HEX_TREE, "ThreadInfoAarch64", "gpregs");
    hint(Hint.HEX, "SaEntry", "sigaction", "flags", "restorer", "mask");
    hint(Hint.HEX, "SignalfdEntry", "flags", "sigmask");
    hint(Hint.HEX, "TimerfdEntry", "flags", "settime_flags");
    hint(Hint.HEX, "InotifyWdEntry", "mask", "ignored_mask");
    hint(Hint.DEV, "InotifyWdEntry", "s_dev");
    hint(Hint.HEX, "InotifyFileEntry", "flags");
    hint(Hint.HEX, "FanotifyMarkEntry", "mflags", "mask", "ignored_mask");
    hint(Hint.DEV, "FanotifyMarkEntry", "s_dev");
    hint(Hint.HEX, "FanotifyFileEntry", "flags", "faflags", "evflags");
    hint(Hint.HEX, "MntEntry", "flags", "sb_flags");
    hint(Hint.DEV, "MntEntry", "root_dev");
    hint(Hint.FSTYPE, "MntEntry", "fstype");
    hint(Hint.HEX, "UnixSkEntry", "flags", "uflags");
    hint(Hint.SK_DICT, "UnixSkEntry", "type", "state");
    hint(Hint.UNIX_NAME, "UnixSkEntry", "name");
    hint(Hint.HEX, "InetSkEntry", "flags");
    hint(Hint.SK_DICT, "InetSkEntry", "family", "type", "proto", "state");
    hint(Hint.IPADDR, "InetSkEntry", "src_addr", "dst_addr");
    hint(Hint.HEX, "PacketSockEntry", "flags");
    hint(Hint.HEX, "NetlinkSkEntry", "flags");
    hint(Hint.HEX, "PipeEntry", "flags");
    hint(Hint.HEX, "TtyFileEntry", "flags");
    hint(Hint.HEX, "TcpStreamEntry", "opt_mask");
    hint(Hint.RFILE_FLAGS, "RegFileEntry", "flags");
    hint(Hint.RFILE_FLAGS, "MemfdFileEntry", "flags");
    hint(Hint.RFILE_FLAGS, "BpfmapFileEntry", "flags");
    hint(Hint.SEALS_FLAGS, "MemfdInodeEntry", "seals");
    hint(Hint.DEV, "GhostFileEntry", "dev");
    hint(Hint.ODEV, "GhostFileEntry", "rdev");
    hint(Hint.ODEV, "IrmapCacheEntry", "dev");
  }

  private static final String[][] MMAP_PROT = {{"PROT_READ", "1"}, {"PROT_WRITE", "2"},
      {"PROT_EXEC", "4"}};
  private static final String[][] MMAP_FLAGS = {{"MAP_SHARED", "1"}, {"MAP_PRIVATE", "2"},
      {"MAP_DROPPABLE", "8"}, {"MAP_ANON", "32"}, {"MAP_GROWSDOWN", "256"}};
  private static final String[][] MMAP_STATUS = {
      {"VMA_AREA_REGULAR", "1"}, {"VMA_AREA_STACK", "2"}, {"VMA_AREA_VSYSCALL", "4"},
      {"VMA_AREA_VDSO", "8"}, {"VMA_AREA_HEAP", "32"}, {"VMA_FILE_PRIVATE", "64"},
      {"VMA_FILE_SHARED", "128"}, {"VMA_ANON_SHARED", "256"}, {"VMA_ANON_PRIVATE", "512"},
      {"VMA_AREA_SYSVIPC", "1024"}, {"VMA_AREA_SOCKET", "2048"}, {"VMA_AREA_VVAR", "4096"},
      {"VMA_AREA_AIORING", "8192"}, {"VMA_AREA_MEMFD", "16384"}, {"VMA_AREA_SHSTK", "32768"},
      {"VMA_AREA_UPROBES", "131072"}, {"VMA_UNSUPP", "2147483648"}};
  private static final String[][] RFILE_FLAGS = {
      {"O_WRONLY", "1"}, {"O_RDWR", "2"}, {"O_CREAT", "64"}, {"O_EXCL", "128"},
      {"O_NOCTTY", "256"}, {"O_TRUNC", "512"}, {"O_APPEND", "1024"}, {"O_NONBLOCK", "2048"},
      {"O_DSYNC", "4096"}, {"FASYNC", "8192"}, {"O_DIRECT", "16384"}, {"O_LARGEFILE", "32768"},
      {"O_DIRECTORY", "65536"}, {"O_NOFOLLOW", "131072"}, {"O_NOATIME", "262144"},
      {"O_CLOEXEC", "524288"}};
  private static final String[][] PMAP_FLAGS = {{"PE_PARENT", "1"}, {"PE_LAZY", "2"},
      {"PE_PRESENT", "4"}};
  private static final String[][] SEALS_FLAGS = {{"F_SEAL_SEAL", "1"}, {"F_SEAL_SHRINK", "2"},
      {"F_SEAL_GROW", "4"}, {"F_SEAL_WRITE", "8"}, {"F_SEAL_FUTURE_WRITE", "16"}};

  private static final Map<String, Map<Long, String>> SK = new LinkedHashMap<>();

  static {
    SK.put("family", Map.of(1L, "UNIX", 2L, "INET", 10L, "INET6", 16L, "NETLINK", 17L, "PACKET"));
    SK.put("type", Map.of(1L, "STREAM", 2L, "DGRAM", 3L, "RAW", 5L, "SEQPACKET", 10L, "PACKET"));
    SK.put(
        "state",
        Map.of(1L, "ESTABLISHED", 2L, "SYN_SENT", 3L, "SYN_RECV", 4L, "FIN_WAIT1", 5L,
            "FIN_WAIT2", 6L, "TIME_WAIT", 7L, "CLOSE", 8L, "CLOSE_WAIT", 9L, "LAST_ACK", 10L,
            "LISTEN"));
    SK.put("proto", Map.of(0L, "IP", 6L, "TCP", 17L, "UDP", 136L, "UDPLITE"));
  }

  private static final Map<Long, String> TASK_STATE =
      Map.of(1L, "Alive", 2L, "Dead", 3L, "Stopped", 6L, "Zombie");

  /** True if {@code Msg.field} is shown in hex (addresses, masks). */
  public static boolean isHexField(String messageName, String fieldName) {
    Hint h = HINTS.get(messageName + "." + fieldName);
    return h == Hint.HEX || h == Hint.HEX_TREE;
  }

  /** crit-style flags text, e.g. {@code "PROT_READ | PROT_WRITE"}; unknown bits as hex. */
  static String flags(long value, String[][] map) {
    List<String> parts = new ArrayList<>();
    long rest = value;
    for (String[] e : map) {
      long bit = Long.parseLong(e[1]);
      if ((value & bit) != 0) {
        parts.add(e[0]);
        rest &= ~bit;
      }
    }
    if (rest != 0) {
      parts.add("0x" + Long.toHexString(rest));
    }
    return String.join(" | ", parts);
  }

  /** Formats the 1 (IPv4) or 4 (IPv6) network-order words of a CRIU address field. */
  public static String ipAddress(List<Integer> words) {
    if (words.size() == 1) {
      int w = words.get(0);
      return (w & 0xff) + "." + (w >>> 8 & 0xff) + "." + (w >>> 16 & 0xff) + "." + (w >>> 24 & 0xff);
    }
    if (words.size() == 4) {
      byte[] b = new byte[16];
      for (int i = 0; i < 4; i++) {
        int w = words.get(i);
        b[i * 4] = (byte) w;
        b[i * 4 + 1] = (byte) (w >>> 8);
        b[i * 4 + 2] = (byte) (w >>> 16);
        b[i * 4 + 3] = (byte) (w >>> 24);
      }
      try {
        String s = java.net.InetAddress.getByAddress(b).getHostAddress();
        return compressV6(s);
      } catch (java.net.UnknownHostException e) {
        return hex(b, 16);
      }
    }
    List<String> parts = new ArrayList<>();
    for (int w : words) {
      parts.add(String.format(Locale.ROOT, "0x%08x", w));
    }
    return String.join(",", parts);
  }

  /** Java prints IPv6 uncompressed ("0:0:0:0:0:0:0:1"); shorten to the usual "::1" form. */
  private static String compressV6(String s) {
    if (s.contains(".")) {
      return s; // IPv4-mapped, already short
    }
    String[] g = s.split(":", -1);
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < g.length; ) {
      if (g[i].equals("0")) {
        int j = i;
        while (j < g.length && g[j].equals("0")) {
          j++;
        }
        if (j - i > bestLen && j - i > 1) {
          bestStart = i;
          bestLen = j - i;
        }
        i = j;
      } else {
        i++;
      }
    }
    if (bestStart < 0) {
      return s;
    }
    String left = String.join(":", java.util.Arrays.copyOfRange(g, 0, bestStart));
    String right = String.join(":", java.util.Arrays.copyOfRange(g, bestStart + bestLen, g.length));
    return left + "::" + right;
  }

  /** Lower-case hex of the first n bytes. */
  public static String hex(byte[] b, int n) {
    StringBuilder sb = new StringBuilder(n * 2);
    for (int i = 0; i < n && i < b.length; i++) {
      sb.append(Character.forDigit(b[i] >> 4 & 0xf, 16)).append(Character.forDigit(b[i] & 0xf, 16));
    }
    return sb.toString();
  }

  // ------------------------------------------------------------------------------------------

  private static final class Renderer {
    private final Options opt;

    Renderer(Options opt) {
      this.opt = opt == null ? Options.DEFAULT : opt;
    }

    Map<String, Object> message(Message msg, boolean hexTree, int depth) {
      Map<String, Object> out = new LinkedHashMap<>();
      if (msg == null) {
        return out;
      }
      if (depth > opt.maxDepth()) {
        out.put("…", "nested too deeply");
        return out;
      }
      String mname = msg.getDescriptorForType().getName();
      UnknownFieldSet unknown = msg.getUnknownFields();
      Set<Integer> consumedUnknown = new HashSet<>();
      for (FieldDescriptor f : msg.getDescriptorForType().getFields()) {
        Hint hint = HINTS.get(mname + "." + f.getName());
        boolean hex = hexTree || hint == Hint.HEX || hint == Hint.HEX_TREE;
        boolean childHexTree = hexTree || hint == Hint.HEX_TREE;
        if (f.isRepeated()) {
          int n = msg.getRepeatedFieldCount(f);
          List<Object> vals = new ArrayList<>();
          if (hint == Hint.IPADDR && n > 0) {
            List<Integer> words = new ArrayList<>();
            for (int i = 0; i < n; i++) {
              words.add((Integer) msg.getRepeatedField(f, i));
            }
            vals.add(ipAddress(words));
          } else {
            for (int i = 0; i < n; i++) {
              vals.add(value(f, msg.getRepeatedField(f, i), hint, hex, childHexTree, depth));
            }
          }
          if (f.getJavaType() == FieldDescriptor.JavaType.ENUM && unknown.hasField(f.getNumber())) {
            for (long raw : unknown.getField(f.getNumber()).getVarintList()) {
              vals.add(RawFields.enumLabel(f, raw));
            }
            consumedUnknown.add(f.getNumber());
          }
          if (!vals.isEmpty()) {
            out.put(f.getName(), vals);
          }
        } else if (msg.hasField(f)) {
          out.put(f.getName(), value(f, msg.getField(f), hint, hex, childHexTree, depth));
        } else if (f.getJavaType() == FieldDescriptor.JavaType.ENUM
            && unknown.hasField(f.getNumber())
            && !unknown.getField(f.getNumber()).getVarintList().isEmpty()) {
          List<Long> raw = unknown.getField(f.getNumber()).getVarintList();
          out.put(f.getName(), RawFields.enumLabel(f, raw.get(raw.size() - 1)));
          consumedUnknown.add(f.getNumber());
        }
      }
      for (Map.Entry<Integer, UnknownFieldSet.Field> e : unknown.asMap().entrySet()) {
        if (consumedUnknown.contains(e.getKey())) {
          continue;
        }
        out.put("#" + e.getKey(), unknownField(e.getValue(), depth));
      }
      return out;
    }

    private Object value(
        FieldDescriptor f, Object v, Hint hint, boolean hex, boolean childHexTree, int depth) {
      switch (f.getJavaType()) {
        case MESSAGE:
          return message((Message) v, childHexTree, depth + 1);
        case ENUM:
          return ((EnumValueDescriptor) v).getName();
        case BOOLEAN:
          return v;
        case STRING:
          return v;
        case BYTE_STRING:
          return hint == Hint.UNIX_NAME ? unixName((ByteString) v) : bytes((ByteString) v);
        case FLOAT:
        case DOUBLE:
          return String.valueOf(v);
        default:
          break;
      }
      long n = ((Number) v).longValue();
      boolean unsigned32 =
          f.getType() == FieldDescriptor.Type.UINT32 || f.getType() == FieldDescriptor.Type.FIXED32;
      if (unsigned32) {
        n = Integer.toUnsignedLong((int) n);
      }
      boolean unsigned64 =
          f.getType() == FieldDescriptor.Type.UINT64 || f.getType() == FieldDescriptor.Type.FIXED64;
      if (hex) {
        return "0x" + Long.toHexString(n);
      }
      if (hint != null) {
        switch (hint) {
          case DEV:
            return (n >>> 20) + ":" + (n & ((1 << 20) - 1));
          case ODEV:
            return oldDev(n);
          case SK_DICT: {
            Map<Long, String> m = SK.get(f.getName());
            String s = m == null ? null : m.get(n);
            if (s != null) {
              return s;
            }
            break;
          }
          case TASK_STATE: {
            String s = TASK_STATE.get(n);
            if (s != null) {
              return s;
            }
            break;
          }
          case FSTYPE: {
            EnumValueDescriptor d =
                io.checkpointinspector.criu.proto.Fstype.getDescriptor()
                    .findValueByNumber((int) n);
            return d != null ? d.getName() : n + " (unknown)";
          }
          case MMAP_PROT:
            return flags(n, MMAP_PROT);
          case MMAP_FLAGS:
            return flags(n, MMAP_FLAGS);
          case MMAP_STATUS:
            return flags(n, MMAP_STATUS);
          case RFILE_FLAGS:
            return flags(n, RFILE_FLAGS);
          case PMAP_FLAGS:
            return flags(n, PMAP_FLAGS);
          case SEALS_FLAGS:
            return flags(n, SEALS_FLAGS);
          default:
            break;
        }
      }
      if (unsigned64 && n < 0) {
        return Long.toUnsignedString(n);
      }
      return n;
    }

    /** glibc major()/minor() of an old-style dev_t as crit's os.major/os.minor. */
    private static String oldDev(long dev) {
      long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
      long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
      return major + ":" + minor;
    }

    private String bytes(ByteString b) {
      int n = b.size();
      int show = Math.min(n, Math.max(0, opt.maxBytes()));
      String h = hex(b.substring(0, show).toByteArray(), show);
      return show < n ? h + "… (" + n + " bytes)" : h;
    }

    private String unixName(ByteString b) {
      StringBuilder sb = new StringBuilder();
      int show = Math.min(b.size(), Math.max(0, opt.maxBytes()));
      for (int i = 0; i < show; i++) {
        int c = b.byteAt(i) & 0xff;
        if (i == 0 && c == 0) {
          sb.append('@'); // abstract socket name
        } else if (c >= 0x20 && c < 0x7f && c != '\\') {
          sb.append((char) c);
        } else {
          sb.append(String.format(Locale.ROOT, "\\x%02x", c));
        }
      }
      if (show < b.size()) {
        sb.append("… (").append(b.size()).append(" bytes)");
      }
      return sb.toString();
    }

    private Object unknownField(UnknownFieldSet.Field u, int depth) {
      List<Object> vals = new ArrayList<>();
      for (long v : u.getVarintList()) {
        vals.add("varint " + Long.toUnsignedString(v));
      }
      for (int v : u.getFixed32List()) {
        vals.add("fixed32 0x" + Integer.toHexString(v));
      }
      for (long v : u.getFixed64List()) {
        vals.add("fixed64 0x" + Long.toHexString(v));
      }
      for (ByteString b : u.getLengthDelimitedList()) {
        vals.add("bytes[" + b.size() + "] " + bytes(b));
      }
      for (UnknownFieldSet g : u.getGroupList()) {
        vals.add(depth > opt.maxDepth() ? "group …" : unknownGroup(g, depth + 1));
      }
      return vals.size() == 1 ? vals.get(0) : vals;
    }

    private Map<String, Object> unknownGroup(UnknownFieldSet g, int depth) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<Integer, UnknownFieldSet.Field> e : g.asMap().entrySet()) {
        out.put("#" + e.getKey(), unknownField(e.getValue(), depth));
      }
      return out;
    }
  }
}
