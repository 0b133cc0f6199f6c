package io.checkpointinspector.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.model.CheckpointedContainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The manifest annotations of a checkpoint image: Podman's {@code io.podman.annotations.checkpoint.*} (what
 * {@code podman container checkpoint --create-image} writes; {@code podman container restore IMAGE} requires
 * {@code runtime.name} and compares it with its own runtime) and checkpointctl's {@code org.criu.checkpoint.*}
 * (which CRI-O and containerd read from checkpoint images). Every value comes from the checkpoint; the host facts
 * Podman adds at checkpoint time (its version, the runtime's and conmon's versions, kernel, cgroup version,
 * distribution) are in no checkpoint file, so they are written only when the source is itself a checkpoint image
 * that carries them, and otherwise left out and listed in {@link #omitted()}.
 */
public record CheckpointAnnotations(Map<String, String> values, List<String> omitted) {

    public static final String PODMAN = "io.podman.annotations.checkpoint.";
    public static final String CRIU = "org.criu.checkpoint.";

    /** Podman's host facts: only ever copied from a source image. */
    static final List<String> PODMAN_HOST_FACTS = List.of("podman.version", "runtime.version", "conmon.version",
            "host.kernel", "cgroups.version", "distribution.name", "distribution.version");

    public CheckpointAnnotations {
        values = java.util.Collections.unmodifiableMap(new TreeMap<>(values));
        omitted = List.copyOf(omitted);
    }

    public String get(String name) {
        return values.get(name);
    }

    /** These with values set (what the image's Podman-form config.dump says wins over the engine's record). */
    CheckpointAnnotations with(Map<String, String> set) {
        if (set.isEmpty()) {
            return this;
        }
        Map<String, String> v = new TreeMap<>(values);
        v.putAll(set);
        List<String> o = omitted.stream().filter(line -> !set.containsKey(line.substring(0, line.indexOf(':'))))
                .toList();
        return new CheckpointAnnotations(v, o);
    }

    /**
     * @param configDump        the checkpoint's config.dump (missing node when absent)
     * @param sourceAnnotations the source image's annotations (empty for archives and directories)
     */
    public static CheckpointAnnotations of(Checkpoint checkpoint, JsonNode configDump,
            Map<String, String> sourceAnnotations) {
        JsonNode config = configDump == null ? MissingNode.getInstance() : configDump;
        CheckpointedContainer c = checkpoint.container();
        Map<String, String> out = new TreeMap<>();
        List<String> omitted = new ArrayList<>();
        // Podman's RawImageName is the image as the user typed it; CRI-O's and containerd's config.dump call the
        // same thing rootfsImage (checkpointctl maps it to rootfsImageUserRequested).
        String raw = first(text(config, "RawImageName"), text(config, "rootfsImage"));
        String criuVersion = podmanCriuVersion(checkpoint.criu().version());
        String arch = goArch(checkpoint.criu().arch());

        put(out, omitted, PODMAN + "name", c.name(), "the container's name");
        put(out, omitted, PODMAN + "rawImageName", raw, "config.dump records no RawImageName or rootfsImage");
        put(out, omitted, PODMAN + "rootfsImageID", c.imageId(), "the checkpoint records no image id");
        put(out, omitted, PODMAN + "rootfsImageName", c.image(), "the checkpoint records no image name");
        put(out, omitted, PODMAN + "runtime.name", c.runtime(),
                "config.dump records no runtime: podman container restore refuses such an image");
        put(out, omitted, PODMAN + "criu.version", criuVersion,
                "no CRIU version in the checkpoint (no dump.log with a Version line)");
        put(out, omitted, PODMAN + "host.arch", arch, "no architecture in the CRIU core images");

        put(out, null, CRIU + "engine.name", c.engine(), null);
        put(out, null, CRIU + "container.name", c.name(), null);
        put(out, null, CRIU + "pod.name", c.pod(), null);
        put(out, null, CRIU + "pod.namespace", c.namespace(), null);
        put(out, null, CRIU + "rootfsImageName", c.image(), null);
        put(out, null, CRIU + "rootfsImageUserRequested", raw, null);
        put(out, null, CRIU + "rootfsImageID", c.imageId(), null);
        put(out, null, CRIU + "runtime.name", c.runtime(), null);
        put(out, null, CRIU + "criu.version", criuVersion, null);
        put(out, null, CRIU + "host.arch", arch, null);

        // A checkpoint image as the source: what it says about the host it was made on is kept; what the
        // checkpoint itself records (above) wins.
        sourceAnnotations.forEach((k, v) -> {
            if ((k.startsWith(PODMAN) || k.startsWith(CRIU)) && v != null && !v.isEmpty()) {
                out.putIfAbsent(k, v);
            }
        });
        for (String fact : PODMAN_HOST_FACTS) {
            if (!out.containsKey(PODMAN + fact)) {
                omitted.add(PODMAN + fact + ": a fact of the host at checkpoint time, in no checkpoint file");
            }
        }
        return new CheckpointAnnotations(out, omitted);
    }

    private static void put(Map<String, String> out, List<String> omitted, String key, String value, String why) {
        if (value != null && !value.isEmpty()) {
            out.put(key, value);
        } else if (omitted != null) {
            omitted.add(key + ": " + why);
        }
    }

    /** Podman writes CRIU's version as CRIU's own number (criu --version 4.1.1 is 40101). */
    static String podmanCriuVersion(String version) {
        if (version == null) {
            return null;
        }
        if (version.matches("\\d{5,6}")) {
            return version;
        }
        var m = java.util.regex.Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?").matcher(version);
        if (!m.lookingAt()) {
            return null;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        int sub = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        if (minor > 99 || sub > 99) {
            return null;
        }
        return Integer.toString(major * 10000 + minor * 100 + sub);
    }

    /** CRIU's machine type in Go's GOARCH words, as Podman writes host.arch and OCI configs name architectures. */
    static String goArch(String criuArch) {
        if (criuArch == null) {
            return null;
        }
        return switch (criuArch) {
            case "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            case "arm" -> "arm";
            case "ppc64" -> "ppc64le";
            case "s390" -> "s390x";
            case "mips" -> "mips64le";
            case "loongarch64" -> "loong64";
            case "riscv64" -> "riscv64";
            default -> null;
        };
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }
}
