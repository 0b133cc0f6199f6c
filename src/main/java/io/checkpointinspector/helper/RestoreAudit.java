package io.checkpointinspector.helper;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.checkpointinspector.archive.CheckpointFormatException;
import io.checkpointinspector.archive.CheckpointSource;
import io.checkpointinspector.archive.CheckpointSources;
import io.checkpointinspector.archive.EntryInfo;
import io.checkpointinspector.archive.EntryType;
import io.checkpointinspector.archive.EntryVisitor;
import io.checkpointinspector.archive.NestedTar;
import io.checkpointinspector.archive.OpenOptions;
import io.checkpointinspector.archive.SourceKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * What an exported checkpoint asks of root's podman, read with our own archive reader before it is restored.
 *
 * <p>{@code podman container restore --import} as root re-creates the container from config.dump and spec.dump
 * (the OCI spec runc is given), extracts rootfs-diff.tar onto the container's root with a plain untar and removes
 * the paths in deleted.files. So the archive decides the container's privileges, and a crafted one could also
 * write or delete host files. Findings come in two kinds:
 * <ul>
 * <li><b>privileges</b>: more than an ordinary container (privileged, capabilities beyond Podman's default set,
 * the host's pid/network/ipc/mount namespace or joining another namespace by path, bind mounts of host paths
 * other than Podman's own per-container files, devices). Restored only with an explicit allowPrivileged.</li>
 * <li><b>escapes</b>: writes outside the container whatever the caller allows (rootfs diff or deleted files
 * through a symlink, "..", absolute names, duplicate or ambiguous entries and keys, OCI hooks, a host folder as
 * root). Always refused.</li>
 * </ul>
 * Go's encoding/json (podman) matches keys case-insensitively and keeps the last duplicate, so keys are looked up
 * the same way here and an ambiguous key is itself a finding: what we check is what podman reads.
 */
public final class RestoreAudit {

    /** One thing found; field names the file and the JSON path or entry. */
    public record Finding(String field, String what, boolean escape) {
        @Override
        public String toString() {
            return field + ": " + what;
        }
    }

    /** All findings of one archive, and the container's name and id as recorded in config.dump. */
    public record Report(String name, String id, List<Finding> findings) {
        public Report {
            findings = List.copyOf(findings);
        }

        public List<Finding> escapes() {
            return findings.stream().filter(Finding::escape).toList();
        }

        public List<Finding> privileges() {
            return findings.stream().filter(f -> !f.escape()).toList();
        }
    }

    /**
     * Podman's compiled-in default_capabilities (containers/common pkg/config/default.go, the version Podman 4.3
     * vendors). Debian's /usr/share/containers/containers.conf narrows it to 11 (no AUDIT_WRITE, MKNOD, NET_RAW),
     * which is what a real spec.dump made here holds; anything beyond the wider set is an added capability.
     */
    public static final Set<String> DEFAULT_CAPABILITIES = Set.of("CAP_AUDIT_WRITE", "CAP_CHOWN",
            "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_MKNOD", "CAP_NET_BIND_SERVICE",
            "CAP_NET_RAW", "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID", "CAP_SYS_CHROOT");

    /** Podman's per-container files and where it binds them (libpod makeBindMounts, ShmDir). */
    static final Map<String, String> PER_CONTAINER_FILES = Map.of(
            "hosts", "/etc/hosts",
            "resolv.conf", "/etc/resolv.conf",
            "hostname", "/etc/hostname",
            ".containerenv", "/run/.containerenv",
            "shm", "/dev/shm",
            "passwd", "/etc/passwd",
            "group", "/etc/group",
            "secrets", "/run/secrets");
    /** Podman's default graph root and run root for rootful containers. */
    static final List<String> STORAGE_ROOTS = List.of("/var/lib/containers/storage", "/run/containers/storage");
    private static final Set<String> KERNEL_FILESYSTEMS = Set.of("proc", "sysfs", "tmpfs", "devpts", "mqueue",
            "cgroup", "cgroup2");
    private static final List<String> REQUIRED_NAMESPACES = List.of("pid", "network", "ipc", "mount");
    private static final Pattern CONTAINER_ID = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern NETNS_PATH = Pattern.compile("/run/netns/[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final int MAX_JSON = 16 << 20;

    private final ObjectMapper json = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private final List<Finding> findings = new ArrayList<>();

    private final OpenOptions options;
    /** Checking the spec of a containerd checkpoint: its default device rules are no finding. */
    private final boolean containerd;

    private RestoreAudit(OpenOptions options) {
        this(options, false);
    }

    private RestoreAudit(OpenOptions options, boolean containerd) {
        this.options = options;
        this.containerd = containerd;
    }

    /**
     * containerd's default device cgroup rules (oci.WithDefaultUnixDevices: null, zero, full, random, urandom,
     * tty, console, ptmx, and the pts), as "type major:minor", -1 for any minor.
     */
    static final Set<String> CONTAINERD_DEFAULT_DEVICES = Set.of("c 1:3", "c 1:5", "c 1:7", "c 1:8", "c 1:9",
            "c 5:0", "c 5:1", "c 5:2", "c 136:-1");

    /**
     * What the OCI spec of a containerd checkpoint (its config blob) asks of runc: ctr containers restore gives it
     * to the new container as it is. The same findings as for podman's spec.dump, with containerd's bundle layout
     * (root.path "rootfs") and default devices.
     */
    static List<Finding> containerdSpec(String file, byte[] json) throws RefusedException {
        RestoreAudit a = new RestoreAudit(OpenOptions.defaults(), true);
        JsonNode spec = a.parse(file, json);
        if (spec == null || !spec.isObject()) {
            throw refused(file + " is not an OCI runtime spec");
        }
        a.checkSpec(file, spec, null, null, false);
        String root = a.text(a.get(spec, file, "root"), file, "path");
        if (!"rootfs".equals(root)) {
            a.escape(file + ": root.path", "'" + printable(String.valueOf(root)) + "' is not the container's own "
                    + "root (containerd's bundle calls it rootfs)");
        }
        String cgroup = a.text(a.get(spec, file, "linux"), file, "cgroupsPath");
        if (cgroup != null && (cgroup.contains("..") || cgroup.indexOf('\0') >= 0)) {
            a.escape(file + ": linux.cgroupsPath", "'" + printable(cgroup) + "' leaves the container's cgroup");
        }
        return List.copyOf(a.findings);
    }

    /**
     * Reads the archive at file (a private copy, see {@link RestoreHandler}); label names it in messages.
     *
     * @throws RefusedException when it is not a Podman checkpoint export at all
     */
    public static Report audit(Path file, String label, BooleanSupplier cancelled)
            throws IOException, RefusedException {
        return audit(file, label, cancelled, OpenOptions.defaults());
    }

    /** With other reading limits (the fuzz tests' small ones). */
    public static Report audit(Path file, String label, BooleanSupplier cancelled, OpenOptions options)
            throws IOException, RefusedException {
        return new RestoreAudit(options).run(file, label, cancelled);
    }

    private Report run(Path file, String label, BooleanSupplier cancelled) throws IOException, RefusedException {
        byte[][] files = new byte[3][];
        List<EntryInfo> diff = new ArrayList<>();
        try (CheckpointSource source = CheckpointSources.open(file, options)) {
            if (source.kind() != SourceKind.TAR_ARCHIVE) {
                throw refused(label + " is not an exported checkpoint (it is " + source.description()
                        + "); podman restore --import takes the tar of podman container checkpoint --export");
            }
            source.scan(new EntryVisitor() {
                @Override
                public void visit(EntryInfo e, InputStream content) throws IOException {
                    switch (e.name()) {
                        case "config.dump" -> files[0] = bounded(e, content);
                        case "spec.dump" -> files[1] = bounded(e, content);
                        case "deleted.files" -> files[2] = bounded(e, content);
                        case "rootfs-diff.tar" -> rootfsDiff(e, content, label, diff);
                        default -> outerEntry(e);
                    }
                }

                @Override
                public boolean isCancelled() {
                    return cancelled.getAsBoolean();
                }
            });
            for (String w : source.warnings()) {
                escape(label, "the archive is not what podman would read the same way: " + w);
            }
        } catch (CheckpointFormatException e) {
            throw refused(label + " cannot be read as a checkpoint: " + e.getMessage());
        } catch (CancellationException e) {
            throw new RefusedException(Protocol.CODE_CANCELLED, "cancelled while checking " + label);
        }
        if (files[0] == null || files[1] == null) {
            throw refused(label + " is not a Podman checkpoint export: " + (files[0] == null ? "config.dump" : "spec.dump")
                    + " is missing");
        }
        JsonNode config = parse("config.dump", files[0]);
        JsonNode spec = parse("spec.dump", files[1]);
        String id = text(config, "config.dump", "id");
        String name = text(config, "config.dump", "name");
        checkConfig(config, id);
        checkSpec("spec.dump", spec, id, config, true);
        JsonNode embedded = get(config, "config.dump", "spec");
        if (embedded != null && embedded.isObject()) {
            checkSpec("config.dump: spec", embedded, id, config, false);
        }
        Set<String> links = links(diff);
        for (EntryInfo e : diff) {
            throughLink("rootfs-diff.tar: " + printable(e.name()), e.name(), links, "writes through the symlink");
            if (e.type() == EntryType.HARDLINK) {
                checkHardlink(e, links);
            } else if (e.type() == EntryType.OTHER) {
                privilege("rootfs-diff.tar: " + printable(e.name()), "a device node or other special file");
            }
        }
        if (files[2] != null) {
            deletedFiles(files[2], links);
        }
        return new Report(name, id, findings);
    }

    private byte[] bounded(EntryInfo e, InputStream content) throws IOException {
        if (e.type() != EntryType.FILE) {
            escape(e.name(), "is a " + e.type().name().toLowerCase(Locale.ROOT) + ", not a file");
            return new byte[0];
        }
        if (e.size() > MAX_JSON) {
            escape(e.name(), "is " + e.size() + " bytes, more than " + MAX_JSON + " this check reads");
            return new byte[0];
        }
        return content.readAllBytes();
    }

    /** Entries of the outer archive besides the four read: podman untars them as root into its own folder. */
    private void outerEntry(EntryInfo e) {
        if (e.type() == EntryType.SYMLINK || e.type() == EntryType.HARDLINK || e.type() == EntryType.OTHER) {
            escape("archive entry " + printable(e.name()), "is a " + e.type().name().toLowerCase(Locale.ROOT)
                    + (e.linkTarget() == null ? "" : " to " + printable(e.linkTarget()))
                    + "; podman extracts the archive as root and a real export has none");
        }
    }

    private void rootfsDiff(EntryInfo e, InputStream content, String label, List<EntryInfo> diff)
            throws IOException {
        if (e.type() != EntryType.FILE) {
            escape("rootfs-diff.tar", "is a " + e.type().name().toLowerCase(Locale.ROOT) + ", not a file");
            return;
        }
        NestedTar.Listing listing;
        try {
            listing = NestedTar.inspect(content, label + "!rootfs-diff.tar", options);
        } catch (CheckpointFormatException x) {
            escape("rootfs-diff.tar", "cannot be read: " + x.getMessage());
            return;
        }
        for (String w : listing.warnings()) {
            escape("rootfs-diff.tar", w);
        }
        diff.addAll(listing.entries());
    }

    private static Set<String> links(List<EntryInfo> diff) {
        Set<String> links = new HashSet<>();
        for (EntryInfo e : diff) {
            if (e.type() == EntryType.SYMLINK) {
                links.add(e.name());
            }
        }
        return links;
    }

    /** A path whose parent folders include a symlink of the diff: untar follows it, outside the container. */
    private void throughLink(String field, String path, Set<String> links, String what) {
        int slash = path.indexOf('/');
        while (slash > 0) {
            String parent = path.substring(0, slash);
            if (links.contains(parent)) {
                escape(field, what + " " + printable(parent) + " of the rootfs diff");
                return;
            }
            slash = path.indexOf('/', slash + 1);
        }
    }

    private void checkHardlink(EntryInfo e, Set<String> links) {
        String field = "rootfs-diff.tar: " + printable(e.name());
        String target = e.linkTarget() == null ? "" : e.linkTarget();
        String normal = relativeNormal(target);
        if (normal == null) {
            escape(field, "a hard link to '" + printable(target) + "', outside the container's root");
        } else {
            throughLink(field, normal, links, "is a hard link through the symlink");
            if (links.contains(normal)) {
                escape(field, "is a hard link to the symlink " + printable(normal));
            }
        }
    }

    private void deletedFiles(byte[] bytes, Set<String> links) throws RefusedException {
        JsonNode list = parse("deleted.files", bytes);
        if (list == null || list.isNull()) {
            return;
        }
        if (!list.isArray()) {
            escape("deleted.files", "is not a list of paths");
            return;
        }
        for (JsonNode p : list) {
            String path = p.isTextual() ? p.asText() : null;
            String normal = path == null ? null : relativeNormal(path.startsWith("/") ? path.substring(1) : path);
            if (normal == null) {
                escape("deleted.files", "'" + printable(String.valueOf(path)) + "' is not a path inside the "
                        + "container (podman removes it as root, joined to the container's root)");
            } else {
                throughLink("deleted.files: " + printable(path), normal, links, "removes through the symlink");
            }
        }
    }

    /** "a/./b" to "a/b"; null for "..", a leading "/", NUL or nothing. */
    private static String relativeNormal(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.indexOf('\0') >= 0) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (String s : path.split("/")) {
            if (s.equals("..")) {
                return null;
            }
            if (!s.isEmpty() && !s.equals(".")) {
                parts.add(s);
            }
        }
        return parts.isEmpty() ? null : String.join("/", parts);
    }

    private void checkConfig(JsonNode config, String id) {
        if (id == null || !CONTAINER_ID.matcher(id).matches()) {
            escape("config.dump: id", "'" + printable(String.valueOf(id)) + "' is not a container id");
        }
        if (truthy(get(config, "config.dump", "privileged"))) {
            privilege("config.dump: privileged", "true (all capabilities, all host devices, no confinement)");
        }
        if (truthy(get(config, "config.dump", "mountAllDevices"))) {
            privilege("config.dump: mountAllDevices", "true (every host device)");
        }
        for (String ns : List.of("IPCNsCtr", "MountNsCtr", "NetNsCtr", "PIDNsCtr", "UserNsCtr", "UTSNsCtr",
                "CgroupNsCtr")) {
            String other = text(config, "config.dump", ns);
            if (other != null && !other.isEmpty()) {
                privilege("config.dump: " + ns, "joins the namespace of container " + printable(other));
            }
        }
        String rootfs = text(config, "config.dump", "rootfs");
        if (rootfs != null && !rootfs.isEmpty()) {
            escape("config.dump: rootfs", "'" + printable(rootfs) + "': a host folder as the container's root");
        }
        JsonNode mounts = get(config, "config.dump", "mounts");
        if (mounts != null && mounts.isArray()) {
            for (JsonNode m : mounts) {
                String source = m.asText("");
                if (perContainerFile(source, id) == null) {
                    privilege("config.dump: mounts", "host path '" + printable(source) + "'");
                }
            }
        }
    }

    private void checkSpec(String file, JsonNode spec, String id, JsonNode config, boolean checkRoot) {
        JsonNode hooks = get(spec, file, "hooks");
        if (hooks != null && !hooks.isNull() && !(hooks.isObject() && allEmpty(hooks))) {
            escape(file + ": hooks", "OCI hooks run programs on the host as root");
        }
        if (checkRoot) {
            String root = text(get(spec, file, "root"), file, "path");
            if (root == null || !root.equals(Path.of(root).normalize().toString())
                    || !root.startsWith(STORAGE_ROOTS.get(0) + "/overlay/")) {
                escape(file + ": root.path", "'" + printable(String.valueOf(root))
                        + "' is not in Podman's container storage");
            }
        }
        capabilities(file, get(spec, file, "process"));
        JsonNode linux = get(spec, file, "linux");
        namespaces(file, get(linux, file, "namespaces"), config);
        devices(file, linux);
        mounts(file, get(spec, file, "mounts"), id);
    }

    private void capabilities(String file, JsonNode process) {
        JsonNode caps = get(process, file, "capabilities");
        if (caps == null || !caps.isObject()) {
            return;
        }
        for (String set : List.of("bounding", "effective", "inheritable", "permitted", "ambient")) {
            JsonNode list = get(caps, file, set);
            if (list == null || !list.isArray()) {
                continue;
            }
            Set<String> added = new LinkedHashSet<>();
            for (JsonNode c : list) {
                String cap = c.asText("").toUpperCase(Locale.ROOT);
                if (!DEFAULT_CAPABILITIES.contains(cap)) {
                    added.add(printable(c.asText("")));
                }
            }
            if (!added.isEmpty()) {
                privilege(file + ": process.capabilities." + set, "adds " + String.join(", ", added)
                        + " beyond Podman's default set");
            }
        }
    }

    private void namespaces(String file, JsonNode list, JsonNode config) {
        String field = file + ": linux.namespaces";
        Set<String> present = new HashSet<>();
        if (list != null && list.isArray()) {
            for (JsonNode ns : list) {
                String type = text(ns, file, "type");
                String path = text(ns, file, "path");
                if (type == null) {
                    continue;
                }
                present.add(type);
                if (path == null || path.isEmpty()) {
                    continue;
                }
                boolean podmanNetns = type.equals("network") && NETNS_PATH.matcher(path).matches()
                        && truthy(get(config, "config.dump", "createNetNS"));
                if (!podmanNetns) {
                    privilege(field, "joins the existing " + printable(type) + " namespace at " + printable(path));
                }
            }
        }
        for (String type : REQUIRED_NAMESPACES) {
            if (!present.contains(type)) {
                privilege(field, "no " + type + " namespace of its own: it shares the host's");
            }
        }
    }

    private void devices(String file, JsonNode linux) {
        JsonNode devices = get(linux, file, "devices");
        if (devices != null && devices.isArray()) {
            for (JsonNode d : devices) {
                privilege(file + ": linux.devices", "host device " + printable(String.valueOf(text(d, file, "path")))
                        + " (" + printable(String.valueOf(text(d, file, "type"))) + " "
                        + get(d, file, "major") + ":" + get(d, file, "minor") + ")");
            }
        }
        JsonNode rules = get(get(linux, file, "resources"), file, "devices");
        if (rules != null && rules.isArray()) {
            for (JsonNode r : rules) {
                if (truthy(get(r, file, "allow")) && !(containerd && defaultDevice(r, file))) {
                    privilege(file + ": linux.resources.devices", "allows " + printable(String.valueOf(
                            text(r, file, "access"))) + " on devices " + printable(String.valueOf(
                            text(r, file, "type"))) + " " + get(r, file, "major") + ":" + get(r, file, "minor"));
                }
            }
        }
    }

    private boolean defaultDevice(JsonNode rule, String file) {
        JsonNode major = get(rule, file, "major");
        JsonNode minor = get(rule, file, "minor");
        String key = text(rule, file, "type") + " " + (major == null ? "-1" : major.asText()) + ":"
                + (minor == null || minor.isNull() ? "-1" : minor.asText());
        return (major == null || major.isIntegralNumber()) && (minor == null || minor.isNull()
                || minor.isIntegralNumber()) && CONTAINERD_DEFAULT_DEVICES.contains(key);
    }

    private void mounts(String file, JsonNode list, String id) {
        if (list == null || !list.isArray()) {
            return;
        }
        for (JsonNode m : list) {
            String type = text(m, file, "type");
            String source = text(m, file, "source");
            String destination = text(m, file, "destination");
            boolean bind = "bind".equals(type) || "rbind".equals(type);
            JsonNode options = get(m, file, "options");
            if (options != null && options.isArray()) {
                for (JsonNode o : options) {
                    bind |= o.asText("").equals("bind") || o.asText("").equals("rbind");
                }
            }
            String field = file + ": mounts[" + printable(String.valueOf(destination)) + "]";
            if (bind) {
                String expected = perContainerFile(source, id);
                if (expected == null || !expected.equals(destination)) {
                    privilege(field, "bind mount of the host's " + printable(String.valueOf(source)));
                }
            } else if (type == null || !KERNEL_FILESYSTEMS.contains(type)) {
                privilege(field, "mounts a " + printable(String.valueOf(type)) + " file system from "
                        + printable(String.valueOf(source)));
            }
        }
    }

    /** The destination Podman binds source at, when source is one of its files for container id; else null. */
    static String perContainerFile(String source, String id) {
        if (source == null || id == null || !source.equals(Path.of(source).normalize().toString())) {
            return null;
        }
        for (String root : STORAGE_ROOTS) {
            String prefix = root + "/overlay-containers/" + id + "/userdata/";
            if (source.startsWith(prefix)) {
                return PER_CONTAINER_FILES.get(source.substring(prefix.length()));
            }
        }
        return null;
    }

    private JsonNode parse(String file, byte[] bytes) throws RefusedException {
        try {
            return json.readTree(bytes);
        } catch (JacksonException e) {
            throw refused(file + " is not JSON podman would read: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw refused(file + " cannot be read: " + e.getMessage());
        }
    }

    /**
     * node's field name as Go's encoding/json finds it (case-insensitively); several candidates are ambiguous,
     * since podman would take the last and this check might look at another one.
     */
    private JsonNode get(JsonNode node, String file, String name) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode found = null;
        int matches = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equalsIgnoreCase(name)) {
                found = f.getValue();
                matches++;
            }
        }
        if (matches > 1) {
            escape(file + ": " + name, "appears " + matches + " times in different spellings");
        }
        return found;
    }

    private String text(JsonNode node, String file, String name) {
        JsonNode v = get(node, file, name);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static boolean truthy(JsonNode v) {
        return v != null && v.asBoolean(false);
    }

    private static boolean allEmpty(JsonNode hooks) {
        for (JsonNode h : hooks) {
            if (!(h.isNull() || (h.isArray() && h.isEmpty()))) {
                return false;
            }
        }
        return true;
    }

    private void privilege(String field, String what) {
        findings.add(new Finding(field, what, false));
    }

    private void escape(String field, String what) {
        findings.add(new Finding(field, what, true));
    }

    private static RefusedException refused(String message) {
        return new RefusedException(Protocol.CODE_REFUSED, message);
    }

    private static String printable(String s) {
        return RequestParser.printable(s);
    }
}
