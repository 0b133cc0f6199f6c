package io.checkpointinspector.helper;

import java.util.Map;
import java.util.Set;

/**
 * The helper protocol, version 1: one JSON object per line in each direction over the helper's stdin/stdout.
 *
 * <pre>
 * request   {"id": ID, "verb": VERB, ...fields of the verb}
 * progress  {"id": ID, "type": "progress", "message": TEXT}                zero or more per request
 * result    {"id": ID, "type": "result", "result": {...}}                 or
 * error     {"id": ID, "type": "error", "code": CODE, "message": TEXT}    exactly one ends each request
 * </pre>
 *
 * A line that cannot be read as a request gets an error with "id": null. Codes: bad-request (not JSON, unknown
 * verb or field, wrong type, too long), refused (a security rule), unavailable (podman missing), failed (podman
 * failed), cancelled, busy, privileged (a restore archive asks for more than an ordinary container; the
 * message lists what, one finding a line after the first).
 */
public final class Protocol {

    public static final int VERSION = 1;
    /** Longest request line, newline excluded. */
    public static final int MAX_REQUEST_BYTES = 64 * 1024;

    /** Names on every line. */
    public static final String ID = "id";
    public static final String VERB = "verb";
    public static final String TYPE = "type";
    public static final String MESSAGE = "message";
    public static final String CODE = "code";
    public static final String RESULT = "result";

    /** Values of {@link #TYPE}. */
    public static final String TYPE_PROGRESS = "progress";
    public static final String TYPE_RESULT = "result";
    public static final String TYPE_ERROR = "error";

    public static final String HELLO = "hello";
    public static final String LIST = "list";
    public static final String CHECKPOINT = "checkpoint";
    public static final String RESTORE = "restore";
    public static final String CANCEL = "cancel";

    public static final String CODE_BAD_REQUEST = "bad-request";
    public static final String CODE_REFUSED = "refused";
    public static final String CODE_UNAVAILABLE = "unavailable";
    public static final String CODE_FAILED = "failed";
    public static final String CODE_CANCELLED = "cancelled";
    public static final String CODE_BUSY = "busy";
    /** A restore whose archive asks for more than an ordinary container; allowPrivileged would let it through. */
    public static final String CODE_PRIVILEGED = "privileged";

    /** Field types. */
    public enum Type { STRING, BOOLEAN, STRING_LIST }

    /** The fields each verb accepts besides id and verb; anything else is refused. */
    public static final Map<String, Map<String, Type>> FIELDS = Map.of(
            HELLO, Map.of(),
            LIST, Map.of(),
            CHECKPOINT, Map.ofEntries(
                    Map.entry(Field.CONTAINER, Type.STRING),
                    Map.entry(Field.EXPORT, Type.STRING),
                    Map.entry(Field.COMPRESSION, Type.STRING),
                    Map.entry(Field.LEAVE_RUNNING, Type.BOOLEAN),
                    Map.entry(Field.TCP_ESTABLISHED, Type.BOOLEAN),
                    Map.entry(Field.FILE_LOCKS, Type.BOOLEAN),
                    Map.entry(Field.KEEP, Type.BOOLEAN),
                    Map.entry(Field.IGNORE_ROOTFS, Type.BOOLEAN),
                    Map.entry(Field.IGNORE_VOLUMES, Type.BOOLEAN),
                    Map.entry(Field.PRE_CHECKPOINT, Type.BOOLEAN),
                    Map.entry(Field.WITH_PREVIOUS, Type.BOOLEAN),
                    Map.entry(Field.CREATE_IMAGE, Type.STRING),
                    Map.entry(Field.PRINT_STATS, Type.BOOLEAN),
                    Map.entry(Field.RUNTIME, Type.STRING)),
            RESTORE, Map.ofEntries(
                    Map.entry(Field.ARCHIVE, Type.STRING),
                    Map.entry(Field.CONTAINER, Type.STRING),
                    Map.entry(Field.NAME, Type.STRING),
                    Map.entry(Field.KEEP, Type.BOOLEAN),
                    Map.entry(Field.TCP_ESTABLISHED, Type.BOOLEAN),
                    Map.entry(Field.IGNORE_STATIC_IP, Type.BOOLEAN),
                    Map.entry(Field.IGNORE_STATIC_MAC, Type.BOOLEAN),
                    Map.entry(Field.IGNORE_ROOTFS, Type.BOOLEAN),
                    Map.entry(Field.PUBLISH_PORTS, Type.STRING_LIST),
                    Map.entry(Field.ALLOW_PRIVILEGED, Type.BOOLEAN),
                    Map.entry(Field.RUNTIME, Type.STRING),
                    Map.entry(Field.IMAGE, Type.STRING)),
            CANCEL, Map.of(Field.TARGET, Type.STRING));

    public static final Set<String> COMPRESSIONS = Set.of("zstd", "gzip", "none");

    /** Values of {@link Field#RUNTIME}; absent means podman. */
    public static final String RUNTIME_PODMAN = "podman";
    public static final String RUNTIME_CONTAINERD = "containerd";
    public static final Set<String> RUNTIMES = Set.of(RUNTIME_PODMAN, RUNTIME_CONTAINERD);
    /** The one containerd namespace the helper lists, checkpoints and restores in. */
    public static final String CONTAINERD_NAMESPACE = "default";

    /** Request fields besides id and verb. */
    public static final class Field {
        public static final String CONTAINER = "container";
        public static final String EXPORT = "export";
        public static final String COMPRESSION = "compression";
        public static final String LEAVE_RUNNING = "leaveRunning";
        public static final String TCP_ESTABLISHED = "tcpEstablished";
        public static final String FILE_LOCKS = "fileLocks";
        public static final String KEEP = "keep";
        public static final String IGNORE_ROOTFS = "ignoreRootfs";
        public static final String IGNORE_VOLUMES = "ignoreVolumes";
        public static final String PRE_CHECKPOINT = "preCheckpoint";
        public static final String WITH_PREVIOUS = "withPrevious";
        public static final String CREATE_IMAGE = "createImage";
        public static final String PRINT_STATS = "printStats";
        public static final String ARCHIVE = "archive";
        public static final String NAME = "name";
        public static final String IGNORE_STATIC_IP = "ignoreStaticIp";
        public static final String IGNORE_STATIC_MAC = "ignoreStaticMac";
        public static final String PUBLISH_PORTS = "publishPorts";
        public static final String ALLOW_PRIVILEGED = "allowPrivileged";
        public static final String TARGET = "target";
        /** podman (the default) or containerd: which runtime a checkpoint or restore goes to. */
        public static final String RUNTIME = "runtime";
        /** restore, containerd: the checkpoint image in containerd's store to restore from. */
        public static final String IMAGE = "image";

        private Field() {
        }
    }

    /**
     * Fields of results: hello, list (containers[] of id, name, image, state, created, lastCheckpoint, runtime;
     * notes[]), checkpoint,
     * restore, cancel.
     */
    public static final class Reply {
        public static final String PROTOCOL = "protocol";
        public static final String HELPER_VERSION = "helperVersion";
        public static final String EUID = "euid";
        public static final String CALLER_UID = "callerUid";
        public static final String PODMAN = "podman";
        public static final String PODMAN_VERSION = "podmanVersion";
        public static final String CRIU = "criu";
        public static final String CRIU_VERSION = "criuVersion";
        public static final String CRIU_CHECK_OK = "criuCheckOk";
        public static final String CRIU_CHECK = "criuCheck";
        public static final String CONTAINERS = "containers";
        public static final String ID = "id";
        public static final String NAME = "name";
        public static final String IMAGE = "image";
        public static final String STATE = "state";
        public static final String CREATED = "created";
        public static final String LAST_CHECKPOINT = "lastCheckpoint";
        public static final String CONTAINER = "container";
        public static final String CONTAINER_ID = "containerId";
        public static final String EXPORT = "export";
        public static final String BYTES = "bytes";
        public static final String COMPRESSION = "compression";
        public static final String STATS = "stats";
        public static final String TARGET = "target";
        public static final String CANCELLED = "cancelled";
        /** list: which runtime a container belongs to (podman or containerd). */
        public static final String RUNTIME = "runtime";
        /** list: what could not be listed and why (a runtime missing or not answering), one sentence each. */
        public static final String NOTES = "notes";
        public static final String CTR = "ctr";
        public static final String CONTAINERD_VERSION = "containerdVersion";

        private Reply() {
        }
    }

    /** Fields of a checkpoint's or restore's stats (Podman's --print-stats, times in microseconds). */
    public static final class StatsField {
        public static final String CONTAINER_ID = "containerId";
        public static final String PODMAN_DURATION_US = "podmanDurationUs";
        public static final String RUNTIME_DURATION_US = "runtimeDurationUs";
        public static final String FREEZING_TIME_US = "freezingTimeUs";
        public static final String FROZEN_TIME_US = "frozenTimeUs";
        public static final String MEMDUMP_TIME_US = "memdumpTimeUs";
        public static final String MEMWRITE_TIME_US = "memwriteTimeUs";
        public static final String PAGES_SCANNED = "pagesScanned";
        public static final String PAGES_WRITTEN = "pagesWritten";
        public static final String FORKING_TIME_US = "forkingTimeUs";
        public static final String RESTORE_TIME_US = "restoreTimeUs";
        public static final String PAGES_RESTORED = "pagesRestored";
        public static final String PAGES_COMPARED = "pagesCompared";
        public static final String PAGES_SKIPPED_COW = "pagesSkippedCow";

        private StatsField() {
        }
    }

    private Protocol() {
    }
}
