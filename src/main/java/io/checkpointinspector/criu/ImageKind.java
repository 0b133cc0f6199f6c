package io.checkpointinspector.criu;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.checkpointinspector.criu.proto.BpfmapDataEntry;
import io.checkpointinspector.criu.proto.BpfmapFileEntry;
import io.checkpointinspector.criu.proto.CgroupEntry;
import io.checkpointinspector.criu.proto.CoreEntry;
import io.checkpointinspector.criu.proto.CredsEntry;
import io.checkpointinspector.criu.proto.EventfdFileEntry;
import io.checkpointinspector.criu.proto.EventpollFileEntry;
import io.checkpointinspector.criu.proto.EventpollTfdEntry;
import io.checkpointinspector.criu.proto.ExtFileEntry;
import io.checkpointinspector.criu.proto.FanotifyFileEntry;
import io.checkpointinspector.criu.proto.FanotifyMarkEntry;
import io.checkpointinspector.criu.proto.FdinfoEntry;
import io.checkpointinspector.criu.proto.FifoEntry;
import io.checkpointinspector.criu.proto.FileEntry;
import io.checkpointinspector.criu.proto.FileLockEntry;
import io.checkpointinspector.criu.proto.FsEntry;
import io.checkpointinspector.criu.proto.GhostChunkEntry;
import io.checkpointinspector.criu.proto.GhostFileEntry;
import io.checkpointinspector.criu.proto.InetSkEntry;
import io.checkpointinspector.criu.proto.InotifyFileEntry;
import io.checkpointinspector.criu.proto.InotifyWdEntry;
import io.checkpointinspector.criu.proto.InventoryEntry;
import io.checkpointinspector.criu.proto.IpcVarEntry;
import io.checkpointinspector.criu.proto.IrmapCacheEntry;
import io.checkpointinspector.criu.proto.ItimerEntry;
import io.checkpointinspector.criu.proto.MemfdInodeEntry;
import io.checkpointinspector.criu.proto.MmEntry;
import io.checkpointinspector.criu.proto.MntEntry;
import io.checkpointinspector.criu.proto.NetlinkSkEntry;
import io.checkpointinspector.criu.proto.NsFileEntry;
import io.checkpointinspector.criu.proto.PacketSockEntry;
import io.checkpointinspector.criu.proto.PagemapEntry;
import io.checkpointinspector.criu.proto.PagemapHead;
import io.checkpointinspector.criu.proto.PidnsEntry;
import io.checkpointinspector.criu.proto.PipeDataEntry;
import io.checkpointinspector.criu.proto.PipeEntry;
import io.checkpointinspector.criu.proto.PosixTimerEntry;
import io.checkpointinspector.criu.proto.PstreeEntry;
import io.checkpointinspector.criu.proto.RegFileEntry;
import io.checkpointinspector.criu.proto.RemapFilePathEntry;
import io.checkpointinspector.criu.proto.RlimitEntry;
import io.checkpointinspector.criu.proto.SaEntry;
import io.checkpointinspector.criu.proto.SeccompEntry;
import io.checkpointinspector.criu.proto.SiginfoEntry;
import io.checkpointinspector.criu.proto.SignalfdEntry;
import io.checkpointinspector.criu.proto.SkPacketEntry;
import io.checkpointinspector.criu.proto.StatsEntry;
import io.checkpointinspector.criu.proto.TaskKobjIdsEntry;
import io.checkpointinspector.criu.proto.TcpStreamEntry;
import io.checkpointinspector.criu.proto.TimensEntry;
import io.checkpointinspector.criu.proto.TimerfdEntry;
import io.checkpointinspector.criu.proto.TtyDataEntry;
import io.checkpointinspector.criu.proto.TtyFileEntry;
import io.checkpointinspector.criu.proto.TtyInfoEntry;
import io.checkpointinspector.criu.proto.TunfileEntry;
import io.checkpointinspector.criu.proto.UnixSkEntry;
import io.checkpointinspector.criu.proto.UsernsEntry;
import io.checkpointinspector.criu.proto.UtsnsEntry;
import io.checkpointinspector.criu.proto.VmaEntry;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The CRIU image types we know: file-name pattern, magic number (criu/include/magic.h), what
 * precedes the magic, the record message and any payload that follows a record.
 *
 * <p>File-name patterns use {@code %d} (decimal id), {@code %x} (hex id) or {@code %s} (word).
 * Note that {@code stats-%s} and {@code irmap-cache} have no {@code .img} suffix, and raw images
 * ({@link ImagePrefix#RAW}) carry no magic at all. Several legacy per-type images from before
 * {@code files.img} (reg-files.img, pipes.img, unixsk.img, ...) use the same record messages as
 * the {@code files.img} members.
 */
public enum ImageKind {
  INVENTORY("inventory.img", 0x58313116, ImagePrefix.NONE, InventoryEntry::parser),
  PSTREE("pstree.img", 0x50273030, PstreeEntry::parser),
  CORE("core-%d.img", 0x55053847, CoreEntry::parser),
  IDS("ids-%d.img", 0x54432030, TaskKobjIdsEntry::parser),
  CREDS("creds-%d.img", 0x54023547, CredsEntry::parser),
  FS("fs-%d.img", 0x51403912, FsEntry::parser),
  MM("mm-%d.img", 0x57492820, MmEntry::parser),
  VMAS("vmas-%d.img", 0x54123737, VmaEntry::parser),
  /** First record {@link PagemapHead}, then {@link PagemapEntry} records. */
  PAGEMAP("pagemap-%d.img", 0x56084025, Extra.PAGEMAP, PagemapEntry::parser),
  /** Same magic and layout as {@link #PAGEMAP}; pages of a shared memory segment. */
  SHMEM_PAGEMAP("pagemap-shmem-%d.img", 0x56084025, Extra.PAGEMAP, PagemapEntry::parser),
  /** Raw page contents, no magic: see {@link PageMapIndex}. */
  PAGES("pages-%d.img", 0, ImagePrefix.RAW, null),
  FDINFO("fdinfo-%d.img", 0x56213732, FdinfoEntry::parser),
  FILES("files.img", 0x56303138, FileEntry::parser),
  REG_FILES("reg-files.img", 0x50363636, RegFileEntry::parser),
  EXT_FILES("ext-files.img", 0x59255641, ExtFileEntry::parser),
  NS_FILES("ns-files.img", 0x61394011, NsFileEntry::parser),
  EVENTFD_FILE("eventfd.img", 0x44523722, EventfdFileEntry::parser),
  EVENTPOLL_FILE("eventpoll.img", 0x45023858, EventpollFileEntry::parser),
  EVENTPOLL_TFD("eventpoll-tfd.img", 0x44433746, EventpollTfdEntry::parser),
  SIGNALFD("signalfd.img", 0x57323820, SignalfdEntry::parser),
  INOTIFY_FILE("inotify.img", 0x48424431, InotifyFileEntry::parser),
  INOTIFY_WD("inotify-wd.img", 0x54562009, InotifyWdEntry::parser),
  FANOTIFY_FILE("fanotify.img", 0x55096122, FanotifyFileEntry::parser),
  FANOTIFY_MARK("fanotify-mark.img", 0x56506035, FanotifyMarkEntry::parser),
  PIPES("pipes.img", 0x56513555, PipeEntry::parser),
  /** Each record is followed by {@code bytes} bytes of pipe content. */
  PIPES_DATA("pipes-data.img", 0x56453709, Extra.PIPE_DATA, PipeDataEntry::parser),
  FIFO("fifo.img", 0x58364939, FifoEntry::parser),
  /** Each record is followed by {@code bytes} bytes of FIFO content. */
  FIFO_DATA("fifo-data.img", 0x59333054, Extra.PIPE_DATA, PipeDataEntry::parser),
  SIGACT("sigacts-%d.img", 0x55344201, SaEntry::parser),
  UNIXSK("unixsk.img", 0x54373943, UnixSkEntry::parser),
  INETSK("inetsk.img", 0x56443851, InetSkEntry::parser),
  PACKETSK("packetsk.img", 0x60454618, PacketSockEntry::parser),
  NETLINK_SK("netlinksk.img", 0x58005614, NetlinkSkEntry::parser),
  /** Each record is followed by {@code length} bytes of queued socket data. */
  SK_QUEUES("sk-queues.img", 0x56264026, Extra.SK_QUEUE, SkPacketEntry::parser),
  ITIMERS("itimers-%d.img", 0x57464056, ItimerEntry::parser),
  POSIX_TIMERS("posix-timers-%d.img", 0x52603957, PosixTimerEntry::parser),
  UTSNS("utsns-%d.img", 0x54473203, UtsnsEntry::parser),
  IPC_VAR("ipcns-var-%d.img", 0x53115007, IpcVarEntry::parser),
  /** Known but not decoded (records carry segment data). */
  IPCNS_SHM("ipcns-shm-%d.img", 0x46283044, null),
  /** Known but not decoded (records carry message data). */
  IPCNS_MSG("ipcns-msg-%d.img", 0x55453737, null),
  /** Known but not decoded (records carry semaphore arrays). */
  IPCNS_SEM("ipcns-sem-%d.img", 0x59573019, null),
  REMAP_FPATH("remap-fpath.img", 0x59133954, RemapFilePathEntry::parser),
  /**
   * One {@link GhostFileEntry}; then either the raw file content up to EOF, or (when
   * {@code chunks} is set) repeated {@link GhostChunkEntry} records each followed by {@code len}
   * content bytes.
   */
  GHOST_FILE("ghost-file-%x.img", 0x52583605, Extra.GHOST_FILE, GhostFileEntry::parser),
  MEMFD_INODE("memfd.img", 0x48453499, MemfdInodeEntry::parser),
  /** The record is followed by {@code inq_len} then {@code outq_len} bytes of queued data. */
  TCP_STREAM("tcp-stream-%x.img", 0x51465506, Extra.TCP_STREAM, TcpStreamEntry::parser),
  MNTS("mountpoints-%d.img", 0x55563928, MntEntry::parser),
  NETDEV("netdev-%d.img", 0x57373951, null),
  NETNS("netns-%d.img", 0x55933752, null),
  IFADDR("ifaddr-%d.img", 0, ImagePrefix.RAW, null),
  ROUTE("route-%d.img", 0, ImagePrefix.RAW, null),
  ROUTE6("route6-%d.img", 0, ImagePrefix.RAW, null),
  RULE("rule-%d.img", 0, ImagePrefix.RAW, null),
  IPTABLES("iptables-%d.img", 0, ImagePrefix.RAW, null),
  IP6TABLES("ip6tables-%d.img", 0, ImagePrefix.RAW, null),
  NFTABLES("nftables-%d.img", 0, ImagePrefix.RAW, null),
  NETNF_CT("netns-ct-%d.img", 0, ImagePrefix.RAW, null),
  NETNF_EXP("netns-exp-%d.img", 0, ImagePrefix.RAW, null),
  TMPFS_IMG("tmpfs-%d.tar.gz.img", 0, ImagePrefix.RAW, null),
  TMPFS_DEV("tmpfs-dev-%d.tar.gz.img", 0, ImagePrefix.RAW, null),
  AUTOFS("autofs-%d.img", 0x49353943, null),
  BINFMT_MISC("binfmt-misc.img", 0x67343323, null),
  TTY_FILES("tty.img", 0x59433025, TtyFileEntry::parser),
  TTY_INFO("tty-info.img", 0x59453036, TtyInfoEntry::parser),
  TTY_DATA("tty-data.img", 0x59413026, TtyDataEntry::parser),
  FILE_LOCKS("filelocks.img", 0x54323616, FileLockEntry::parser),
  RLIMIT("rlimit-%d.img", 0x57113925, RlimitEntry::parser),
  /** Legacy shared pending signals (now in core). */
  SIGNAL("signal-s-%d.img", 0x59255647, SiginfoEntry::parser),
  /** Legacy per-thread pending signals; same magic as {@link #SIGNAL}. */
  PSIGNAL("signal-p-%d.img", 0x59255647, SiginfoEntry::parser),
  TUNFILE("tunfile.img", 0x57143751, TunfileEntry::parser),
  CGROUP("cgroup.img", 0x59383330, CgroupEntry::parser),
  TIMERFD("timerfd.img", 0x50493712, TimerfdEntry::parser),
  CPUINFO("cpuinfo.img", 0x61404013, null),
  SECCOMP("seccomp.img", 0x64413049, SeccompEntry::parser),
  USERNS("userns-%d.img", 0x55474906, UsernsEntry::parser),
  TIMENS("timens-%d.img", 0x43114433, TimensEntry::parser),
  PIDNS("pidns-%d.img", 0x61157326, PidnsEntry::parser),
  BPFMAP_FILE("bpfmap-file.img", 0x57506142, BpfmapFileEntry::parser),
  /** Each record is followed by {@code keys_bytes} + {@code values_bytes} bytes. */
  BPFMAP_DATA("bpfmap-data.img", 0x64324033, Extra.BPFMAP_DATA, BpfmapDataEntry::parser),
  APPARMOR("apparmor.img", 0x59423047, null),
  /** stats-dump / stats-restore; service image, no .img suffix. */
  STATS("stats-%s", 0x57093306, ImagePrefix.SERVICE, StatsEntry::parser),
  /** Service image, no .img suffix. */
  IRMAP_CACHE("irmap-cache", 0x57004059, ImagePrefix.SERVICE, IrmapCacheEntry::parser);

  /** Data that CRIU writes after (some) records of an image, outside the protobuf message. */
  public enum Extra {
    NONE,
    /** pipes-data / fifo-data: {@code PipeDataEntry.bytes} bytes. */
    PIPE_DATA,
    /** sk-queues: {@code SkPacketEntry.length} bytes. */
    SK_QUEUE,
    /** tcp-stream: {@code inq_len + outq_len} bytes. */
    TCP_STREAM,
    /** bpfmap-data: {@code keys_bytes + values_bytes} bytes. */
    BPFMAP_DATA,
    /** ghost-file: see {@link ImageKind#GHOST_FILE}. */
    GHOST_FILE,
    /** No extra bytes, but the first record is a {@link PagemapHead}. */
    PAGEMAP
  }

  private final String fileNamePattern;
  private final int magic;
  private final ImagePrefix prefix;
  private final Extra extra;
  /** Resolved on first use: a parser's class initialisation builds its proto descriptors, which costs start-up time. */
  private final Supplier<Parser<? extends Message>> parser;
  private final Pattern regex;

  ImageKind(String pattern, int magic, Supplier<Parser<? extends Message>> parser) {
    this(pattern, magic, ImagePrefix.COMMON, Extra.NONE, parser);
  }

  ImageKind(String pattern, int magic, Extra extra, Supplier<Parser<? extends Message>> parser) {
    this(pattern, magic, ImagePrefix.COMMON, extra, parser);
  }

  ImageKind(String pattern, int magic, ImagePrefix prefix, Supplier<Parser<? extends Message>> parser) {
    this(pattern, magic, prefix, Extra.NONE, parser);
  }

  ImageKind(
      String pattern, int magic, ImagePrefix prefix, Extra extra, Supplier<Parser<? extends Message>> parser) {
    this.fileNamePattern = pattern;
    this.magic = magic;
    this.prefix = prefix;
    this.extra = extra;
    this.parser = parser;
    this.regex = toRegex(pattern);
  }

  private static Pattern toRegex(String pattern) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '%' && i + 1 < pattern.length()) {
        char t = pattern.charAt(++i);
        switch (t) {
          case 'd' -> sb.append("(-?[0-9]+)");
          case 'x' -> sb.append("([0-9a-fA-F]+)");
          default -> sb.append("([A-Za-z0-9_.-]+)");
        }
      } else {
        sb.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(sb.toString());
  }

  /** File-name pattern as CRIU formats it, e.g. {@code core-%d.img}. */
  public String fileNamePattern() {
    return fileNamePattern;
  }

  /** The image magic (0 for raw images, which have none). */
  public int magic() {
    return magic;
  }

  /** What precedes the magic in images v1.1 ({@link ImagePrefix#NONE} for inventory). */
  public ImagePrefix prefix() {
    return prefix;
  }

  /** True for raw images, which have no magic and no records (pages, iptables, tmpfs, ...). */
  public boolean isRaw() {
    return prefix == ImagePrefix.RAW;
  }

  /** Payload that follows records of this image, {@link Extra#NONE} if none. */
  public Extra extra() {
    return extra;
  }

  /** True when we have a record schema for this image. */
  public boolean isDecoded() {
    return parser != null;
  }

  /**
   * Parser of the main record message, or null for raw and known-but-undecoded images. For
   * {@link #PAGEMAP} this is the entry parser; use {@link #parserFor(int)} for the head.
   */
  public Parser<? extends Message> parser() {
    return parser == null ? null : parser.get();
  }

  /** Parser for the record at {@code index} (0-based); handles the pagemap head record. */
  public Parser<? extends Message> parserFor(int index) {
    if (extra == Extra.PAGEMAP && index == 0) {
      return PagemapHead.parser();
    }
    if (extra == Extra.GHOST_FILE && index > 0) {
      return GhostChunkEntry.parser();
    }
    return parser();
  }

  /** Name as CRIU's crit prints it in {@code "magic"} (e.g. {@code CORE}, {@code PAGEMAP}). */
  public String critName() {
    return switch (this) {
      case SHMEM_PAGEMAP -> "PAGEMAP";
      case PSIGNAL -> "SIGNAL";
      default -> name();
    };
  }

  /** File name for the given id, e.g. {@code CORE.fileName(1)} is {@code core-1.img}. */
  public String fileName(long id) {
    if (fileNamePattern.contains("%x")) {
      return fileNamePattern.replace("%x", Long.toHexString(id));
    }
    return fileNamePattern.replace("%d", Long.toString(id)).replace("%s", Long.toString(id));
  }

  /** True if {@code baseName} (no directory) matches this kind's file-name pattern. */
  public boolean matches(String baseName) {
    return baseName != null && regex.matcher(baseName).matches();
  }

  /**
   * The id part of a matching file name ({@code core-17.img} gives {@code "17"}), if any.
   */
  public Optional<String> idOf(String baseName) {
    if (baseName == null) {
      return Optional.empty();
    }
    Matcher m = regex.matcher(baseName);
    if (m.matches() && m.groupCount() >= 1) {
      return Optional.of(m.group(1));
    }
    return Optional.empty();
  }

  private static final Map<Integer, ImageKind> BY_MAGIC = new HashMap<>();

  static {
    for (ImageKind k : values()) {
      if (!k.isRaw()) {
        BY_MAGIC.putIfAbsent(k.magic, k); // first declared wins for shared magics
      }
    }
  }

  /**
   * The kind of an image file by its base name (a directory part is ignored), e.g.
   * {@code core-1.img}, {@code pstree.img}, {@code pages-3.img}, {@code stats-dump}.
   */
  public static Optional<ImageKind> forFileName(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.empty();
    }
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    String base = slash >= 0 ? name.substring(slash + 1) : name;
    for (ImageKind k : values()) {
      if (k.matches(base)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  /**
   * The kind with this image magic. For magics shared by several kinds the canonical one is
   * returned ({@link #PAGEMAP} for the pagemap magic, {@link #SIGNAL} for the signal magic).
   * Raw images have no magic and are never returned.
   */
  public static Optional<ImageKind> forMagic(int magic) {
    return Optional.ofNullable(BY_MAGIC.get(magic));
  }

  /** Magic in hex as used in messages. */
  public String magicHex() {
    return String.format(Locale.ROOT, "0x%08x", magic);
  }
}
