package io.checkpointinspector.helper;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One request line to a {@link Request}, or a {@link RefusedException}: not a JSON object, duplicate keys, unknown
 * verb, unknown field, wrong type, bad name, a value starting with '-', a relative or non-normalised path.
 * File-system checks come later, in the handlers.
 */
public final class RequestParser {

    private final ObjectMapper json = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public Request parse(String line) throws RefusedException {
        JsonNode node;
        try {
            node = json.readTree(line);
        } catch (JacksonException e) {
            throw bad(null, "not a JSON object: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw bad(null, "a request must be a JSON object");
        }
        JsonNode idNode = node.get(Protocol.ID);
        if (idNode == null || !idNode.isTextual() || !Checks.REQUEST_ID.matcher(idNode.asText()).matches()) {
            throw bad(null, "id must be a string of 1-64 characters [A-Za-z0-9._:-] not starting with punctuation");
        }
        String id = idNode.asText();
        try {
            return parse(id, node);
        } catch (RefusedException e) {
            throw new RefusedException(id, e.code(), e.getMessage());
        }
    }

    private Request parse(String id, JsonNode node) throws RefusedException {
        JsonNode verbNode = node.get(Protocol.VERB);
        if (verbNode == null || !verbNode.isTextual()) {
            throw bad(id, "verb must be a string");
        }
        String verb = verbNode.asText();
        Map<String, Protocol.Type> allowed = Protocol.FIELDS.get(verb);
        if (allowed == null) {
            throw bad(id, "unknown verb '" + printable(verb) + "' (hello, list, checkpoint, restore, cancel)");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals(Protocol.ID) || f.getKey().equals(Protocol.VERB)) {
                continue;
            }
            Protocol.Type type = allowed.get(f.getKey());
            if (type == null) {
                throw bad(id, "unknown field '" + printable(f.getKey()) + "' for verb " + verb);
            }
            checkType(id, f.getKey(), type, f.getValue());
        }
        Fields f = new Fields(node);
        return switch (verb) {
            case Protocol.HELLO -> new Request.Hello(id);
            case Protocol.LIST -> new Request.ListContainers(id);
            case Protocol.CHECKPOINT -> checkpoint(id, f);
            case Protocol.RESTORE -> restore(id, f);
            default -> new Request.Cancel(id, cancelTarget(f));
        };
    }

    private static Request checkpoint(String id, Fields f) throws RefusedException {
        String container = f.string(Protocol.Field.CONTAINER);
        if (container == null) {
            throw bad(id, "checkpoint needs container");
        }
        Checks.containerRef("container", container);
        String export = f.string(Protocol.Field.EXPORT);
        if (export != null) {
            Checks.absoluteNormalPath("export", export);
        }
        String compression = f.string(Protocol.Field.COMPRESSION);
        if (compression != null) {
            Checks.noLeadingDash("compression", compression);
            if (!Protocol.COMPRESSIONS.contains(compression)) {
                throw new RefusedException(Protocol.CODE_REFUSED, "compression must be zstd, gzip or none");
            }
            if (export == null) {
                throw bad(id, "compression needs export");
            }
        }
        String image = f.string(Protocol.Field.CREATE_IMAGE);
        if (image != null) {
            Checks.image("createImage", image);
        }
        String runtime = runtime(f);
        if (runtime.equals(Protocol.RUNTIME_CONTAINERD)) {
            podmanOnly(id, f, "checkpoint", Protocol.Field.COMPRESSION, Protocol.Field.TCP_ESTABLISHED,
                    Protocol.Field.FILE_LOCKS, Protocol.Field.KEEP, Protocol.Field.IGNORE_ROOTFS,
                    Protocol.Field.IGNORE_VOLUMES, Protocol.Field.PRE_CHECKPOINT, Protocol.Field.WITH_PREVIOUS);
            if (image == null) {
                throw bad(id, "a containerd checkpoint needs createImage (the checkpoint image it makes in "
                        + "containerd's store)");
            }
        }
        return new Request.Checkpoint(id, container, export, compression, f.flag(Protocol.Field.LEAVE_RUNNING),
                f.flag(Protocol.Field.TCP_ESTABLISHED), f.flag(Protocol.Field.FILE_LOCKS), f.flag(Protocol.Field.KEEP), f.flag(Protocol.Field.IGNORE_ROOTFS),
                f.flag(Protocol.Field.IGNORE_VOLUMES), f.flag(Protocol.Field.PRE_CHECKPOINT), f.flag(Protocol.Field.WITH_PREVIOUS), image,
                f.flag(Protocol.Field.PRINT_STATS), runtime);
    }

    private static Request restore(String id, Fields f) throws RefusedException {
        if (runtime(f).equals(Protocol.RUNTIME_CONTAINERD)) {
            return containerdRestore(id, f);
        }
        if (f.string(Protocol.Field.IMAGE) != null) {
            throw bad(id, "image needs runtime containerd (podman restores from archive or container)");
        }
        String archive = f.string(Protocol.Field.ARCHIVE);
        String container = f.string(Protocol.Field.CONTAINER);
        if ((archive == null) == (container == null)) {
            throw bad(id, "restore needs exactly one of archive and container");
        }
        if (archive != null) {
            Checks.absoluteNormalPath("archive", archive);
        } else {
            Checks.containerRef("container", container);
        }
        String name = f.string(Protocol.Field.NAME);
        if (name != null) {
            Checks.containerRef("name", name);
        }
        List<String> ports = new ArrayList<>();
        for (String p : f.strings(Protocol.Field.PUBLISH_PORTS)) {
            ports.add(Checks.port("publishPorts", p));
        }
        if (archive == null && (name != null || f.flag(Protocol.Field.ALLOW_PRIVILEGED))) {
            throw bad(id, "name and allowPrivileged need archive (podman restores a checkpointed container as it is)");
        }
        return new Request.Restore(id, archive, container, name, f.flag(Protocol.Field.KEEP), f.flag(Protocol.Field.TCP_ESTABLISHED),
                f.flag(Protocol.Field.IGNORE_STATIC_IP), f.flag(Protocol.Field.IGNORE_STATIC_MAC), f.flag(Protocol.Field.IGNORE_ROOTFS), ports,
                f.flag(Protocol.Field.ALLOW_PRIVILEGED), Protocol.RUNTIME_PODMAN, null);
    }

    /**
     * ctr containers restore makes a new container from a checkpoint image: from a file (imported first) or an
     * image in containerd's store, always under a new name; podman's restore options do not exist there.
     */
    private static Request containerdRestore(String id, Fields f) throws RefusedException {
        String archive = f.string(Protocol.Field.ARCHIVE);
        String image = f.string(Protocol.Field.IMAGE);
        if ((archive == null) == (image == null)) {
            throw bad(id, "a containerd restore needs exactly one of archive and image");
        }
        if (archive != null) {
            Checks.absoluteNormalPath("archive", archive);
        } else {
            Checks.image("image", image);
        }
        podmanOnly(id, f, "restore", Protocol.Field.CONTAINER, Protocol.Field.KEEP, Protocol.Field.TCP_ESTABLISHED,
                Protocol.Field.IGNORE_STATIC_IP, Protocol.Field.IGNORE_STATIC_MAC, Protocol.Field.IGNORE_ROOTFS,
                Protocol.Field.PUBLISH_PORTS);
        String name = f.string(Protocol.Field.NAME);
        if (name == null) {
            throw bad(id, "a containerd restore needs name (the new container's id)");
        }
        Checks.containerRef("name", name);
        return new Request.Restore(id, archive, null, name, false, false, false, false, false, List.of(),
                f.flag(Protocol.Field.ALLOW_PRIVILEGED), Protocol.RUNTIME_CONTAINERD, image);
    }

    private static String runtime(Fields f) throws RefusedException {
        String runtime = f.string(Protocol.Field.RUNTIME);
        if (runtime == null) {
            return Protocol.RUNTIME_PODMAN;
        }
        Checks.noLeadingDash("runtime", runtime);
        if (!Protocol.RUNTIMES.contains(runtime)) {
            throw new RefusedException(Protocol.CODE_REFUSED, "runtime must be podman or containerd");
        }
        return runtime;
    }

    /** Refuses podman's options that ctr has no counterpart for, so nothing asked for is silently dropped. */
    private static void podmanOnly(String id, Fields f, String verb, String... fields) throws RefusedException {
        for (String name : fields) {
            if (f.present(name)) {
                throw bad(id, name + " is a podman " + verb + " option; ctr has no counterpart (runtime containerd)");
            }
        }
    }

    private static String cancelTarget(Fields f) throws RefusedException {
        String target = f.string(Protocol.Field.TARGET);
        if (target == null) {
            throw new RefusedException(Protocol.CODE_BAD_REQUEST, "cancel needs target (a request id)");
        }
        Checks.noLeadingDash("target", target);
        if (!Checks.REQUEST_ID.matcher(target).matches()) {
            throw new RefusedException(Protocol.CODE_BAD_REQUEST, "target is not a request id");
        }
        return target;
    }

    private static void checkType(String id, String field, Protocol.Type type, JsonNode v) throws RefusedException {
        boolean ok = switch (type) {
            case STRING -> v.isTextual();
            case BOOLEAN -> v.isBoolean();
            case STRING_LIST -> v.isArray() && v.size() <= 64 && allText(v);
        };
        if (!ok) {
            throw bad(id, field + " must be " + switch (type) {
                case STRING -> "a string";
                case BOOLEAN -> "true or false";
                case STRING_LIST -> "a list of at most 64 strings";
            });
        }
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode e : array) {
            if (!e.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static RefusedException bad(String id, String message) {
        return new RefusedException(id, Protocol.CODE_BAD_REQUEST, message);
    }

    /** Text from the request, shortened and with control characters escaped, fit for an error or the log. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 80; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return s.length() > 80 ? b + "…" : b.toString();
    }

    /** Typed access to a request already checked against its verb's field types. */
    private record Fields(JsonNode node) {
        String string(String name) {
            JsonNode v = node.get(name);
            return v == null ? null : v.asText();
        }

        /** Set to anything but false or an empty list. */
        boolean present(String name) {
            JsonNode v = node.get(name);
            return v != null && !(v.isBoolean() && !v.asBoolean()) && !(v.isArray() && v.isEmpty());
        }

        boolean flag(String name) {
            JsonNode v = node.get(name);
            return v != null && v.asBoolean();
        }

        List<String> strings(String name) {
            List<String> out = new ArrayList<>();
            JsonNode v = node.get(name);
            if (v != null) {
                v.forEach(e -> out.add(e.asText()));
            }
            return out;
        }
    }
}
