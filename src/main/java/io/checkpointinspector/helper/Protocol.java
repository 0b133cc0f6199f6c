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
                    Map.entry("container", Type.STRING),
                    Map.entry("export", Type.STRING),
                    Map.entry("compression", Type.STRING),
                    Map.entry("leaveRunning", Type.BOOLEAN),
                    Map.entry("tcpEstablished", Type.BOOLEAN),
                    Map.entry("fileLocks", Type.BOOLEAN),
                    Map.entry("keep", Type.BOOLEAN),
                    Map.entry("ignoreRootfs", Type.BOOLEAN),
                    Map.entry("ignoreVolumes", Type.BOOLEAN),
                    Map.entry("preCheckpoint", Type.BOOLEAN),
                    Map.entry("withPrevious", Type.BOOLEAN),
                    Map.entry("createImage", Type.STRING),
                    Map.entry("printStats", Type.BOOLEAN)),
            RESTORE, Map.ofEntries(
                    Map.entry("archive", Type.STRING),
                    Map.entry("container", Type.STRING),
                    Map.entry("name", Type.STRING),
                    Map.entry("keep", Type.BOOLEAN),
                    Map.entry("tcpEstablished", Type.BOOLEAN),
                    Map.entry("ignoreStaticIp", Type.BOOLEAN),
                    Map.entry("ignoreStaticMac", Type.BOOLEAN),
                    Map.entry("ignoreRootfs", Type.BOOLEAN),
                    Map.entry("publishPorts", Type.STRING_LIST),
                    Map.entry("allowPrivileged", Type.BOOLEAN)),
            CANCEL, Map.of("target", Type.STRING));

    public static final Set<String> COMPRESSIONS = Set.of("zstd", "gzip", "none");

    private Protocol() {
    }
}
