package io.checkpointinspector.inspect;

import java.util.Locale;

/** Names for the numbers CRIU stores (kernel and CRIU constants), so the model reads like /proc. */
final class CriuNames {

    private CriuNames() {
    }

    /** compel's task states; 0x80/0x81 are CRIU's helper and thread markers. */
    static String taskState(Integer state) {
        if (state == null) {
            return "unknown";
        }
        return switch (state) {
            case 1 -> "alive";
            case 2 -> "dead";
            case 3 -> "stopped";
            case 6 -> "zombie";
            case 0x80 -> "helper";
            case 0x81 -> "thread";
            default -> "unknown(" + state + ")";
        };
    }

    static String arch(int mtype) {
        return switch (mtype) {
            case 1 -> "x86_64";
            case 2 -> "arm";
            case 3 -> "aarch64";
            case 4 -> "ppc64";
            case 5 -> "s390";
            case 6 -> "mips";
            case 7 -> "loongarch64";
            case 8 -> "riscv64";
            default -> "unknown(" + mtype + ")";
        };
    }

    static String family(int family) {
        return switch (family) {
            case 1 -> "AF_UNIX";
            case 2 -> "AF_INET";
            case 10 -> "AF_INET6";
            case 16 -> "AF_NETLINK";
            case 17 -> "AF_PACKET";
            default -> "AF_" + family;
        };
    }

    static String socketType(int type) {
        return switch (type) {
            case 1 -> "SOCK_STREAM";
            case 2 -> "SOCK_DGRAM";
            case 3 -> "SOCK_RAW";
            case 4 -> "SOCK_RDM";
            case 5 -> "SOCK_SEQPACKET";
            case 6 -> "SOCK_DCCP";
            case 10 -> "SOCK_PACKET";
            default -> "SOCK_" + type;
        };
    }

    static String ipProtocol(int proto) {
        return switch (proto) {
            case 0 -> "IP";
            case 1 -> "ICMP";
            case 6 -> "TCP";
            case 17 -> "UDP";
            case 58 -> "ICMPV6";
            case 132 -> "SCTP";
            case 136 -> "UDPLITE";
            case 255 -> "RAW";
            default -> "PROTO_" + proto;
        };
    }

    /** TCP states as the kernel numbers them; unix sockets use the same numbers (ESTABLISHED, CLOSE, LISTEN). */
    static String socketState(int state) {
        return switch (state) {
            case 1 -> "ESTABLISHED";
            case 2 -> "SYN_SENT";
            case 3 -> "SYN_RECV";
            case 4 -> "FIN_WAIT1";
            case 5 -> "FIN_WAIT2";
            case 6 -> "TIME_WAIT";
            case 7 -> "CLOSE";
            case 8 -> "CLOSE_WAIT";
            case 9 -> "LAST_ACK";
            case 10 -> "LISTEN";
            case 11 -> "CLOSING";
            case 12 -> "NEW_SYN_RECV";
            default -> "STATE_" + state;
        };
    }

    /** /proc/PID/maps style protection: r, w, x and p (private) or s (shared). */
    static String prot(long prot, long mapFlags) {
        return ((prot & 1) != 0 ? "r" : "-")
                + ((prot & 2) != 0 ? "w" : "-")
                + ((prot & 4) != 0 ? "x" : "-")
                + ((mapFlags & 0x01) != 0 ? "s" : "p");
    }

    static String hex(long value) {
        return "0x" + Long.toHexString(value).toLowerCase(Locale.ROOT);
    }
}
