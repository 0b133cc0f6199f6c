package io.checkpointinspector.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.checkpointinspector.archive.CheckpointFormatException;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.model.CheckpointedContainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The container record Podman restores from, for a checkpoint of another engine. Podman 4.3.1 reads config.dump as
 * its own ContainerConfig and needs rootfsImageID and rootfsImageName there (CRI-O's and containerd's config.dump
 * call the id rootfsImageRef; a containerd checkpoint image has no config.dump at all) and takes spec.dump as the
 * container's OCI spec. So such a checkpoint's image gets a Podman-form config.dump written from the values the
 * checkpoint records (or the user gives), its spec.dump (for a containerd image: the spec in its config blob) less
 * what Podman makes itself on restore, and the engine's originals kept beside as {@code config.dump.ENGINE} and
 * {@code spec.dump.ENGINE}. Nothing is made up: a value neither the checkpoint nor the user gives is left out, and
 * one Podman cannot restore without stops the build.
 */
final class PodmanRecord {

    /** Where a CRIU configuration travels: Podman copies checkpoint/ into the new container's bundle on restore. */
    static final String CRIU_CONFIG_ENTRY = "checkpoint/criu.conf";
    /** runc hands this spec annotation to CRIU as its configuration file, relative to the bundle runc runs in. */
    static final String CRIU_CONFIG_ANNOTATION = "org.criu.config";
    static final int MAX_CRIU_CONFIG = 64 << 10;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern IMAGE_ID = Pattern.compile("[0-9a-f]{64}");
    /** Bind mounts Podman adds itself on restore (its makeBindMounts), so the other engine's must go. */
    private static final Set<String> PODMAN_MADE = Set.of("/etc/hosts", "/etc/hostname", "/etc/resolv.conf",
            "/run/.containerenv", "/dev/shm");
    /** An engine's or the kubelet's own state: a bind mount from there exists only on the host that made it. */
    private static final List<String> ENGINE_STATE = List.of("/var/lib/kubelet/", "/run/containers/storage/",
            "/var/run/containers/storage/", "/var/lib/containers/storage/", "/run/containerd/",
            "/var/run/containerd/", "/var/lib/containerd/");

    /**
     * What the build writes for Podman.
     *
     * @param convert     config.dump (and spec.dump) are rewritten in Podman's form
     * @param engine      the engine's word used for the originals' names (config.dump.ENGINE)
     * @param criuConfig  the CRIU configuration to embed, or null
     * @param notes       what was taken from where, and what was left out
     */
    record Plan(boolean convert, String engine, String id, String name, String imageId, String imageName,
            String runtime, String created, byte[] criuConfig, List<String> notes) {

        boolean rewritesSpec() {
            return convert || criuConfig != null;
        }

        /** The Podman annotations that must say what config.dump says. */
        Map<String, String> annotations() {
            Map<String, String> a = new TreeMap<>();
            if (convert) {
                a.put(CheckpointAnnotations.PODMAN + "name", name);
                a.put(CheckpointAnnotations.PODMAN + "rootfsImageID", imageId);
                a.put(CheckpointAnnotations.PODMAN + "rootfsImageName", imageName);
                a.put(CheckpointAnnotations.PODMAN + "runtime.name", runtime);
            }
            return a;
        }
    }

    private PodmanRecord() {
    }

    /** Decides before anything is written; refuses when Podman could not restore the image. */
    static Plan plan(Path source, Checkpoint checkpoint, BuildOptions options) throws IOException {
        CheckpointedContainer c = checkpoint.container();
        List<String> notes = new ArrayList<>();
        byte[] criu = options.criuConfig() == null ? null : readCriuConfig(options.criuConfig());
        String engine = c.engine() == null ? "unknown" : c.engine().toLowerCase(Locale.ROOT);
        if ("podman".equals(engine)) {
            if (options.rootfsImageId() != null || options.rootfsImageName() != null) {
                notes.add("a Podman checkpoint names its own image; --rootfs-image-id/--rootfs-image-name are not "
                        + "used");
            }
            return new Plan(false, engine, c.id(), c.name(), c.imageId(), c.image(), c.runtime(), c.created(), criu,
                    notes);
        }
        String id = c.id();
        if (id == null) {
            throw new CheckpointFormatException(source, "config.dump", "records no container id: Podman cannot "
                    + "restore an image of it; nothing written");
        }
        String name = c.name();
        if (name == null) {
            name = id;
            notes.add("name: " + c.engine() + " records none; its container id " + id + " is used, as it names the "
                    + "container there");
        }
        String imageName = options.rootfsImageName() != null ? options.rootfsImageName() : c.image();
        if (imageName == null) {
            throw new CheckpointFormatException(source, null, "records no image name and --rootfs-image-name was "
                    + "not given: Podman restores the container on that image; nothing written");
        }
        String imageId = imageId(source, c, options, imageName, notes);
        String runtime = runtime(source, c.runtime(), notes);
        if (c.created() == null) {
            notes.add("createdTime: not recorded in the checkpoint, left out (Podman then shows none)");
        }
        notes.add("config.dump written in Podman's form from " + c.engine() + "'s record"
                + (checkpoint.containerd() != null && checkpoint.entries().stream()
                        .noneMatch(e -> e.name().equals("config.dump")) ? " (containerd keeps no config.dump)"
                        : "; the original kept as config.dump." + engine));
        if (criu == null && "containerd".equals(engine)) {
            notes.add("no CRIU configuration given (--criu-config): Podman 4.3.1 with CRIU 4.1.1 refused to "
                    + "restore containerd checkpoints here (\"File . has bad mode 040555 (expect 040755)\": "
                    + "containerd's root is 0755, Podman's 0555) unless it says skip-file-rwx-check");
        }
        return new Plan(true, engine, id, name, imageId, imageName, runtime, c.created(), criu, notes);
    }

    private static String imageId(Path source, CheckpointedContainer c, BuildOptions options, String imageName,
            List<String> notes) throws IOException {
        if (options.rootfsImageId() != null) {
            String given = strip(options.rootfsImageId());
            if (!IMAGE_ID.matcher(given).matches()) {
                throw new IllegalArgumentException("--rootfs-image-id: not an image id (64 hex digits, optionally "
                        + "after sha256:): " + options.rootfsImageId());
            }
            notes.add("rootfsImageID " + given + ": given with --rootfs-image-id");
            return given;
        }
        if (c.imageId() != null && IMAGE_ID.matcher(strip(c.imageId())).matches()) {
            return strip(c.imageId());
        }
        if (options.lookup() != null) {
            Optional<String> found = options.lookup().imageId(imageName);
            if (found.isPresent()) {
                notes.add("rootfsImageID " + found.get() + ": not in the checkpoint; the id of " + imageName
                        + " as " + options.lookup().what() + " has it (the restoring host must have that image)");
                return found.get();
            }
            throw new CheckpointFormatException(source, null, "records no Podman image id, and "
                    + options.lookup().what() + " has no image " + imageName + ": give --rootfs-image-id ID (the "
                    + "id of the image the container ran, as the restoring Podman knows it); nothing written");
        }
        throw new CheckpointFormatException(source, null, "records no Podman image id: give --rootfs-image-id ID "
                + "(the id of " + imageName + " as the restoring Podman knows it); nothing written");
    }

    /** containerd's runc shims run runc: Podman knows the runtime by that name. */
    private static String runtime(Path source, String runtime, List<String> notes) throws IOException {
        if (runtime == null) {
            throw new CheckpointFormatException(source, null, "records no runtime: Podman restores only with the "
                    + "runtime named in the image; nothing written");
        }
        if (runtime.matches("io\\.containerd\\.runc\\.v[12]")) {
            notes.add("runtime: " + runtime + " is containerd's shim for runc; written as runc");
            return "runc";
        }
        if (runtime.contains(".") || runtime.contains("/")) {
            throw new CheckpointFormatException(source, null, "ran under the runtime " + runtime + ", which Podman "
                    + "does not know by name; nothing written");
        }
        return runtime;
    }

    private static byte[] readCriuConfig(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("--criu-config: " + file + " is not a regular file");
        }
        if (Files.size(file) > MAX_CRIU_CONFIG) {
            throw new IllegalArgumentException("--criu-config: " + file + " is over " + MAX_CRIU_CONFIG + " bytes");
        }
        byte[] data = Files.readAllBytes(file);
        for (byte b : data) {
            if (b == 0) {
                throw new IllegalArgumentException("--criu-config: " + file + " is not a text file");
            }
        }
        return data;
    }

    private static String strip(String id) {
        return id.startsWith("sha256:") ? id.substring("sha256:".length()) : id;
    }

    /** Podman's ContainerConfig with the fields a restore reads, each from the plan; raw from the engine's record. */
    static byte[] configDump(Plan plan, JsonNode engineConfig) throws IOException {
        ObjectNode c = JSON.createObjectNode();
        c.put("id", plan.id());
        c.put("name", plan.name());
        String raw = engineConfig == null ? null : engineConfig.path("rootfsImage").asText(null);
        if (raw != null && !raw.isEmpty()) {
            c.put("RawImageName", raw);
        }
        c.put("rootfsImageID", plan.imageId());
        c.put("rootfsImageName", plan.imageName());
        if (plan.created() != null) {
            c.put("createdTime", plan.created());
        }
        c.put("runtime", plan.runtime());
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(c);
    }

    /**
     * The spec Podman restores with: the engine's, less its cgroups path and the bind mounts Podman makes itself or
     * that come from the other engine's state; with the CRIU configuration annotation when one is embedded.
     */
    static byte[] specDump(Plan plan, JsonNode spec, List<String> notes) throws IOException {
        ObjectNode s = spec.deepCopy();
        if (plan.convert()) {
            JsonNode linux = s.path("linux");
            if (linux.isObject() && linux.has("cgroupsPath")) {
                notes.add("spec.dump: linux.cgroupsPath " + linux.path("cgroupsPath").asText() + " left out: it is "
                        + plan.engine() + "'s cgroup; Podman places the restored container in its own");
                ((ObjectNode) linux).remove("cgroupsPath");
            }
            if (s.path("mounts").isArray()) {
                ArrayNode kept = JSON.createArrayNode();
                List<String> dropped = new ArrayList<>();
                for (JsonNode m : s.path("mounts")) {
                    if (dropped(m)) {
                        dropped.add(m.path("destination").asText() + " (from " + m.path("source").asText() + ")");
                    } else {
                        kept.add(m);
                    }
                }
                if (!dropped.isEmpty()) {
                    notes.add("spec.dump: bind mounts left out, Podman makes its own or their source is "
                            + plan.engine() + "'s state on the host that made the checkpoint: "
                            + String.join(", ", dropped));
                }
                s.set("mounts", kept);
            }
        }
        if (plan.criuConfig() != null) {
            JsonNode a = s.path("annotations");
            ObjectNode annotations = a.isObject() ? (ObjectNode) a : s.putObject("annotations");
            annotations.put(CRIU_CONFIG_ANNOTATION, CRIU_CONFIG_ENTRY);
            notes.add("CRIU configuration embedded as " + CRIU_CONFIG_ENTRY + ", named by the spec annotation "
                    + CRIU_CONFIG_ANNOTATION);
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(s);
    }

    private static boolean dropped(JsonNode mount) {
        if (!"bind".equals(mount.path("type").asText()) && !hasBindOption(mount)) {
            return false;
        }
        if (PODMAN_MADE.contains(mount.path("destination").asText())) {
            return true;
        }
        String from = mount.path("source").asText();
        return ENGINE_STATE.stream().anyMatch(from::startsWith);
    }

    private static boolean hasBindOption(JsonNode mount) {
        for (JsonNode o : mount.path("options")) {
            if (o.asText().equals("bind") || o.asText().equals("rbind")) {
                return true;
            }
        }
        return false;
    }
}
