package io.checkpointinspector.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.checkpointinspector.model.ContainerInfo;
import io.checkpointinspector.model.MountInfo;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the engine's JSON side files (config.dump, spec.dump, containerd's status, network.status) and image
 * annotations into {@link ContainerInfo} and the mount list. Every value comes from one of those files; when none
 * names a value it stays null.
 */
final class ContainerMetadata {

    static final String PODMAN = "Podman";
    static final String CRIO = "CRI-O";
    static final String CONTAINERD = "containerd";

    private final JsonNode config;
    private final JsonNode spec;
    private final JsonNode status;
    private final JsonNode network;
    private final Map<String, String> imageAnnotations;

    ContainerMetadata(JsonNode config, JsonNode spec, JsonNode status, JsonNode network,
            Map<String, String> imageAnnotations) {
        this.config = orMissing(config);
        this.spec = orMissing(spec);
        this.status = orMissing(status);
        this.network = orMissing(network);
        this.imageAnnotations = imageAnnotations;
    }

    private static JsonNode orMissing(JsonNode node) {
        return node == null ? MissingNode.getInstance() : node;
    }

    Map<String, String> specAnnotations() {
        Map<String, String> out = new TreeMap<>();
        JsonNode annotations = spec.path("annotations");
        for (Iterator<Map.Entry<String, JsonNode>> it = annotations.fields(); it.hasNext(); ) {
            var e = it.next();
            out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
        }
        return out;
    }

    /** The engine by the markers each one leaves; null when no marker is present. */
    String engine() {
        Map<String, String> a = specAnnotations();
        String manager = a.get("io.container.manager");
        if ("libpod".equals(manager)) {
            return PODMAN;
        }
        if ("cri-o".equals(manager) || a.keySet().stream().anyMatch(k -> k.startsWith("io.kubernetes.cri-o."))) {
            return CRIO;
        }
        if (!status.isMissingNode() || a.keySet().stream().anyMatch(k -> k.startsWith("io.kubernetes.cri."))) {
            return CONTAINERD;
        }
        if (imageAnnotations.keySet().stream().anyMatch(k -> k.startsWith("io.podman.annotations.checkpoint"))) {
            return PODMAN;
        }
        return null;
    }

    ContainerInfo containerInfo() {
        Map<String, String> specAnn = specAnnotations();
        Map<String, String> all = new TreeMap<>(imageAnnotations);
        all.putAll(specAnn);
        String engine = engine();
        String name = text(config, "name");
        String created = text(config, "createdTime");
        String pod = first(specAnn.get("io.kubernetes.pod.name"), specAnn.get("io.kubernetes.cri.sandbox-name"),
                text(config, "pod"));
        String namespace = first(specAnn.get("io.kubernetes.pod.namespace"),
                specAnn.get("io.kubernetes.cri.sandbox-namespace"), text(config, "namespace"));
        if (CRIO.equals(engine)) {
            name = first(crioMetadataName(specAnn.get("io.kubernetes.cri-o.Metadata")),
                    specAnn.get("io.kubernetes.cri-o.ContainerName"), name);
            created = first(specAnn.get("io.kubernetes.cri-o.Created"), created);
        } else if (CONTAINERD.equals(engine)) {
            name = first(specAnn.get("io.kubernetes.cri.container-name"), text(status, "Name"),
                    text(status, "name"), name);
            created = first(created, text(status, "CreatedAt"), text(status, "createdAt"));
        }
        return new ContainerInfo(
                engine,
                first(name, imageAnnotations.get("io.podman.annotations.checkpoint.name")),
                first(text(config, "id"), text(status, "ID"), text(status, "id"),
                        imageAnnotations.get("io.podman.annotations.checkpoint.id")),
                first(text(config, "rootfsImageName"), specAnn.get("io.kubernetes.cri-o.ImageName"),
                        specAnn.get("io.kubernetes.cri.image-name"), text(status, "Image"),
                        imageAnnotations.get("io.podman.annotations.checkpoint.rootfsImageName")),
                first(text(config, "rootfsImageID"), specAnn.get("io.kubernetes.cri-o.ImageRef"),
                        imageAnnotations.get("io.podman.annotations.checkpoint.rootfsImageID")),
                first(text(config, "runtime"), text(config, "runtimeName"),
                        imageAnnotations.get("io.podman.annotations.checkpoint.runtime.name")),
                created,
                first(text(config, "checkpointedTime"), text(status, "CheckpointedAt")),
                pod,
                namespace,
                first(specAnn.get("io.kubernetes.cri-o.IP.0"), networkIp()),
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

    private static String crioMetadataName(String metadataJson) {
        if (metadataJson == null) {
            return null;
        }
        try {
            return text(Json.MAPPER.readTree(metadataJson), "name");
        } catch (java.io.IOException e) {
            return null;
        }
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
