package io.checkpointinspector.model;

/** One entry of rootfs-diff.tar: type is file, dir, symlink, hardlink or other; mode is octal text ("0644"). */
public record RootfsEntry(String path, String type, long size, String mode, String link) {
}
