package io.checkpointinspector.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Reshapes the real Podman checkpoint (podman-none.tar: same CRIU images, so the processes are real) into the
 * layouts other engines write, at test time. What each layout holds follows the engines' sources:
 * <ul>
 * <li>CRI-O (cri-o internal/lib/checkpoint.go, exportCheckpoint): an uncompressed tar of stats-dump, dump.log,
 * checkpoint/, config.dump, spec.dump, bind.mounts, then rootfs-diff.tar (plain tar), deleted.files and the container
 * log stored under the name {@code io.kubernetes.cri-o.LogPath}. No network.status.</li>
 * <li>containerd (internal/cri/server/container_checkpoint_linux.go, CheckpointContainer): an uncompressed tar
 * (archive.Diff of the work directory; written here in sorted order) of checkpoint/, config.dump, container.log,
 * dump.log, rootfs-diff.tar (the rw layer blob copied as is: gzip-compressed, deletions as .wh. whiteouts, no
 * deleted.files), spec.dump, stats-dump, status (the CRI plugin's status JSON) and status.dump (CRI ContainerStatus
 * as JSON).</li>
 * </ul>
 * Only the JSON metadata and a one-line dump.log are made up; every CRIU image and rootfs file is the fixture's.
 */
public final class LayoutFixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    // The pod the reshaped container is pretended to run in.
    static final String POD = "ci-pod";
    static final String NAMESPACE = "ci-namespace";
    static final String POD_UID = "6c1f6e2a-8d4b-4c57-9a51-3f1e2d7b9c10";
    static final String SANDBOX_ID = "3b9f0c2d4e5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e";
    static final String CRIO_IP = "10.85.0.42";
    static final String CRIO_RUNTIME = "runc";
    static final String CONTAINERD_RUNTIME = "io.containerd.runc.v2";
    static final String CRIO_CHECKPOINTED = "2026-11-22T07:42:23.104857600Z";
    static final String CONTAINERD_CHECKPOINTED = "2026-11-22T07:42:23.204857600Z";
    static final String LOG_PATH = "/var/log/pods/" + NAMESPACE + "_" + POD + "_" + POD_UID + "/ci-fixture/0.log";
    /** CRI-O stores the container log in the archive under the annotation's key (annotations.LogPath). */
    static final String CRIO_LOG_ENTRY = "io.kubernetes.cri-o.LogPath";
    static final String CONTAINERD_LOG_ENTRY = "container.log";
    static final String CRIU_VERSION = "4.1.1";
    static final String DUMP_LOG = "(00.000000) Version: " + CRIU_VERSION + " (gitid 0)\n"
            + "(00.000010) Running on ci-fixture Linux x86_64\n";

    /** Paths the rw layer holds besides Podman's added files: the changed file and the whiteout of the deleted one. */
    static final String CHANGED_FILE = "/etc/fixture-change-me";

    private final JsonNode expected;
    /** podman-none.tar's entries in archive order. */
    private final List<Item> podman;

    /** One tar entry in memory (the fixture is 1.5 MB). */
    record Item(String name, byte type, int mode, Instant modified, byte[] data, String link) {

        boolean isDirectory() {
            return type == TarArchiveEntry.LF_DIR || name.endsWith("/");
        }

        Item renamed(String newName) {
            return new Item(newName, type, mode, modified, data, link);
        }

        Item withData(byte[] newData) {
            return new Item(name, type, mode, modified, newData, link);
        }

        static Item file(String name, byte[] data, Instant modified) {
            return new Item(name, TarArchiveEntry.LF_NORMAL, 0600, modified, data, null);
        }

        static Item dir(String name, Instant modified) {
            return new Item(name.endsWith("/") ? name : name + "/", TarArchiveEntry.LF_DIR, 0755, modified,
                    new byte[0], null);
        }
    }

    public LayoutFixtures() throws IOException {
        this.expected = Fixtures.expected();
        this.podman = readTar(Files.readAllBytes(Fixtures.path("podman-none.tar")));
    }

    private LayoutFixtures(JsonNode expected, List<Item> podman) {
        this.expected = expected;
        this.podman = podman;
    }

    /**
     * The layouts made from another real Podman export (an uncompressed tar, {@code --compress none}): its
     * config.dump gives the container id, image and creation time the fixture's expected.json gives otherwise.
     */
    public static LayoutFixtures ofExport(Path podmanTar) throws IOException {
        List<Item> items = readTar(Files.readAllBytes(podmanTar));
        JsonNode config = null;
        for (Item i : items) {
            if (i.name().equals("config.dump")) {
                config = JSON.readTree(i.data());
            }
        }
        if (config == null) {
            throw new IOException(podmanTar + ": no config.dump");
        }
        ObjectNode e = JSON.createObjectNode();
        e.put("containerId", config.path("id").asText());
        e.put("image", config.path("rootfsImageName").asText());
        e.put("imageId", config.path("rootfsImageID").asText());
        e.put("created", config.path("createdTime").asText());
        return new LayoutFixtures(e, items);
    }

    JsonNode expected() {
        return expected;
    }

    String containerId() {
        return expected.path("containerId").asText();
    }

    public String imageName() {
        return expected.path("image").asText();
    }

    public String imageId() {
        return expected.path("imageId").asText();
    }

    String created() {
        return expected.path("created").asText();
    }

    Instant createdInstant() {
        return Instant.parse(created());
    }

    // ---------------------------------------------------------------- layouts

    /** A CRI-O (kubelet checkpoint API) container archive. */
    public Path crioArchive(Path dir) throws IOException {
        return crioArchive(dir, crioConfigDump());
    }

    /** The CRI-O archive without the image id: no rootfsImageRef in config.dump, no ImageRef annotation. */
    public Path crioArchiveWithoutImageId(Path dir) throws IOException {
        ObjectNode config = crioConfigDump();
        config.remove("rootfsImageRef");
        ObjectNode spec = crioSpec();
        ((ObjectNode) spec.path("annotations")).remove("io.kubernetes.cri-o.ImageRef");
        return crioArchive(Files.createDirectories(dir), config, spec);
    }

    private Path crioArchive(Path dir, ObjectNode configDump) throws IOException {
        return crioArchive(dir, configDump, crioSpec());
    }

    private Path crioArchive(Path dir, ObjectNode configDump, ObjectNode spec) throws IOException {
        Instant when = item("checkpoint/inventory.img").modified();
        List<Item> out = new ArrayList<>();
        out.add(item("stats-dump"));
        out.add(Item.file("dump.log", DUMP_LOG.getBytes(StandardCharsets.UTF_8), when));
        out.addAll(checkpointImages());
        out.add(Item.file("config.dump", pretty(configDump), when));
        out.add(Item.file("spec.dump", pretty(spec), when));
        out.add(Item.file("bind.mounts", pretty(crioBindMounts()), when));
        out.add(item("rootfs-diff.tar"));
        if (has("deleted.files")) { // an export has it only when the container deleted files
            out.add(item("deleted.files"));
        }
        if (has("ctr.log")) {
            out.add(Item.file(CRIO_LOG_ENTRY, item("ctr.log").data(), when));
        }
        return writeTar(dir.resolve("checkpoint-" + POD + "_" + NAMESPACE + "-ci-fixture-2026-11-22T07:42:23Z.tar"),
                out);
    }

    /** A containerd (CRI plugin) container archive with its gzip-compressed rootfs-diff.tar. */
    public Path containerdArchive(Path dir) throws IOException {
        Instant when = item("checkpoint/inventory.img").modified();
        Map<String, Item> byName = new TreeMap<>();
        for (Item i : checkpointImages()) {
            byName.put(i.name(), i);
        }
        byName.put("config.dump", Item.file("config.dump", compact(containerdConfigDump()), when));
        byName.put(CONTAINERD_LOG_ENTRY, Item.file(CONTAINERD_LOG_ENTRY, item("ctr.log").data(), when));
        byName.put("dump.log", Item.file("dump.log", DUMP_LOG.getBytes(StandardCharsets.UTF_8), when));
        byName.put("rootfs-diff.tar", Item.file("rootfs-diff.tar", containerdRwLayer(), when));
        byName.put("spec.dump", Item.file("spec.dump", compact(containerdSpec()), when));
        byName.put("stats-dump", item("stats-dump"));
        byName.put("status", Item.file("status", compact(containerdStatus()), when));
        byName.put("status.dump", Item.file("status.dump", compact(containerdStatusDump()), when));
        return writeTar(dir.resolve("containerd-checkpoint.tar"), new ArrayList<>(byName.values()));
    }

    /** podman-none.tar unpacked, as `tar -xf` leaves it. */
    Path unpackedDirectory(Path dir) throws IOException {
        Path root = Files.createDirectories(dir.resolve("podman-unpacked"));
        extract(podman, root);
        return root;
    }

    /** Only the CRIU images (`criu dump -D DIR`): the contents of checkpoint/ at the top. */
    Path bareCriuDirectory(Path dir) throws IOException {
        Path root = Files.createDirectories(dir.resolve("criu-images"));
        List<Item> images = new ArrayList<>();
        for (Item i : podman) {
            if (i.name().startsWith("checkpoint/") && !i.name().equals("checkpoint/")) {
                images.add(i.renamed(i.name().substring("checkpoint/".length())));
            }
        }
        extract(images, root);
        return root;
    }

    /** checkpoint/ images and a spec.dump that names no engine (no manager, no CRI-O, CRI or Podman keys). */
    Path unknownLayout(Path dir) throws IOException {
        Instant when = item("checkpoint/inventory.img").modified();
        ObjectNode spec = podmanSpec();
        ObjectNode annotations = JSON.createObjectNode();
        annotations.put("org.opencontainers.image.stopSignal", "15");
        spec.set("annotations", annotations);
        List<Item> out = new ArrayList<>(checkpointImages());
        out.add(Item.file("spec.dump", pretty(spec), when));
        return writeTar(dir.resolve("unknown-layout.tar"), out);
    }

    // ---------------------------------------------------------------- CRI-O metadata

    /** checkpointctl lib ContainerConfig as CRI-O fills it (internal/lib/checkpoint.go, prepareCheckpointExport). */
    public ObjectNode crioConfigDump() {
        ObjectNode c = JSON.createObjectNode();
        c.put("id", containerId());
        c.put("name", "k8s_ci-fixture_" + POD + "_" + NAMESPACE + "_" + POD_UID + "_0");
        c.put("rootfsImage", imageName());
        c.put("rootfsImageRef", imageId());
        c.put("rootfsImageName", imageName());
        c.put("runtime", CRIO_RUNTIME);
        c.put("createdTime", created());
        c.put("checkpointedTime", CRIO_CHECKPOINTED);
        c.put("restoredTime", "0001-01-01T00:00:00Z");
        c.put("restored", false);
        return c;
    }

    /** The container's config.json with CRI-O's annotations (internal/factory/container SpecAddAnnotations). */
    ObjectNode crioSpec() {
        ObjectNode spec = podmanSpec();
        Map<String, String> labels = kubeLabels();
        Map<String, String> kubeAnnotations = new LinkedHashMap<>();
        kubeAnnotations.put("io.kubernetes.container.hash", "8e3b4a1c");
        kubeAnnotations.put("io.kubernetes.container.restartCount", "0");
        kubeAnnotations.put("io.kubernetes.container.terminationMessagePath", "/dev/termination-log");
        kubeAnnotations.put("io.kubernetes.container.terminationMessagePolicy", "File");
        kubeAnnotations.put("io.kubernetes.pod.terminationGracePeriod", "30");
        String sandboxDir = "/run/containers/storage/overlay-containers/" + SANDBOX_ID + "/userdata";

        ObjectNode a = JSON.createObjectNode();
        // pod (sandbox) annotations are copied first
        a.put("kubernetes.io/config.seen", "2026-11-22T07:42:10.000000000Z");
        a.put("kubernetes.io/config.source", "api");
        a.put("io.kubernetes.cri-o.Image", imageName());
        a.put("io.kubernetes.cri-o.ImageName", imageName());
        a.put("io.kubernetes.cri-o.ImageRef", imageId());
        a.put("io.kubernetes.cri-o.Name", "k8s_ci-fixture_" + POD + "_" + NAMESPACE + "_" + POD_UID + "_0");
        a.put("io.kubernetes.cri-o.ContainerID", containerId());
        a.put("io.kubernetes.cri-o.SandboxID", SANDBOX_ID);
        a.put("io.kubernetes.cri-o.SandboxName", "k8s_" + POD + "_" + NAMESPACE + "_" + POD_UID + "_0");
        a.put("io.kubernetes.cri-o.ContainerType", "container");
        a.put("io.kubernetes.cri-o.LogPath", LOG_PATH);
        a.put("io.kubernetes.cri-o.TTY", "false");
        a.put("io.kubernetes.cri-o.Stdin", "false");
        a.put("io.kubernetes.cri-o.StdinOnce", "false");
        a.put("io.kubernetes.cri-o.ResolvPath", sandboxDir + "/resolv.conf");
        a.put("io.container.manager", "cri-o");
        a.put("io.kubernetes.cri-o.MountPoint", spec.path("root").path("path").asText());
        a.put("io.kubernetes.cri-o.SeccompProfilePath", "RuntimeDefault");
        a.put("io.kubernetes.cri-o.Created", created());
        // json.Marshal of the CRI ContainerMetadata: attempt 0 is omitted
        a.put("io.kubernetes.cri-o.Metadata", "{\"name\":\"ci-fixture\"}");
        a.put("io.kubernetes.cri-o.Labels", compactString(JSON.valueToTree(labels)));
        a.put("io.kubernetes.cri-o.Volumes", "[]");
        a.put("io.kubernetes.cri-o.Annotations", compactString(JSON.valueToTree(kubeAnnotations)));
        kubeAnnotations.forEach(a::put);
        labels.forEach(a::put);
        a.put("io.kubernetes.cri-o.IP.0", CRIO_IP);
        a.put("org.opencontainers.image.stopSignal", "15");
        spec.set("annotations", a);

        replaceBindMounts(spec, sandboxDir, sandboxDir + "/shm");
        addBindMount(spec, "/run/.containerenv", sandboxDir + "/.containerenv", "bind", "rprivate", "ro");
        return spec;
    }

    /** bind.mounts: every bind mount except the container mounts CRI-O skips (/dev/shm, /run/.containerenv...). */
    ArrayNode crioBindMounts() {
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode m : crioSpec().path("mounts")) {
            String dest = m.path("destination").asText();
            if (!"bind".equals(m.path("type").asText()) || List.of("/dev", "/dev/shm", "/proc", "/run",
                    "/run/.containerenv", "/run/secrets", "/sys").contains(dest)) {
                continue;
            }
            boolean directory = dest.endsWith("serviceaccount");
            ObjectNode b = out.addObject();
            b.put("source", m.path("source").asText());
            b.put("destination", dest);
            b.put("file_type", directory ? "directory" : "file");
            b.put("permissions", directory ? 0755 : dest.equals("/dev/termination-log") ? 0666 : 0644);
        }
        return out;
    }

    /** Destinations of the bind mounts bind.mounts lists, in spec order. */
    List<String> crioBindMountDestinations() {
        List<String> out = new ArrayList<>();
        crioBindMounts().forEach(b -> out.add(b.path("destination").asText()));
        return out;
    }

    // ---------------------------------------------------------------- containerd metadata

    /** checkpointctl lib ContainerConfig as containerd's CheckpointContainer fills it. */
    ObjectNode containerdConfigDump() {
        ObjectNode c = JSON.createObjectNode();
        c.put("id", containerId());
        // containerd's CRI container name: <ctr>_<pod>_<ns>_<uid>_<attempt> (makeContainerName)
        c.put("name", "ci-fixture_" + POD + "_" + NAMESPACE + "_" + POD_UID + "_0");
        c.put("rootfsImage", imageName());
        c.put("rootfsImageRef", "sha256:" + imageId());
        c.put("rootfsImageName", imageName());
        c.put("runtime", CONTAINERD_RUNTIME);
        c.put("createdTime", created());
        c.put("checkpointedTime", CONTAINERD_CHECKPOINTED);
        c.put("restoredTime", "0001-01-01T00:00:00Z");
        c.put("restored", false);
        return c;
    }

    /** The OCI spec (the checkpoint config blob's Any value) with containerd's io.kubernetes.cri.* annotations. */
    ObjectNode containerdSpec() {
        ObjectNode spec = podmanSpec();
        ObjectNode a = JSON.createObjectNode();
        a.put("io.kubernetes.cri.container-name", "ci-fixture");
        a.put("io.kubernetes.cri.container-type", "container");
        a.put("io.kubernetes.cri.image-name", imageName());
        a.put("io.kubernetes.cri.sandbox-id", SANDBOX_ID);
        a.put("io.kubernetes.cri.sandbox-name", POD);
        a.put("io.kubernetes.cri.sandbox-namespace", NAMESPACE);
        a.put("io.kubernetes.cri.sandbox-uid", POD_UID);
        spec.set("annotations", a);
        ((ObjectNode) spec.path("root")).put("path", "rootfs");
        String sandboxDir = "/var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/" + SANDBOX_ID;
        replaceBindMounts(spec, sandboxDir,
                "/run/containerd/io.containerd.grpc.v1.cri/sandboxes/" + SANDBOX_ID + "/shm");
        return spec;
    }

    /** The CRI plugin's own status file: {"Version":"v1", Status fields without json tags}. */
    ObjectNode containerdStatus() {
        ObjectNode s = JSON.createObjectNode();
        s.put("Version", "v1");
        s.put("Pid", 48211);
        s.put("CreatedAt", nanos(createdInstant()));
        s.put("StartedAt", nanos(createdInstant().plusMillis(120)));
        s.put("FinishedAt", 0);
        s.put("ExitCode", 0);
        s.put("Reason", "");
        s.put("Message", "");
        ObjectNode linux = s.putObject("Resources").putObject("linux");
        linux.put("cpu_period", 100000);
        linux.put("cpu_shares", 2);
        linux.put("oom_score_adj", 1000);
        return s;
    }

    /** The CRI ContainerStatus as encoding/json writes it (cri-api json tags, omitempty). */
    ObjectNode containerdStatusDump() {
        ObjectNode s = JSON.createObjectNode();
        s.put("id", containerId());
        s.putObject("metadata").put("name", "ci-fixture");
        s.put("state", 1); // CONTAINER_RUNNING
        s.put("created_at", nanos(createdInstant()));
        s.put("started_at", nanos(createdInstant().plusMillis(120)));
        ObjectNode image = s.putObject("image");
        image.put("image", imageName());
        image.put("user_specified_image", imageName());
        s.put("image_ref", "sha256:" + imageId());
        s.set("labels", JSON.valueToTree(kubeLabels()));
        ObjectNode ann = s.putObject("annotations");
        ann.put("io.kubernetes.container.hash", "8e3b4a1c");
        ann.put("io.kubernetes.container.restartCount", "0");
        ann.put("io.kubernetes.container.terminationMessagePath", "/dev/termination-log");
        ann.put("io.kubernetes.container.terminationMessagePolicy", "File");
        ann.put("io.kubernetes.pod.terminationGracePeriod", "30");
        ArrayNode mounts = s.putArray("mounts");
        ObjectNode m = mounts.addObject();
        m.put("container_path", "/dev/termination-log");
        m.put("host_path", "/var/lib/kubelet/pods/" + POD_UID + "/containers/ci-fixture/5a1b2c3d");
        s.put("log_path", LOG_PATH);
        s.put("image_id", "sha256:" + imageId());
        return s;
    }

    /**
     * The container's rw layer as containerd's diff service writes it (OCI layer, gzip): the fixture's added
     * files, the changed file, and a whiteout for the deleted one, in walk order.
     */
    byte[] containerdRwLayer() throws IOException {
        Map<String, Item> byName = new TreeMap<>();
        for (Item i : readTar(item("rootfs-diff.tar").data())) {
            byName.put(i.name(), i);
        }
        Instant when = item("rootfs-diff.tar").modified();
        byName.put("etc/", Item.dir("etc/", when));
        byName.put("tmp/", Item.dir("tmp/", when));
        String deleted = expected.path("rootfs").path("deleted").get(0).asText(); // /etc/fixture-delete-me
        int slash = deleted.lastIndexOf('/');
        String whiteout = deleted.substring(1, slash + 1) + ".wh." + deleted.substring(slash + 1);
        byName.put(whiteout, new Item(whiteout, TarArchiveEntry.LF_NORMAL, 0, when, new byte[0], null));
        byte[] changed = expected.path("rootfs").path("files").path(CHANGED_FILE).asText()
                .getBytes(StandardCharsets.UTF_8);
        byName.put(CHANGED_FILE.substring(1), new Item(CHANGED_FILE.substring(1), TarArchiveEntry.LF_NORMAL, 0644,
                when, changed, null));
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GzipCompressorOutputStream out = new GzipCompressorOutputStream(gz)) {
            writeTar(out, new ArrayList<>(byName.values()));
        }
        return gz.toByteArray();
    }

    String containerdWhiteout() {
        String deleted = expected.path("rootfs").path("deleted").get(0).asText();
        int slash = deleted.lastIndexOf('/');
        return deleted.substring(0, slash + 1) + ".wh." + deleted.substring(slash + 1);
    }

    // ---------------------------------------------------------------- shared pieces

    /** The kubelet's container labels, which CRI-O also copies into the spec's annotations. */
    Map<String, String> kubeLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("io.kubernetes.container.name", "ci-fixture");
        labels.put("io.kubernetes.pod.name", POD);
        labels.put("io.kubernetes.pod.namespace", NAMESPACE);
        labels.put("io.kubernetes.pod.uid", POD_UID);
        return labels;
    }

    /** Podman's spec.dump from the fixture, as a mutable tree. */
    ObjectNode podmanSpec() {
        try {
            return (ObjectNode) JSON.readTree(item("spec.dump").data());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drops Podman's bind mounts and adds the ones a kubelet-created container has. */
    private void replaceBindMounts(ObjectNode spec, String sandboxDir, String shm) {
        ArrayNode kept = JSON.createArrayNode();
        for (JsonNode m : spec.path("mounts")) {
            if (!"bind".equals(m.path("type").asText())) {
                kept.add(m);
            }
        }
        spec.set("mounts", kept);
        String pod = "/var/lib/kubelet/pods/" + POD_UID;
        addBindMount(spec, "/etc/hosts", pod + "/etc-hosts", "rbind", "rprivate", "rw");
        addBindMount(spec, "/dev/termination-log", pod + "/containers/ci-fixture/5a1b2c3d", "rbind", "rprivate",
                "rw");
        addBindMount(spec, "/etc/hostname", sandboxDir + "/hostname", "rbind", "rprivate", "rw");
        addBindMount(spec, "/etc/resolv.conf", sandboxDir + "/resolv.conf", "rbind", "rprivate", "rw");
        addBindMount(spec, "/dev/shm", shm, "rbind", "rprivate", "rw");
        addBindMount(spec, "/var/run/secrets/kubernetes.io/serviceaccount",
                pod + "/volumes/kubernetes.io~projected/kube-api-access-x7k2p", "rbind", "rprivate", "ro");
    }

    private static void addBindMount(ObjectNode spec, String destination, String source, String... options) {
        ObjectNode m = ((ArrayNode) spec.path("mounts")).addObject();
        m.put("destination", destination);
        m.put("type", "bind");
        m.put("source", source);
        ArrayNode o = m.putArray("options");
        for (String s : options) {
            o.add(s);
        }
    }

    private List<Item> checkpointImages() {
        List<Item> out = new ArrayList<>();
        for (Item i : podman) {
            if (i.name().startsWith("checkpoint/")) {
                out.add(i);
            }
        }
        return out;
    }

    private boolean has(String name) {
        return podman.stream().anyMatch(i -> i.name().equals(name));
    }

    Item item(String name) {
        for (Item i : podman) {
            if (i.name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("podman-none.tar has no " + name);
    }

    static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    static byte[] pretty(JsonNode node) throws IOException {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
    }

    static byte[] compact(JsonNode node) throws IOException {
        return JSON.writeValueAsBytes(node);
    }

    private static String compactString(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- tar plumbing

    static List<Item> readTar(byte[] tar) throws IOException {
        List<Item> out = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new java.io.ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                byte[] data = e.isFile() ? in.readAllBytes() : new byte[0];
                byte type = e.isDirectory() ? TarArchiveEntry.LF_DIR
                        : e.isSymbolicLink() ? TarArchiveEntry.LF_SYMLINK : TarArchiveEntry.LF_NORMAL;
                out.add(new Item(e.getName(), type, e.getMode() & 07777, e.getModTime().toInstant(), data,
                        e.isSymbolicLink() ? e.getLinkName() : null));
            }
        }
        return out;
    }

    static Path writeTar(Path file, List<Item> items) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            writeTar(out, items);
        }
        return file;
    }

    static void writeTar(OutputStream sink, List<Item> items) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(sink);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        for (Item i : items) {
            TarArchiveEntry e = new TarArchiveEntry(i.name(), i.type());
            if (i.link() != null) {
                e.setLinkName(i.link());
            }
            e.setMode((i.isDirectory() ? 040000 : i.type() == TarArchiveEntry.LF_SYMLINK ? 0120000 : 0100000)
                    | i.mode());
            e.setModTime(Date.from(i.modified()));
            e.setUserName("root");
            e.setGroupName("root");
            if (i.type() == TarArchiveEntry.LF_NORMAL) {
                e.setSize(i.data().length);
            }
            tar.putArchiveEntry(e);
            if (i.type() == TarArchiveEntry.LF_NORMAL) {
                tar.write(i.data());
            }
            tar.closeArchiveEntry();
        }
        tar.finish();
        tar.flush();
    }

    /** Writes items under root like `tar -xf`, keeping modification times (inventory.img's is the dump time). */
    static void extract(List<Item> items, Path root) throws IOException {
        List<Item> dirs = new ArrayList<>();
        for (Item i : items) {
            Path target = root.resolve(i.name()).normalize();
            if (!target.startsWith(root)) {
                throw new IOException("entry outside the directory: " + i.name());
            }
            if (i.isDirectory()) {
                Files.createDirectories(target);
                dirs.add(i);
            } else if (i.type() == TarArchiveEntry.LF_SYMLINK) {
                Files.createDirectories(target.getParent());
                Files.createSymbolicLink(target, Path.of(i.link()));
            } else {
                Files.createDirectories(target.getParent());
                try (InputStream in = new java.io.ByteArrayInputStream(i.data())) {
                    Files.copy(in, target);
                }
                Files.setLastModifiedTime(target, FileTime.from(i.modified()));
            }
        }
        for (Item d : dirs) {
            Files.setLastModifiedTime(root.resolve(d.name()), FileTime.from(d.modified()));
        }
    }
}
