package io.checkpointinspector.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.checkpointinspector.model.CheckpointedContainer;
import io.checkpointinspector.model.MountInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the engine's JSON side files (config.dump, spec.dump, containerd's status and status.dump, network.status)
 * and image annotations into {@link CheckpointedContainer} and the mount list. Every value comes from one of those files;
 * when none names a value it stays null.
 *
 * <p>What each engine writes (see docs in the engine sources):
 * <ul>
 * <li>Podman: full config.dump (name, createdTime, rootfsImageName/ID, runtime), spec.dump with
 * {@code io.container.manager=libpod}, network.status (netavark map or CNI result list: IP and MAC).</li>
 * <li>CRI-O: reduced config.dump (id, name = k8s_ctr_pod_ns_uid_attempt, rootfsImage, rootfsImageRef,
 * rootfsImageName, runtime, createdTime, checkpointedTime, restoredTime, restored); spec.dump with
 * {@code io.container.manager=cri-o}, {@code io.kubernetes.cri-o.Metadata} ({"name","attempt"}),
 * {@code io.kubernetes.cri-o.Created}, {@code io.kubernetes.cri-o.IP.<n>}, {@code io.kubernetes.cri-o.ImageName},
 * {@code io.kubernetes.cri-o.ImageRef} and the kubelet labels (io.kubernetes.pod.name, io.kubernetes.pod.namespace,
 * io.kubernetes.container.name) copied in as annotations. No network.status, so no MAC.</li>
 * <li>containerd: the same reduced config.dump; spec.dump with {@code io.kubernetes.cri.*} annotations
 * (container-name, sandbox-name, sandbox-namespace, image-name) and no manager annotation; {@code status}, the CRI
 * plugin's own JSON ({"Version":"v1","Pid","CreatedAt" (ns),"StartedAt",...}); {@code status.dump}, the CRI
 * ContainerStatus as JSON (id, metadata.name, created_at (ns), image.image, image_ref, labels, annotations,
 * log_path). No IP or MAC anywhere.</li>
 * </ul>
 */
final class ContainerMetadata {

    static final String PODMAN = "Podman";
    static final String CRIO = "CRI-O";
    static final String CONTAINERD = "containerd";

    static final String MANAGER = "io.container.manager";
    static final String CRIO_PREFIX = "io.kubernetes.cri-o.";
    static final String CRIO_METADATA = "io.kubernetes.cri-o.Metadata";
    static final String CRIO_IP = "io.kubernetes.cri-o.IP";
    static final String CRIO_LABELS = "io.kubernetes.cri-o.Labels";
    static final String CRI_PREFIX = "io.kubernetes.cri.";
    static final String POD_NAME = "io.kubernetes.pod.name";
    static final String POD_NAMESPACE = "io.kubernetes.pod.namespace";
    static final String CONTAINER_NAME_LABEL = "io.kubernetes.container.name";
    static final String PODMAN_IMAGE_PREFIX = "io.podman.annotations.checkpoint.";

    /** Go's zero time.Time as encoding/json writes it: CRI-O and containerd leave restoredTime so. */
    private static final String GO_ZERO_TIME_PREFIX = "0001-01-01T00:00:00";

    private final JsonNode config;
    private final JsonNode spec;
    private final JsonNode status;
    private final JsonNode statusDump;
    private final JsonNode network;
    private final Map<String, String> imageAnnotations;

    ContainerMetadata(JsonNode config, JsonNode spec, JsonNode status, JsonNode network,
            Map<String, String> imageAnnotations) {
        this(config, spec, status, null, network, imageAnnotations);
    }

    /**
     * @param status     containerd's {@code status} file
     * @param statusDump containerd's {@code status.dump} (CRI ContainerStatus as JSON)
     */
    ContainerMetadata(JsonNode config, JsonNode spec, JsonNode status, JsonNode statusDump, JsonNode network,
            Map<String, String> imageAnnotations) {
        this.config = orMissing(config);
        this.spec = orMissing(spec);
        this.status = orMissing(status);
        this.statusDump = orMissing(statusDump);
        this.network = orMissing(network);
        this.imageAnnotations = imageAnnotations == null ? Map.of() : imageAnnotations;
    }

    private static JsonNode orMissing(JsonNode node) {
        return node == null ? MissingNode.getInstance() : node;
    }

    Map<String, String> specAnnotations() {
        return stringMap(spec.path("annotations"));
    }

    private static Map<String, String> nonEmpty(Map<String, String> in) {
        Map<String, String> out = new TreeMap<>(in);
        out.values().removeIf(String::isEmpty);
        return out;
    }

    private static Map<String, String> stringMap(JsonNode object) {
        Map<String, String> out = new TreeMap<>();
        if (!object.isObject()) {
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            var e = it.next();
            out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
        }
        return out;
    }

    /**
     * The engine by the markers each one leaves; null when no marker is present. {@code io.container.manager}
     * decides when present (libpod or cri-o). Without it: CRI-O-only annotations (Metadata, IP.n; Podman also
     * writes io.kubernetes.cri-o.Created and TTY, so those prove nothing), then containerd's status files or
     * io.kubernetes.cri.* annotations, then Podman's checkpoint image annotations.
     */
    String engine() {
        Map<String, String> a = specAnnotations();
        String manager = a.get(MANAGER);
        if ("libpod".equals(manager)) {
            return PODMAN;
        }
        if ("cri-o".equals(manager)) {
            return CRIO;
        }
        if (manager != null) {
            return null;
        }
        if (a.containsKey(CRIO_METADATA) || a.keySet().stream().anyMatch(k -> k.startsWith(CRIO_IP + "."))) {
            return CRIO;
        }
        if (!status.isMissingNode() || !statusDump.isMissingNode()
                || a.keySet().stream().anyMatch(k -> k.startsWith(CRI_PREFIX))) {
            return CONTAINERD;
        }
        if (imageAnnotations.keySet().stream().anyMatch(k -> k.startsWith(PODMAN_IMAGE_PREFIX))) {
            return PODMAN;
        }
        return null;
    }

    CheckpointedContainer containerInfo() {
        Map<String, String> all = new TreeMap<>(imageAnnotations);
        all.putAll(specAnnotations());
        // CRI-O writes some annotations empty (ImageName when the image was referenced by ID): empty is absent.
        Map<String, String> specAnn = nonEmpty(specAnnotations());
        String engine = engine();
        Map<String, String> statusLabels = nonEmpty(stringMap(statusDump.path("labels")));
        Map<String, String> crioLabels = nonEmpty(jsonMap(specAnn.get(CRIO_LABELS)));

        String name = text(config, "name");
        String created = time(config, "createdTime");
        if (CRIO.equals(engine)) {
            // config.dump's name is CRI-O's k8s_<ctr>_<pod>_<ns>_<uid>_<attempt>; the Metadata annotation has the
            // container's own name, as checkpointctl shows it.
            name = first(jsonText(specAnn.get(CRIO_METADATA), "name"), specAnn.get(CONTAINER_NAME_LABEL),
                    crioLabels.get(CONTAINER_NAME_LABEL), specAnn.get("io.kubernetes.cri-o.ContainerName"), name);
            created = first(nonZeroTime(specAnn.get("io.kubernetes.cri-o.Created")), created);
        } else if (CONTAINERD.equals(engine)) {
            // config.dump's name is containerd's <ctr>_<pod>_<ns>_<uid>_<attempt>.
            name = first(specAnn.get("io.kubernetes.cri.container-name"), text(statusDump.path("metadata"), "name"),
                    statusLabels.get(CONTAINER_NAME_LABEL), name);
            created = first(created, nanos(statusDump, "created_at"), nanos(status, "CreatedAt"));
        }
        String pod = first(specAnn.get(POD_NAME), specAnn.get("io.kubernetes.cri.sandbox-name"),
                statusLabels.get(POD_NAME), crioLabels.get(POD_NAME), text(config, "pod"));
        String namespace = first(specAnn.get(POD_NAMESPACE), specAnn.get("io.kubernetes.cri.sandbox-namespace"),
                statusLabels.get(POD_NAMESPACE), crioLabels.get(POD_NAMESPACE), text(config, "namespace"));
        return new CheckpointedContainer(
                engine,
                first(name, imageAnnotations.get(PODMAN_IMAGE_PREFIX + "name")),
                first(text(config, "id"), specAnn.get("io.kubernetes.cri-o.ContainerID"), text(statusDump, "id"),
                        imageAnnotations.get(PODMAN_IMAGE_PREFIX + "id")),
                first(text(config, "rootfsImageName"), specAnn.get("io.kubernetes.cri-o.ImageName"),
                        specAnn.get("io.kubernetes.cri.image-name"), text(statusDump.path("image"), "image"),
                        text(config, "rootfsImage"), specAnn.get("io.kubernetes.cri-o.Image"),
                        imageAnnotations.get(PODMAN_IMAGE_PREFIX + "rootfsImageName")),
                first(text(config, "rootfsImageID"), text(config, "rootfsImageRef"),
                        specAnn.get("io.kubernetes.cri-o.ImageRef"), text(statusDump, "image_ref"),
                        text(statusDump, "image_id"), imageAnnotations.get(PODMAN_IMAGE_PREFIX + "rootfsImageID")),
                first(text(config, "runtime"), text(config, "runtimeName"),
                        imageAnnotations.get(PODMAN_IMAGE_PREFIX + "runtime.name")),
                created,
                // CRI-O and containerd write checkpointedTime into config.dump; Podman's config.dump has none (the
                // caller then falls back to inventory.img's time).
                time(config, "checkpointedTime"),
                pod,
                namespace,
                first(crioIp(specAnn), networkIp()),
                networkMac(),
                all);
    }

    List<MountInfo> mounts() {
        List<MountInfo> out = new ArrayList<>();
        for (JsonNode m : spec.path("mounts")) {
            List<String> options = new ArrayList<>();
            m.path("options").forEach(o -> options.add(o.asText()));
            out.add(new MountInfo(text(m, "destination"), text(m, "type"), text(m, "source"), options));
        }
        return out;
    }

    /** CRI-O writes one io.kubernetes.cri-o.IP.n annotation per pod IP (n from 0); the first is the one shown. */
    private static String crioIp(Map<String, String> specAnn) {
        // very old CRI-O wrote a single io.kubernetes.cri-o.IP
        return first(specAnn.get(CRIO_IP + ".0"), specAnn.get(CRIO_IP));
    }

    /** The first IPv4 address in network.status (Podman: a map of networks or a CNI result list). */
    private String networkIp() {
        for (JsonNode iface : interfaces()) {
            for (JsonNode subnet : iface.path("subnets")) {
                String ip = text(subnet, "ipnet");
                if (ip != null) {
                    return ip.contains("/") ? ip.substring(0, ip.indexOf('/')) : ip;
                }
            }
        }
        for (JsonNode ip : network.findValues("ips")) {
            for (JsonNode entry : ip) {
                String address = text(entry, "address");
                if (address != null) {
                    return address.contains("/") ? address.substring(0, address.indexOf('/')) : address;
                }
            }
        }
        return null;
    }

    private String networkMac() {
        for (JsonNode iface : interfaces()) {
            String mac = first(text(iface, "mac_address"), text(iface, "mac"));
            if (mac != null) {
                return mac;
            }
        }
        for (JsonNode ifaces : network.findValues("interfaces")) {
            for (JsonNode iface : ifaces) {
                String mac = text(iface, "mac");
                if (mac != null && iface.path("sandbox").isTextual()) {
                    return mac;
                }
            }
        }
        return null;
    }

    /** Netavark's status: {network: {interfaces: {eth0: {subnets:[...], mac_address}}}}. */
    private List<JsonNode> interfaces() {
        List<JsonNode> out = new ArrayList<>();
        if (network.isObject()) {
            for (JsonNode net : network) {
                JsonNode ifaces = net.path("interfaces");
                if (ifaces.isObject()) {
                    ifaces.forEach(out::add);
                }
            }
        }
        return out;
    }

    /** A field of a JSON object held in an annotation value (CRI-O's Metadata); null when unreadable. */
    private static String jsonText(String json, String field) {
        if (json == null) {
            return null;
        }
        try {
            return text(Json.read(json), field);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** A JSON object of strings held in an annotation value (CRI-O's Labels); empty when unreadable. */
    private static Map<String, String> jsonMap(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return stringMap(Json.read(json));
        } catch (java.io.IOException e) {
            return Map.of();
        }
    }

    /** A Go time.Time field as written; null when absent or Go's zero time. */
    private static String time(JsonNode node, String field) {
        return nonZeroTime(text(node, field));
    }

    private static String nonZeroTime(String value) {
        return value == null || value.startsWith(GO_ZERO_TIME_PREFIX) ? null : value;
    }

    /** A Unix time in nanoseconds (containerd's status files) as an ISO-8601 instant; null when absent or 0. */
    private static String nanos(JsonNode node, String field) {
        JsonNode v = node.path(field);
        long ns;
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            ns = v.asLong();
        } else if (v.isTextual() && v.asText().matches("\\d{1,19}")) {
            try {
                ns = Long.parseLong(v.asText());
            } catch (NumberFormatException e) {
                return null;
            }
        } else {
            return null;
        }
        if (ns <= 0) {
            return null;
        }
        return Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L))
                .toString();
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        String s = v.isValueNode() ? v.asText() : v.toString();
        return s.isEmpty() ? null : s;
    }

    @SafeVarargs
    static <T> T first(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    static Map<String, String> ordered(Map<String, String> in) {
        return new LinkedHashMap<>(in);
    }
}
