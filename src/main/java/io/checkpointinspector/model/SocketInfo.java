package io.checkpointinspector.model;

/** A socket held open by a task; addresses are textual (dotted IPv4, IPv6, or the unix socket path). */
public record SocketInfo(
        int fd,
        String family,
        String type,
        String protocol,
        String state,
        String src,
        Integer srcPort,
        String dst,
        Integer dstPort) {
}
