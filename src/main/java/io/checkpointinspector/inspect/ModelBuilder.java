package io.checkpointinspector.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import io.checkpointinspector.archive.CheckpointSource;
import io.checkpointinspector.archive.EntryType;
import io.checkpointinspector.archive.SourceKind;
import io.checkpointinspector.archive.TarFacts;
import io.checkpointinspector.archive.TarMember;
import io.checkpointinspector.criu.PageSize;
import io.checkpointinspector.criu.proto.DumpStatsEntry;
import io.checkpointinspector.criu.proto.InventoryEntry;
import io.checkpointinspector.criu.proto.MmEntry;
import io.checkpointinspector.criu.proto.StatsEntry;
import io.checkpointinspector.archive.ContainerdCheckpoints;
import io.checkpointinspector.archive.ContainerdImage;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.model.ContainerdCheckpoint;
import io.checkpointinspector.model.ImageEntry;
import io.checkpointinspector.model.OutsideTreeImages;
import io.checkpointinspector.criu.PageMapIndex;
import io.checkpointinspector.model.CheckpointedContainer;
import io.checkpointinspector.model.CriuInfo;
import io.checkpointinspector.model.DumpStats;
import io.checkpointinspector.model.ProcessInfo;
import io.checkpointinspector.model.RootfsDiff;
import io.checkpointinspector.model.RootfsEntry;
import io.checkpointinspector.model.Sizes;
import io.checkpointinspector.model.SourceInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Assembles the {@link Checkpoint} model from what an {@link EntryCollector} gathered. */
final class ModelBuilder {

    private static final Pattern LOG_VERSION = Pattern.compile("Version:\\s+(\\S+)");

    private final CheckpointSource source;
    private final EntryCollector collected;
    private final ArgsRecovery args;
    private final List<String> warnings = new ArrayList<>();

    ModelBuilder(CheckpointSource source, EntryCollector collected, ArgsRecovery args) {
        this.source = source;
        this.collected = collected;
        this.args = args;
    }

    Checkpoint build() {
        ImageSet images = collected.images();
        JsonNode spec = json(SideFiles.SPEC_DUMP);
        ContainerdCheckpoint containerd = null;
        if (source.containerd().isPresent()) {
            ContainerdRecords records = new ContainerdRecords(source.path().toString(), warnings::add);
            Optional<byte[]> config = collected.sideFile(ContainerdCheckpoints.CONFIG_ENTRY);
            if (spec == null && config.isPresent()) {
                spec = records.spec(config.get()).map(b -> parse(ContainerdCheckpoints.CONFIG_ENTRY, b)).orElse(null);
            }
            ContainerdCheckpoint.Options options = collected.sideFile(ContainerdCheckpoints.OPTIONS_ENTRY)
                    .map(b -> records.options(ContainerdCheckpoints.OPTIONS_ENTRY, b)).orElse(null);
            ContainerdCheckpoint.Options runtimeOptions = collected.sideFile(ContainerdCheckpoints.RUNTIME_OPTIONS_ENTRY)
                    .map(b -> records.options(ContainerdCheckpoints.RUNTIME_OPTIONS_ENTRY, b)).orElse(null);
            containerd = ContainerdRecords.model(source.containerd().get(), spec, options, runtimeOptions);
        }
        ContainerMetadata metadata = new ContainerMetadata(json(SideFiles.CONFIG_DUMP), spec,
                json(SideFiles.CONTAINERD_STATUS), json(SideFiles.CONTAINERD_STATUS_DUMP), json(SideFiles.NETWORK_STATUS),
                source.annotations());
        CheckpointedContainer container = metadata.containerInfo();
        if (containerd != null) {
            container = containerdContainer(container, containerd);
        }
        container = withCheckpointTime(container);
        // A bare `criu dump -D` directory has no engine by nature; saying so would be noise, not a finding.
        if (container.engine() == null && source.kind() != SourceKind.CRIU_IMAGE_DIRECTORY) {
            warnings.add("unknown layout: no engine marker found (io.container.manager annotation, CRI-O "
                    + "annotations or containerd status); engine not named");
        }
        boolean cut = source.cut().isPresent(); // what is missing after a cut is said by its one warning
        if (containerd != null) {
            if (spec == null && !cut) {
                warnings.add(source.path() + ": the checkpoint holds no readable config blob (the container's spec):"
                        + " no mounts or annotations");
            }
        } else if (collected.sideFile(SideFiles.SPEC_DUMP).isEmpty() && source.kind().name().contains("CRIU") == false
                && !cut) {
            warnings.add(source.path() + ": spec.dump is missing: no mounts or annotations");
        }
        List<OutsideTreeImages> outside = List.of();
        Optional<java.util.Set<Integer>> tree = TreeIds.of(images);
        if (tree.isPresent()) {
            List<String> names = collected.entries().stream().map(ImageEntry::name)
                    .filter(n -> n.startsWith(SideFiles.CHECKPOINT_DIR))
                    .map(n -> n.substring(SideFiles.CHECKPOINT_DIR.length())).filter(n -> !n.contains("/")).toList();
            outside = TreeIds.outside(names, tree.get(), pid -> images.get("pagemap-" + pid + ".img")
                    .map(img -> PageMapIndex.of(img, PageSize.DEFAULT)));
            outside.forEach(o -> warnings.add(TreeIds.warning(o)));
        }
        List<ProcessInfo> processes = List.of();
        boolean noCriuBlob = containerd != null && containerd.blobs().stream()
                .noneMatch(b -> b.role().equals(ContainerdImage.Role.CRIU_IMAGES.name()));
        java.util.Set<String> folders = new java.util.HashSet<>();
        for (ImageEntry e : collected.entries()) {
            for (int i = e.name().indexOf('/'); i >= 0; i = e.name().indexOf('/', i + 1)) {
                folders.add(e.name().substring(0, i + 1));
            }
        }
        io.checkpointinspector.model.ChainInfo chain = ChainFacts.of(images, collected.preDumpImages(),
                collected.links(), images.has("pstree.img"), folders);
        if (!images.has("pstree.img")) {
            if (chain != null && chain.preDump()) {
                // a pre-dump has no process tree by nature: the chain facts say what it is
            } else if (!cut && !noCriuBlob) { // a containerd checkpoint without CRIU blob: the source already says so
                warnings.add(source.path() + ": checkpoint/pstree.img is missing: no process tree");
            }
        } else {
            processes = new ProcessAssembler(images, FileTable.of(images), args, warnings).processes();
        }
        return new Checkpoint(
                Checkpoint.SCHEMA_VERSION,
                new SourceInfo(source.path().toString(), source.kind().name(), source.compression().name(),
                        source.bytes(), source.description()),
                container,
                criuInfo(images, container),
                new Sizes(collected.checkpointBytes(), collected.pagesBytes(), collected.rootfsBytes()),
                stats(),
                processes,
                metadata.mounts(),
                rootfsDiff(),
                collected.entries(),
                allWarnings(),
                outside,
                containerd,
                chain,
                List.of());
    }

    /**
     * containerd 1.6 records no container beside the spec: the engine is told by the form, the id by the spec's
     * cgroupsPath (containerd's default spec sets /NAMESPACE/ID), the image and runtime by the index annotations.
     */
    private static CheckpointedContainer containerdContainer(CheckpointedContainer c, ContainerdCheckpoint d) {
        return new CheckpointedContainer(ContainerMetadata.CONTAINERD, c.name(),
                ContainerMetadata.first(c.id(), ContainerdRecords.idFromCgroupsPath(d)),
                ContainerMetadata.first(d.baseImage(), c.image()), c.imageId(),
                ContainerMetadata.first(d.runtime(), c.runtime()), c.created(), c.checkpointed(), c.pod(),
                c.namespace(), c.ip(), c.mac(), c.annotations());
    }

    private JsonNode parse(String entry, byte[] data) {
        try {
            return Json.read(new String(data, StandardCharsets.UTF_8));
        } catch (IOException e) {
            warnings.add(source.path() + ": entry " + entry + ": the spec in it is not valid JSON: " + Json.why(e));
            return null;
        }
    }

    private CheckpointedContainer withCheckpointTime(CheckpointedContainer c) {
        if (c.checkpointed() != null) {
            return c;
        }
        // The engine did not record it: inventory.img is written when CRIU dumps, so its time is the checkpoint's.
        String when = collected.inventoryTime().map(Object::toString).orElse(null);
        return new CheckpointedContainer(c.engine(), c.name(), c.id(), c.image(), c.imageId(), c.runtime(), c.created(),
                when, c.pod(), c.namespace(), c.ip(), c.mac(), c.annotations());
    }

    private CriuInfo criuInfo(ImageSet images, CheckpointedContainer container) {
        Integer imagesVersion = images.first("inventory.img", InventoryEntry.class)
                .filter(InventoryEntry::hasImgVersion).map(InventoryEntry::getImgVersion).orElse(null);
        String arch = ProcessAssembler.arch(images);
        Integer pageSize = null;
        for (String name : images.names()) {
            if (name.startsWith("mm-")) {
                var mm = images.first(name, MmEntry.class);
                if (mm.isPresent()) {
                    var ps = PageSize.fromSavedAuxv(mm.get().getMmSavedAuxvList());
                    if (ps.isPresent()) {
                        pageSize = ps.getAsInt();
                        break;
                    }
                }
            }
        }
        if (pageSize == null && "x86_64".equals(arch)) {
            pageSize = PageSize.DEFAULT;
        }
        return new CriuInfo(criuVersion(container), imagesVersion, arch, pageSize);
    }

    /** From dump.log's "Version:" line, else Podman's image annotation (40101 means 4.1.1). */
    private String criuVersion(CheckpointedContainer container) {
        Optional<String> log = collected.logHead();
        if (log.isPresent()) {
            Matcher m = LOG_VERSION.matcher(log.get());
            if (m.find()) {
                return m.group(1);
            }
        }
        String annotated = container.annotations().get("io.podman.annotations.checkpoint.criu.version");
        if (annotated != null && annotated.matches("\\d{5,6}")) {
            int v = Integer.parseInt(annotated);
            return (v / 10000) + "." + (v / 100 % 100) + "." + (v % 100);
        }
        return null;
    }

    private DumpStats stats() {
        Optional<DumpStatsEntry> dump = collected.statsDump()
                .flatMap(img -> img.first(StatsEntry.class))
                .filter(StatsEntry::hasDump)
                .map(StatsEntry::getDump);
        if (dump.isEmpty()) {
            return DumpStats.absent();
        }
        return dumpStats(dump.get());
    }

    /** CRIU's dump statistics as recorded; a field CRIU did not write stays null. */
    static DumpStats dumpStats(DumpStatsEntry d) {
        return new DumpStats(
                d.hasFreezingTime() ? Integer.toUnsignedLong(d.getFreezingTime()) : null,
                d.hasFrozenTime() ? Integer.toUnsignedLong(d.getFrozenTime()) : null,
                d.hasMemdumpTime() ? Integer.toUnsignedLong(d.getMemdumpTime()) : null,
                d.hasMemwriteTime() ? Integer.toUnsignedLong(d.getMemwriteTime()) : null,
                d.hasPagesScanned() ? d.getPagesScanned() : null,
                d.hasPagesSkippedParent() ? d.getPagesSkippedParent() : null,
                d.hasPagesWritten() ? d.getPagesWritten() : null,
                d.hasPagesLazy() ? d.getPagesLazy() : null);
    }

    private RootfsDiff rootfsDiff() {
        List<RootfsEntry> entries = new ArrayList<>();
        int files = 0;
        long bytes = 0;
        List<String> deleted = deletedFiles();
        var listing = collected.rootfs();
        if (listing.isPresent()) {
            for (TarMember m : listing.get().members()) {
                String whitedOut = m.refused() == null ? whiteoutTarget(m.name()) : null;
                if (whitedOut != null) {
                    // containerd's diff is an OCI layer: a deletion is an empty ".wh.NAME" beside where NAME was.
                    if (!whitedOut.isEmpty() && !deleted.contains(whitedOut)) {
                        deleted.add(whitedOut);
                    }
                    continue;
                }
                entries.add(rootfsEntry(m));
                if (m.type() == EntryType.FILE && m.refused() == null) {
                    files++;
                    bytes += m.size();
                }
            }
        }
        return new RootfsDiff(files, bytes, entries, deleted);
    }

    /** A member of rootfs-diff.tar in the model's words; a refused name is kept as recorded, not made absolute. */
    static RootfsEntry rootfsEntry(TarMember m) {
        String tarType = m.tarType();
        TarFacts f = m.facts();
        boolean device = f.isDevice();
        String hostile = m.refused() == null ? null : m.refused().text();
        return new RootfsEntry(m.refused() != null && m.refused().nameRefused() ? m.name() : "/" + m.name(),
                typeName(m.type()), m.type() == EntryType.FILE ? m.size() : 0, String.format("%04o", m.mode() & 07777),
                m.linkTarget(), tarType, RootfsEntry.modeText(RootfsEntry.typeLetter(tarType), m.mode()),
                RootfsEntry.flags(tarType, m.mode(), hostile), f.uid() < 0 ? null : f.uid(),
                f.gid() < 0 ? null : f.gid(), blankToNull(f.userName()), blankToNull(f.groupName()),
                device && f.devMajor() >= 0 ? f.devMajor() : null, device && f.devMinor() >= 0 ? f.devMinor() : null,
                m.modified().toString(), m.sha256(), hostile);
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /**
     * For an OCI whiteout entry the absolute path it deletes; "" for an opaque-directory marker (it hides the lower
     * directory's content, which names no file); null for an ordinary entry.
     */
    static String whiteoutTarget(String entryName) {
        String name = entryName.endsWith("/") ? entryName.substring(0, entryName.length() - 1) : entryName;
        int slash = name.lastIndexOf('/');
        String base = name.substring(slash + 1);
        if (!base.startsWith(".wh.")) {
            return null;
        }
        if (base.equals(".wh..wh..opq")) {
            return "";
        }
        String dir = slash < 0 ? "" : name.substring(0, slash + 1);
        return "/" + dir + base.substring(".wh.".length());
    }

    private List<String> deletedFiles() {
        JsonNode deleted = json(SideFiles.DELETED_FILES);
        List<String> out = new ArrayList<>();
        if (deleted != null) {
            if (deleted.isArray()) {
                deleted.forEach(d -> out.add(d.asText()));
            } else {
                warnings.add(source.path() + ": deleted.files is not a JSON list");
            }
        }
        return out;
    }

    private static String typeName(EntryType type) {
        return switch (type) {
            case FILE -> "file";
            case DIRECTORY -> "dir";
            case SYMLINK -> "symlink";
            case HARDLINK -> "hardlink";
            case OTHER -> "other";
        };
    }

    private JsonNode json(String name) {
        Optional<byte[]> data = collected.sideFile(name);
        if (data.isEmpty()) {
            return null;
        }
        try {
            return Json.read(new String(data.get(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            warnings.add(source.path() + ": entry " + name + ": not valid JSON: " + Json.why(e));
            return null;
        }
    }

    private List<String> allWarnings() {
        LinkedHashSet<String> all = new LinkedHashSet<>(source.warnings());
        all.addAll(collected.warnings());
        all.addAll(collected.images().warnings());
        all.addAll(warnings);
        return new ArrayList<>(all);
    }
}
