package io.checkpointinspector.inspect;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.checkpointinspector.criu.RawFields;
import io.checkpointinspector.criu.proto.EventfdFileEntry;
import io.checkpointinspector.criu.proto.EventpollFileEntry;
import io.checkpointinspector.criu.proto.ExtFileEntry;
import io.checkpointinspector.criu.proto.FdTypes;
import io.checkpointinspector.criu.proto.FdinfoEntry;
import io.checkpointinspector.criu.proto.FifoEntry;
import io.checkpointinspector.criu.proto.FileEntry;
import io.checkpointinspector.criu.proto.InetSkEntry;
import io.checkpointinspector.criu.proto.InotifyFileEntry;
import io.checkpointinspector.criu.proto.MemfdInodeEntry;
import io.checkpointinspector.criu.proto.NetlinkSkEntry;
import io.checkpointinspector.criu.proto.NsFileEntry;
import io.checkpointinspector.criu.proto.PacketSockEntry;
import io.checkpointinspector.criu.proto.PipeEntry;
import io.checkpointinspector.criu.proto.RegFileEntry;
import io.checkpointinspector.criu.proto.SignalfdEntry;
import io.checkpointinspector.criu.proto.TimerfdEntry;
import io.checkpointinspector.criu.proto.TtyFileEntry;
import io.checkpointinspector.criu.proto.TunfileEntry;
import io.checkpointinspector.criu.proto.UnixSkEntry;
import io.checkpointinspector.model.FileInfo;
import io.checkpointinspector.model.SocketInfo;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * All files of a dump by id, from files.img or, for CRIU versions before it existed, from the per-type images
 * (reg-files.img, pipes.img, ...). Resolves descriptors to {@link FileInfo} and sockets to {@link SocketInfo}.
 */
final class FileTable {

    private final Map<Long, FileEntry> byId = new HashMap<>();
    private final Map<Long, String> memfdNames = new HashMap<>();

    static FileTable of(ImageSet images) {
        FileTable table = new FileTable();
        if (images.has("files.img")) {
            for (FileEntry f : images.records("files.img", FileEntry.class)) {
                table.byId.putIfAbsent(Integer.toUnsignedLong(f.getId()), f);
            }
        } else {
            table.addLegacy(images);
        }
        for (MemfdInodeEntry inode : images.records("memfd.img", MemfdInodeEntry.class)) {
            table.memfdNames.put(inode.getInodeId(), inode.getName());
        }
        return table;
    }

    private void addLegacy(ImageSet images) {
        for (RegFileEntry e : images.records("reg-files.img", RegFileEntry.class)) {
            legacy(e.getId(), FileEntry.newBuilder().setType(FdTypes.REG).setReg(e));
        }
        for (PipeEntry e : images.records("pipes.img", PipeEntry.class)) {
            legacy(e.getId(), FileEntry.newBuilder().setType(FdTypes.PIPE).setPipe(e));
        }
        for (FifoEntry e : images.records("fifo.img", FifoEntry.class)) {
            legacy(e.getId(), FileEntry.newBuilder().setType(FdTypes.FIFO).setFifo(e));
        }
        for (UnixSkEntry e : images.records("unixsk.img", UnixSkEntry.class)) {
            legacy(e.getId(), FileEntry.newBuilder().setType(FdTypes.UNIXSK).setUsk(e));
        }
        for (InetSkEntry e : images.records("inetsk.img", InetSkEntry.class)) {
            legacy(e.getId(), FileEntry.newBuilder().setType(FdTypes.INETSK).setIsk(e));
        }
        for (PacketSockEntry e : images.records("packetsk.img", PacketSockEntry.class)) {
            legacy(e.getId(), FileEntry.newBuilder().setType(FdTypes.PACKETSK).setPsk(e));
        }
        for (NetlinkSkEntry e : images.records("netlinksk.img", NetlinkSkEntry.class)) {
            legacy(e.getId(), FileEntry.newBuilder().setType(FdTypes.NETLINKSK).setNlsk(e));
        }
        for (EventfdFileEntry e : images.records("eventfd.img", EventfdFileEntry.class)) {
            legacy(e.getId(), FileEntry.newBuilder().setType(FdTypes.EVENTFD).setEfd(e));
        }
        for (EventpollFileEntry e : images.records("eventpoll.img", EventpollFileEntry.class)) {
            legacy(e.getId(), FileEntry.newBuilder().setType(FdTypes.EVENTPOLL).setEpfd(e));
        }
        for (SignalfdEntry e : images.records("signalfd.img", SignalfdEntry.class)) {
            legacy(e.getId(), FileEntry.newBuilder().setType(FdTypes.SIGNALFD).setSgfd(e));
        }
        for (InotifyFileEntry e : images.records("inotify.img", InotifyFileEntry.class)) {
            legacy(e.getId(), FileEntry.newBuilder().setType(FdTypes.INOTIFY).setIfy(e));
        }
        for (TimerfdEntry e : images.records("timerfd.img", TimerfdEntry.class)) {
            legacy(e.getId(), FileEntry.newBuilder().setType(FdTypes.TIMERFD).setTfd(e));
        }
        for (TunfileEntry e : images.records("tunfile.img", TunfileEntry.class)) {
            legacy(e.getId(), FileEntry.newBuilder().setType(FdTypes.TUNF).setTunf(e));
        }
        for (NsFileEntry e : images.records("ns-files.img", NsFileEntry.class)) {
            legacy(e.getId(), FileEntry.newBuilder().setType(FdTypes.NS).setNsf(e));
        }
        for (ExtFileEntry e : images.records("ext-files.img", ExtFileEntry.class)) {
            legacy(e.getId(), FileEntry.newBuilder().setType(FdTypes.EXT).setExt(e));
        }
        for (TtyFileEntry e : images.records("tty.img", TtyFileEntry.class)) {
            legacy(e.getId(), FileEntry.newBuilder().setType(FdTypes.TTY).setTty(e));
        }
    }

    private void legacy(int id, FileEntry.Builder entry) {
        byId.putIfAbsent(Integer.toUnsignedLong(id), entry.setId(id).build());
    }

    Optional<FileEntry> get(long id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The path of a regular file by id (cwd, root, exe, file-backed mappings); null when unknown. */
    String regPath(long id) {
        FileEntry f = byId.get(id);
        return f != null && f.hasReg() ? f.getReg().getName() : null;
    }

    FileInfo describe(FdinfoEntry fd) {
        long id = Integer.toUnsignedLong(fd.getId());
        FileEntry f = byId.get(id);
        String type = typeName(fd, f);
        if (f == null) {
            return new FileInfo(fd.getFd(), type, null, null, null);
        }
        return switch (type) {
            case "REG" -> new FileInfo(fd.getFd(), type, f.getReg().getName(),
                    Integer.toUnsignedLong(f.getReg().getFlags()), f.getReg().getPos());
            case "PIPE" -> new FileInfo(fd.getFd(), type, "pipe[" + Integer.toUnsignedLong(f.getPipe().getPipeId()) + "]",
                    Integer.toUnsignedLong(f.getPipe().getFlags()), null);
            case "FIFO" -> new FileInfo(fd.getFd(), type, first(regPath(f.getFifo().getRegfId()),
                    "fifo[" + Integer.toUnsignedLong(f.getFifo().getPipeId()) + "]"), null, null);
            case "UNIXSK" -> new FileInfo(fd.getFd(), type, unixName(f.getUsk()), null, null);
            case "INETSK" -> new FileInfo(fd.getFd(), type, inetName(f.getIsk()), null, null);
            case "EVENTFD" -> new FileInfo(fd.getFd(), type,
                    "anon_inode:[eventfd] count=" + Long.toUnsignedString(f.getEfd().getCounter()),
                    Integer.toUnsignedLong(f.getEfd().getFlags()), null);
            case "EVENTPOLL" -> new FileInfo(fd.getFd(), type,
                    "anon_inode:[eventpoll] watching " + f.getEpfd().getTfdCount() + " fds", null, null);
            case "SIGNALFD" -> new FileInfo(fd.getFd(), type, "anon_inode:[signalfd] mask="
                    + CriuNames.hex(f.getSgfd().getSigmask()), null, null);
            case "TIMERFD" -> new FileInfo(fd.getFd(), type, "anon_inode:[timerfd] clock="
                    + f.getTfd().getClockid(), null, null);
            case "INOTIFY" -> new FileInfo(fd.getFd(), type, "anon_inode:inotify", null, null);
            case "FANOTIFY" -> new FileInfo(fd.getFd(), type, "anon_inode:[fanotify]", null, null);
            case "MEMFD" -> new FileInfo(fd.getFd(), type, "memfd:" + memfdNames.getOrDefault(
                    Integer.toUnsignedLong(f.getMemfd().getInodeId()), "?"), null, f.getMemfd().getPos());
            case "PIDFD" -> new FileInfo(fd.getFd(), type, "anon_inode:[pidfd] pid=" + f.getPidfd().getNspid(),
                    null, null);
            case "TTY" -> new FileInfo(fd.getFd(), type, "tty (info id " + Integer.toUnsignedLong(f.getTty().getTtyInfoId()) + ")",
                    null, null);
            case "NS" -> new FileInfo(fd.getFd(), type, "ns cflag=" + CriuNames.hex(f.getNsf().getNsCflag()),
                    null, null);
            case "TUNF" -> new FileInfo(fd.getFd(), type, "/dev/net/tun " + f.getTunf().getNetdev(), null, null);
            case "PACKETSK" -> new FileInfo(fd.getFd(), type, "socket:[" + f.getPsk().getId() + "] packet",
                    null, null);
            case "NETLINKSK" -> new FileInfo(fd.getFd(), type, "socket:[" + f.getNlsk().getIno() + "] netlink",
                    null, null);
            case "BPFMAP" -> new FileInfo(fd.getFd(), type, "anon_inode:bpf-map", null, null);
            default -> new FileInfo(fd.getFd(), type, null, null, null);
        };
    }

    /** The socket behind a descriptor, or empty when the descriptor is not a socket. */
    Optional<SocketInfo> socket(FdinfoEntry fd) {
        FileEntry f = byId.get(Integer.toUnsignedLong(fd.getId()));
        if (f == null) {
            return Optional.empty();
        }
        if (f.hasIsk()) {
            InetSkEntry s = f.getIsk();
            boolean tcp = s.getProto() == 6;
            return Optional.of(new SocketInfo(fd.getFd(), CriuNames.family(s.getFamily()),
                    CriuNames.socketType(s.getType()), CriuNames.ipProtocol(s.getProto()),
                    tcp ? CriuNames.socketState(s.getState()) : null,
                    address(s.getFamily(), s.getSrcAddrList()), s.getSrcPort(),
                    address(s.getFamily(), s.getDstAddrList()), s.getDstPort()));
        }
        if (f.hasUsk()) {
            UnixSkEntry s = f.getUsk();
            return Optional.of(new SocketInfo(fd.getFd(), "AF_UNIX", CriuNames.socketType(s.getType()), null,
                    CriuNames.socketState(s.getState()), unixPath(s.getName()), null,
                    s.getPeer() == 0 ? null : "peer socket id " + Integer.toUnsignedLong(s.getPeer()), null));
        }
        if (f.hasPsk()) {
            return Optional.of(new SocketInfo(fd.getFd(), "AF_PACKET", CriuNames.socketType(f.getPsk().getType()),
                    CriuNames.hex(f.getPsk().getProtocol()), null, null, null, null, null));
        }
        if (f.hasNlsk()) {
            return Optional.of(new SocketInfo(fd.getFd(), "AF_NETLINK", "SOCK_RAW",
                    String.valueOf(f.getNlsk().getProtocol()), null, null, null, null, null));
        }
        return Optional.empty();
    }

    private static String typeName(FdinfoEntry fd, FileEntry f) {
        if (fd.hasType()) {
            return fd.getType().name();
        }
        if (f != null && f.hasType()) {
            return f.getType().name();
        }
        String label = RawFields.enumLabel(fd, "type");
        return label == null ? "UND" : label;
    }

    private static String unixName(UnixSkEntry s) {
        String path = unixPath(s.getName());
        return "socket:[" + Integer.toUnsignedLong(s.getIno()) + "]" + (path == null ? "" : " " + path);
    }

    /** A unix socket's bound name: a path, "@name" for the abstract namespace, or null when unbound. */
    static String unixPath(ByteString name) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        byte[] bytes = name.toByteArray();
        if (bytes[0] == 0) {
            return "@" + new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8);
        }
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    private static String inetName(InetSkEntry s) {
        return "socket:[" + Integer.toUnsignedLong(s.getIno()) + "] "
                + CriuNames.ipProtocol(s.getProto()) + " "
                + address(s.getFamily(), s.getSrcAddrList()) + ":" + s.getSrcPort()
                + " -> " + address(s.getFamily(), s.getDstAddrList()) + ":" + s.getDstPort();
    }

    /**
     * CRIU stores the address as the kernel's in_addr/in6_addr words: each u32 holds four network-order
     * bytes read in the dumping machine's (little-endian) order.
     */
    static String address(int family, List<Integer> words) {
        int expected = family == 10 ? 4 : 1;
        if (words.size() < expected) {
            return null;
        }
        ByteBuffer buf = ByteBuffer.allocate(expected * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < expected; i++) {
            buf.putInt(words.get(i));
        }
        try {
            return InetAddress.getByAddress(buf.array()).getHostAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    static boolean isSocket(Message m) {
        return m instanceof InetSkEntry || m instanceof UnixSkEntry;
    }
}
