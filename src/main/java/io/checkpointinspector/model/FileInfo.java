package io.checkpointinspector.model;

/**
 * One open file descriptor. type uses CRIU's names (REG, PIPE, UNIXSK, INETSK, ...);
 * path is the file path, "pipe[INODE]" for pipes, or a description for anonymous kinds.
 */
public record FileInfo(int fd, String type, String path, Long flags, Long position) {
}
