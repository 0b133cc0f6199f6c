package io.checkpointinspector.inspect;

import io.checkpointinspector.archive.ContainerdCheckpoints;
import java.util.Set;

/** Names of the engine's files beside the CRIU images, relative to the checkpoint root. */
final class SideFiles {

    static final String CONFIG_DUMP = "config.dump";
    static final String SPEC_DUMP = "spec.dump";
    static final String NETWORK_STATUS = "network.status";
    static final String DELETED_FILES = "deleted.files";
    static final String BIND_MOUNTS = "bind.mounts";
    static final String STATS_DUMP = "stats-dump";
    static final String ROOTFS_DIFF = "rootfs-diff.tar";
    static final String CONTAINERD_STATUS = "status";
    static final String CONTAINERD_STATUS_DUMP = "status.dump";
    static final String DUMP_LOG = "dump.log";
    static final String CHECKPOINT_DIR = "checkpoint/";
    /** Where Podman keeps a pre-dump (`checkpoint --pre-checkpoint`); the dump's parent link points here. */
    static final String PRE_CHECKPOINT_DIR = "pre-checkpoint/";

    /** Small JSON or text files read whole (each capped by {@link #MAX_SIDE_FILE_BYTES}). */
    static final Set<String> SMALL_FILES = Set.of(CONFIG_DUMP, SPEC_DUMP, NETWORK_STATUS, DELETED_FILES,
            BIND_MOUNTS, CONTAINERD_STATUS, CONTAINERD_STATUS_DUMP, ContainerdCheckpoints.CONFIG_ENTRY,
            ContainerdCheckpoints.OPTIONS_ENTRY, ContainerdCheckpoints.RUNTIME_OPTIONS_ENTRY);

    static final int MAX_SIDE_FILE_BYTES = 16 << 20;

    /** How much of a log is kept to find the CRIU version line. */
    static final int LOG_HEAD_BYTES = 64 << 10;

    private SideFiles() {
    }

    static boolean isDumpLog(String name) {
        return name.equals(DUMP_LOG) || name.equals(CHECKPOINT_DIR + DUMP_LOG);
    }
}
