package io.checkpointinspector.helper;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a containerd checkpoint image asks of root's containerd, read before ctr containers restore runs.
 *
 * <p>containerd 1.6 restores a container from the checkpoint's index: the runtime (shim) named by the index
 * annotation io.containerd.checkpoint.runtime with the runtime options blob (runc's Options, which can name the
 * runc binary, its root and criu's path: programs containerd would run as root), the OCI spec in the config blob
 * (given to runc as it is: capabilities, namespaces, mounts, devices, hooks), the snapshotter and base image named
 * by annotations, the rw layer (applied by containerd's own diff applier, which keeps paths inside the snapshot)
 * and the CRIU images. The spec gets the same findings as a podman spec.dump (privileges: restored only when
 * allowed; escapes: always refused); the runtime, its options and anything else unexpected are escapes.
 * Go's encoding/json matches keys case-insensitively, so keys spelled two ways are an escape, as in
 * {@link RestoreAudit}.
 */
final class ContainerdAudit {

    static final String INDEX = "application/vnd.oci.image.index.v1+json";
    static final String CONFIG = "application/vnd.containerd.container.checkpoint.config.v1+proto";
    static final String OPTIONS = "application/vnd.containerd.container.checkpoint.options.v1+proto";
    static final String RUNTIME_OPTIONS = "application/vnd.containerd.container.checkpoint.runtime.options+proto";
    static final String RW = "application/vnd.oci.image.layer.v1.tar+gzip";
    static final String RW_PLAIN = "application/vnd.oci.image.layer.v1.tar";
    static final String RUNTIME_ANNOTATION = "io.containerd.checkpoint.runtime";
    static final String SNAPSHOTTER_ANNOTATION = "io.containerd.checkpoint.snapshotter";
    static final String IMAGE_ANNOTATION = "org.opencontainers.image.ref.name";
    static final String SPEC_TYPE = "types.containerd.io/opencontainers/runtime-spec/1/Spec";
    static final String RUNC_OPTIONS_TYPE = "containerd.runc.v1.Options";
    static final String RUNC_CHECKPOINT_OPTIONS_TYPE = "containerd.runc.v1.CheckpointOptions";
    /** The shims Debian's containerd brings; another name would start another program as root. */
    static final Set<String> RUNTIMES = Set.of("io.containerd.runc.v2", "io.containerd.runc.v1");
    /** The base image's manifests, present when checkpointed with --image; containerd reads them as an image. */
    private static final Set<String> IMAGE_TYPES = Set.of("application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json", INDEX,
            "application/vnd.docker.distribution.manifest.list.v2+json");
    private static final Pattern DIGEST = Pattern.compile("^sha256:[0-9a-f]{64}$");
    private static final Pattern SNAPSHOTTER = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,63}$");
    /** runc Options fields that only switch behaviour (no_pivot_root, no_new_keyring, systemd_cgroup). */
    private static final Set<Integer> HARMLESS_RUNC_OPTIONS = Set.of(1, 2, 9);
    private static final Map<Integer, String> RUNC_OPTION_NAMES = Map.of(3, "shim_cgroup", 4, "io_uid", 5, "io_gid",
            6, "binary_name", 7, "root", 8, "criu_path", 10, "criu_image_path", 11, "criu_work_path");
    /** runc CheckpointOptions fields that name host paths (image_path, work_path). */
    private static final Map<Integer, String> CHECKPOINT_PATHS = Map.of(8, "image_path", 9, "work_path");

    /** The content of a blob by digest (already checked to match it), or null when it is not there. */
    @FunctionalInterface
    interface Blobs {
        byte[] get(String digest) throws IOException, RefusedException;
    }

    /** The findings, and the base image the checkpoint names (containerd needs it in its store). */
    record Report(String baseImage, String runtime, List<RestoreAudit.Finding> findings) {
        Report {
            findings = List.copyOf(findings);
        }

        List<RestoreAudit.Finding> escapes() {
            return findings.stream().filter(RestoreAudit.Finding::escape).toList();
        }

        List<RestoreAudit.Finding> privileges() {
            return findings.stream().filter(f -> !f.escape()).toList();
        }
    }

    private final ObjectMapper json = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private final List<RestoreAudit.Finding> findings = new ArrayList<>();
    private final String label;

    private ContainerdAudit(String label) {
        this.label = label;
    }

    /**
     * index: the checkpoint's own index blob (what the image ref points at). label names the checkpoint in
     * messages.
     *
     * @throws RefusedException when it is not a containerd checkpoint at all
     */
    static Report audit(String label, byte[] index, Blobs blobs) throws IOException, RefusedException {
        return new ContainerdAudit(label).run(index, blobs);
    }

    private Report run(byte[] indexBytes, Blobs blobs) throws IOException, RefusedException {
        JsonNode index = parse("index", indexBytes);
        if (index == null || !index.isObject()) {
            throw refused(label + ": its index is not a JSON object");
        }
        String mediaType = text(index, "index", "mediaType");
        if (mediaType != null && !mediaType.equals(INDEX)) {
            escape("index: mediaType", "'" + printable(mediaType) + "' is not an OCI image index");
        }
        JsonNode annotations = get(index, "index", "annotations");
        String runtime = text(annotations, "index: annotations", RUNTIME_ANNOTATION);
        if (runtime == null || !RUNTIMES.contains(runtime)) {
            escape("index: annotations." + RUNTIME_ANNOTATION, "runtime '" + printable(String.valueOf(runtime))
                    + "' is not runc's shim (" + String.join(", ", RUNTIMES) + "): containerd would start it as root");
        }
        String snapshotter = text(annotations, "index: annotations", SNAPSHOTTER_ANNOTATION);
        if (snapshotter == null || !SNAPSHOTTER.matcher(snapshotter).matches()) {
            escape("index: annotations." + SNAPSHOTTER_ANNOTATION, "'" + printable(String.valueOf(snapshotter))
                    + "' is not a snapshotter name");
        }
        String baseImage = text(annotations, "index: annotations", IMAGE_ANNOTATION);
        if (baseImage == null || baseImage.isEmpty()) {
            escape("index: annotations." + IMAGE_ANNOTATION, "names no base image");
        }
        Map<String, String> byType = manifests(get(index, "index", "manifests"));
        if (!byType.containsKey(ContainerdCheckpoint.CRIU_TAR)) {
            throw refused(label + " is not a containerd checkpoint: its index lists no CRIU images ("
                    + ContainerdCheckpoint.CRIU_TAR + ")");
        }
        if (!byType.containsKey(CONFIG)) {
            throw refused(label + " is not a containerd checkpoint: its index lists no config (" + CONFIG + ")");
        }
        spec(need(blobs, byType.get(CONFIG), "config"));
        if (byType.containsKey(RUNTIME_OPTIONS)) {
            runtimeOptions(need(blobs, byType.get(RUNTIME_OPTIONS), "runtime options"));
        }
        if (byType.containsKey(OPTIONS)) {
            checkpointOptions(need(blobs, byType.get(OPTIONS), "checkpoint options"));
        }
        return new Report(baseImage, runtime, findings);
    }

    /** Media type to digest; a type listed twice, an unknown type or a bad digest is an escape. */
    private Map<String, String> manifests(JsonNode list) {
        Map<String, String> byType = new HashMap<>();
        if (list == null || !list.isArray()) {
            return byType;
        }
        Set<String> known = Set.of(ContainerdCheckpoint.CRIU_TAR, CONFIG, OPTIONS, RUNTIME_OPTIONS, RW, RW_PLAIN);
        for (JsonNode m : list) {
            String type = text(m, "index: manifests", "mediaType");
            String digest = text(m, "index: manifests", "digest");
            String field = "index: manifests[" + printable(String.valueOf(type)) + "]";
            if (digest == null || !DIGEST.matcher(digest).matches()) {
                escape(field, "digest '" + printable(String.valueOf(digest)) + "' is not a sha256 digest");
                continue;
            }
            if (type == null || !(known.contains(type) || IMAGE_TYPES.contains(type))) {
                escape(field, "a blob of a type containerd's checkpoints do not hold");
                continue;
            }
            if (known.contains(type) && byType.put(type, digest) != null) {
                escape(field, "listed more than once: which one containerd takes is not what this check read");
            }
        }
        return byType;
    }

    private byte[] need(Blobs blobs, String digest, String what) throws IOException, RefusedException {
        byte[] b = blobs.get(digest);
        if (b == null) {
            throw refused(label + ": the " + what + " blob " + digest + " is missing (or larger than the 1 MiB "
                    + "this check reads)");
        }
        return b;
    }

    private void spec(byte[] config) throws RefusedException {
        Any any = any("config", config);
        if (any == null) {
            return;
        }
        if (!SPEC_TYPE.equals(any.type())) {
            escape("config: type_url", "'" + printable(any.type()) + "' is not an OCI runtime spec");
            return;
        }
        findings.addAll(RestoreAudit.containerdSpec("config (OCI spec)", any.value()));
    }

    private void runtimeOptions(byte[] blob) {
        Any any = any("runtime options", blob);
        if (any == null || (any.type().isEmpty() && any.value().length == 0)) {
            return;
        }
        if (!RUNC_OPTIONS_TYPE.equals(any.type())) {
            escape("runtime options: type_url", "'" + printable(any.type()) + "' is not runc's options ("
                    + RUNC_OPTIONS_TYPE + ")");
            return;
        }
        for (ProtoWire.Field f : fields("runtime options", any.value())) {
            if (!HARMLESS_RUNC_OPTIONS.contains(f.number()) || f.wireType() != 0) {
                String name = RUNC_OPTION_NAMES.getOrDefault(f.number(), "field " + f.number());
                escape("runtime options: " + name, (f.bytes() == null ? "set to " + f.varint()
                        : "'" + printable(new String(f.bytes(), StandardCharsets.UTF_8)) + "'")
                        + ": names a program, folder or owner for containerd's shim to use as root");
            }
        }
    }

    private void checkpointOptions(byte[] blob) {
        Any any = any("checkpoint options", blob);
        if (any == null || (any.type().isEmpty() && any.value().length == 0)) {
            return;
        }
        if (!RUNC_CHECKPOINT_OPTIONS_TYPE.equals(any.type())) {
            escape("checkpoint options: type_url", "'" + printable(any.type()) + "' is not runc's checkpoint options");
            return;
        }
        for (ProtoWire.Field f : fields("checkpoint options", any.value())) {
            String path = CHECKPOINT_PATHS.get(f.number());
            if (path != null && f.bytes() != null && f.bytes().length > 0) {
                escape("checkpoint options: " + path, "'" + printable(new String(f.bytes(), StandardCharsets.UTF_8))
                        + "': a host folder for CRIU's images");
            }
        }
    }

    /** A google.protobuf.Any: type_url (1) and value (2), each at most once. */
    private record Any(String type, byte[] value) {
    }

    private Any any(String what, byte[] blob) {
        String type = "";
        byte[] value = new byte[0];
        int types = 0;
        int values = 0;
        for (ProtoWire.Field f : fields(what, blob)) {
            if (f.number() == 1 && f.bytes() != null && f.wireType() == 2) {
                type = new String(f.bytes(), StandardCharsets.UTF_8);
                types++;
            } else if (f.number() == 2 && f.bytes() != null && f.wireType() == 2) {
                value = f.bytes();
                values++;
            } else {
                escape(what, "field " + f.number() + " is not part of a protobuf Any");
            }
        }
        if (types > 1 || values > 1) {
            escape(what, "type_url or value given more than once (protobuf takes the last)");
        }
        return new Any(type, value);
    }

    private List<ProtoWire.Field> fields(String what, byte[] blob) {
        try {
            return ProtoWire.parse(blob);
        } catch (IllegalArgumentException e) {
            escape(what, "is not protobuf: " + e.getMessage());
            return List.of();
        }
    }

    private JsonNode parse(String what, byte[] bytes) throws RefusedException {
        try {
            return json.readTree(bytes);
        } catch (JacksonException e) {
            throw refused(label + ": " + what + " is not JSON containerd would read: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw refused(label + ": " + what + " cannot be read: " + e.getMessage());
        }
    }

    /** node's field as Go's encoding/json finds it (case-insensitively); several spellings are an escape. */
    private JsonNode get(JsonNode node, String where, String name) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode found = null;
        int matches = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            // annotations are a Go map: exact keys there
            boolean same = where.endsWith("annotations") ? f.getKey().equals(name) : f.getKey().equalsIgnoreCase(name);
            if (same) {
                found = f.getValue();
                matches++;
            }
        }
        if (matches > 1) {
            escape(where + ": " + name, "appears " + matches + " times in different spellings");
        }
        return found;
    }

    private String text(JsonNode node, String where, String name) {
        JsonNode v = get(node, where, name);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
    }

    private void escape(String field, String what) {
        findings.add(new RestoreAudit.Finding(label + ": " + field, what, true));
    }

    private static RefusedException refused(String message) {
        return new RefusedException(Protocol.CODE_REFUSED, message);
    }

    private static String printable(String s) {
        return RequestParser.printable(s);
    }
}
