package io.checkpointinspector.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.checkpointinspector.archive.CheckpointFormatException;
import io.checkpointinspector.archive.CheckpointSource;
import io.checkpointinspector.archive.CheckpointSources;
import io.checkpointinspector.archive.ContainerdCheckpoints;
import io.checkpointinspector.archive.EntryInfo;
import io.checkpointinspector.archive.EntryType;
import io.checkpointinspector.archive.EntryVisitor;
import io.checkpointinspector.archive.NestedTar;
import io.checkpointinspector.archive.OpenOptions;
import io.checkpointinspector.archive.TarMember;
import io.checkpointinspector.inspect.CheckpointInspector;
import io.checkpointinspector.inspect.InspectListener;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.model.ImageEntry;
import io.checkpointinspector.model.RootfsEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Checkpoint → checkpoint image: an OCI archive ({@code podman load -i FILE}, then {@code podman container restore
 * IMAGE}) of one gzip layer holding the checkpoint's files as Podman's {@code --create-image} lays them out (the
 * export's entries at the layer's root), with Podman's and checkpointctl's checkpoint annotations
 * ({@link CheckpointAnnotations}).
 *
 * <p>The source is read once into the model (names, CRIU facts, the rootfs diff's hostile entries: any stops the
 * build before anything is written), then once more to write the layer: each entry is copied as it streams past,
 * the tar, its SHA-256 (the diff id), the gzip stream and its SHA-256 (the blob digest) computed in that one pass.
 * Nested tars an engine unpacks on restore are checked member by member while they are copied. Only directories and
 * regular files are copied (an export has nothing else; links in a checkpoint root are left out and said). The
 * output is written to a temporary file beside the target and renamed onto it when complete; the same checkpoint
 * gives the same bytes (fixed times, gzip without a time stamp).
 */
public final class CheckpointImageBuilder {

    public static final String LAYER_MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String CONFIG_MEDIA_TYPE = "application/vnd.oci.image.config.v1+json";
    public static final String MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
    public static final String REF_NAME = "org.opencontainers.image.ref.name";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_CONFIG_DUMP = 16 << 20;
    private static final Set<String> REQUIRED = Set.of("config.dump", "spec.dump");

    /**
     * What was written.
     *
     * @param layerBytes        the gzip layer blob
     * @param layerTarBytes     the layer uncompressed
     * @param diffId            SHA-256 of the uncompressed layer (the config's rootfs.diff_ids)
     * @param entries           entries copied into the layer
     * @param warnings          what the source's reading found, and entries left out
     */
    public record Result(Path file, ImageName image, long fileBytes, String manifestDigest, String layerDigest,
            long layerBytes, long layerTarBytes, String diffId, int entries, String form,
            CheckpointAnnotations annotations, List<String> warnings) {
        public Result {
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * Builds the image of source into target.
     *
     * @param overwrite replace target if it is a regular file (never a link or anything else)
     * @throws CancellationException     when listener.isCancelled() (nothing is left behind)
     * @throws CheckpointFormatException when the source cannot be made into an image (naming the entry)
     */
    public Result build(Path source, ImageName image, Path target, boolean overwrite, InspectListener listener)
            throws IOException {
        return build(source, image, target, overwrite, BuildOptions.none(), listener);
    }

    /**
     * Builds the image of source into target, with the values options gives for a checkpoint of another engine
     * ({@link PodmanRecord}).
     *
     * @throws IllegalArgumentException when an option's value cannot be used (naming the option)
     */
    public Result build(Path source, ImageName image, Path target, boolean overwrite, BuildOptions options,
            InspectListener listener) throws IOException {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(options, "options");
        InspectListener progress = listener == null ? InspectListener.NONE : listener;
        try (CheckpointSource src = CheckpointSources.open(source)) {
            var refused = LayerPlan.refusal(src.kind());
            if (refused.isPresent()) {
                throw new CheckpointFormatException(source, null, "cannot be made into a checkpoint image: "
                        + refused.get());
            }
            long total = Math.max(1, src.bytes());
            Checkpoint checkpoint = new CheckpointInspector(NestedTar.Hashing.NONE).inspect(src,
                    phase(progress, 0, total, "reading "));
            checkBeforeWriting(source, checkpoint);
            refuseCut(source, src);
            PodmanRecord.Plan plan = PodmanRecord.plan(source, checkpoint, options);
            try (TargetFile out = TargetFile.create(target, overwrite, source)) {
                Result r = new Job(source, src, checkpoint, image, plan, out, progress, total).write();
                out.commit();
                return r;
            }
        }
    }

    /** Refuses what no engine could restore and what must never reach an image. */
    static void checkBeforeWriting(Path source, Checkpoint checkpoint) throws IOException {
        Set<String> names = checkpoint.entries().stream().map(ImageEntry::name).collect(Collectors.toSet());
        boolean containerdImage = checkpoint.containerd() != null
                && names.contains(ContainerdCheckpoints.CONFIG_ENTRY) && !names.contains("config.dump");
        if (containerdImage && checkpoint.entries().stream().noneMatch(e -> e.name().startsWith("checkpoint/"))) {
            throw new CheckpointFormatException(source, "checkpoint/", "no CRIU images in this containerd "
                    + "checkpoint (made without --task): nothing to restore");
        }
        for (String required : containerdImage ? Set.of(ContainerdCheckpoints.CONFIG_ENTRY) : REQUIRED) {
            if (!names.contains(required)) {
                throw new CheckpointFormatException(source, required, "not in this checkpoint: an image of it "
                        + "could not be restored (the engine recreates the container from config.dump and spec.dump)");
            }
        }
        if (checkpoint.entries().stream().noneMatch(e -> e.name().startsWith("checkpoint/"))) {
            throw new CheckpointFormatException(source, "checkpoint/", "no CRIU images in this checkpoint");
        }
        for (RootfsEntry e : checkpoint.rootfsDiff().entries()) {
            if (e.hostile() != null) {
                throw hostile(source, "rootfs-diff.tar", e.path(), e.hostile());
            }
        }
    }

    private static void refuseCut(Path source, CheckpointSource src) throws CheckpointFormatException {
        if (src.cut().isPresent()) {
            throw new CheckpointFormatException(source, null, src.cut().get() + ": an image of a cut checkpoint "
                    + "would not restore; nothing written");
        }
    }

    private static CheckpointFormatException hostile(Path source, String tar, String member, String why) {
        return new CheckpointFormatException(source, tar, "holds the hostile entry '" + member + "' (" + why
                + "); an engine would unpack it on restore, so no image is built and nothing is written");
    }

    /** Maps one pass's progress onto the whole build: two passes over the source. */
    private static InspectListener phase(InspectListener l, long base, long total, String verb) {
        return new InspectListener() {
            @Override
            public void progress(long bytesDone, long bytesTotal, String currentEntry) {
                long done = bytesTotal <= 0 ? 0 : (long) ((double) bytesDone / bytesTotal * total);
                l.progress(base + Math.min(done, total), 2 * total, currentEntry == null ? null : verb + currentEntry);
            }

            @Override
            public boolean isCancelled() {
                return l.isCancelled();
            }
        };
    }

    /** One build: the second pass and what it finds. */
    private static final class Job {
        private final Path source;
        private final CheckpointSource src;
        private final Checkpoint checkpoint;
        private final ImageName image;
        private final PodmanRecord.Plan plan;
        private final TargetFile out;
        private final InspectListener progress;
        private final long total;
        private final List<String> warnings = new ArrayList<>();
        private JsonNode configDump = MissingNode.getInstance();
        private JsonNode specDump;
        private byte[] containerdConfig;
        private int copied;
        private EntryInfo cut;

        Job(Path source, CheckpointSource src, Checkpoint checkpoint, ImageName image, PodmanRecord.Plan plan,
                TargetFile out, InspectListener progress, long total) {
            this.source = source;
            this.src = src;
            this.checkpoint = checkpoint;
            this.image = image;
            this.plan = plan;
            this.out = out;
            this.progress = progress;
            this.total = total;
        }

        Result write() throws IOException {
            Instant when = checkpointTime();
            OciArchiveWriter oci = new OciArchiveWriter(out.channel(), when);
            oci.file("oci-layout", "{\"imageLayoutVersion\": \"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            oci.directory("blobs/");
            oci.directory(OciArchiveWriter.BLOBS);

            OciArchiveWriter.BlobStream blob = oci.openBlob(LAYER_MEDIA_TYPE);
            Counting tarBytes = new Counting(new GZIPOutputStream(blob, 1 << 16));
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(tarBytes, StandardCharsets.UTF_8.name())) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                tar.setAddPaxHeadersForNonAsciiNames(true);
                copyEntries(tar);
                if (cut == null) {
                    writePodmanRecord(tar);
                }
                tar.finish();
            }
            if (cut != null) {
                throw new CheckpointFormatException(source, cut.name(), "the archive ends inside this entry: an "
                        + "image of a cut checkpoint would not restore; nothing written");
            }
            refuseCut(source, src);
            OciArchiveWriter.Descriptor layer = blob.finish();
            String diffId = "sha256:" + HexFormat.of().formatHex(tarBytes.digest.digest());

            CheckpointAnnotations annotations = CheckpointAnnotations.of(checkpoint, configDump, src.annotations())
                    .with(plan.annotations());
            String arch = annotations.get(CheckpointAnnotations.PODMAN + "host.arch");
            if (arch == null) {
                throw new CheckpointFormatException(source, "checkpoint/", "no architecture in the CRIU core "
                        + "images (the image config must name one); nothing written");
            }
            OciArchiveWriter.Descriptor config = oci.blob(CONFIG_MEDIA_TYPE, json(config(arch, diffId, when)));
            OciArchiveWriter.Descriptor manifest = oci.blob(MANIFEST_MEDIA_TYPE,
                    json(manifest(config, layer, annotations)));
            oci.file("index.json", json(index(manifest)));
            oci.end();
            List<String> all = new ArrayList<>(checkpoint.warnings());
            all.addAll(plan.notes());
            all.addAll(warnings);
            return new Result(out.target(), image, out.channel().size(), manifest.digest(), layer.digest(),
                    layer.size(), tarBytes.count, diffId, copied, checkpoint.source().description(), annotations,
                    all);
        }

        private void copyEntries(TarArchiveOutputStream tar) throws IOException {
            src.scan(new EntryVisitor() {
                @Override
                public void visit(EntryInfo entry, InputStream content) throws IOException {
                    copy(entry, content, tar);
                }

                @Override
                public void cutShort(EntryInfo entry) {
                    cut = entry;
                }

                @Override
                public boolean isCancelled() {
                    return progress.isCancelled();
                }

                @Override
                public void progress(long bytesDone, long bytesTotal, String currentEntry) {
                    phase(progress, total, total, "writing ").progress(bytesDone, bytesTotal, currentEntry);
                }
            });
        }

        private void copy(EntryInfo entry, InputStream content, TarArchiveOutputStream tar) throws IOException {
            if (entry.type() != EntryType.FILE && entry.type() != EntryType.DIRECTORY) {
                warnings.add("entry '" + entry.name() + "' (" + entry.type().name().toLowerCase(java.util.Locale.ROOT)
                        + ") left out of the image: only directories and regular files are copied");
                return;
            }
            String name = entry.name();
            boolean record = entry.isFile() && entry.size() <= MAX_CONFIG_DUMP && (name.equals("config.dump")
                    || name.equals("spec.dump") || name.equals(ContainerdCheckpoints.CONFIG_ENTRY));
            if (record && (name.equals("config.dump") && plan.convert()
                    || name.equals("spec.dump") && plan.rewritesSpec())) {
                name = name + "." + plan.engine(); // the engine's original, beside the one Podman reads
            }
            TarArchiveEntry t = new TarArchiveEntry(entry.isDirectory() ? name + "/" : name,
                    entry.isDirectory() ? TarArchiveEntry.LF_DIR : TarArchiveEntry.LF_NORMAL);
            t.setMode((entry.isDirectory() ? 040000 : 0100000) | (entry.mode() & 07777));
            t.setModTime(FileTime.from(entry.modified()));
            t.setIds(0, 0);
            t.setSize(entry.isFile() ? entry.size() : 0);
            tar.putArchiveEntry(t);
            if (entry.isFile()) {
                if (record) {
                    byte[] data = content.readAllBytes();
                    tar.write(data);
                    keep(entry.name(), data);
                } else if (LayerPlan.unpackedOnRestore(entry.name())) {
                    copyChecked(entry, content, tar);
                } else {
                    content.transferTo(tar);
                }
            }
            tar.closeArchiveEntry();
            copied++;
        }

        private void keep(String name, byte[] data) throws IOException {
            if (name.equals(ContainerdCheckpoints.CONFIG_ENTRY)) {
                containerdConfig = data;
                return;
            }
            try {
                JsonNode tree = JSON.readTree(data);
                if (name.equals("config.dump")) {
                    configDump = tree;
                } else {
                    specDump = tree;
                }
            } catch (IOException e) {
                if (name.equals("config.dump") && !plan.convert()) {
                    warnings.add("config.dump is not valid JSON: the annotations taken from it are left out");
                } else if (name.equals("spec.dump") && !plan.rewritesSpec()) {
                    warnings.add("spec.dump is not valid JSON");
                } else {
                    throw new CheckpointFormatException(source, name, "is not valid JSON (" + e.getMessage()
                            + "): the record Podman restores from cannot be written from it; nothing written", e);
                }
            }
        }

        /** The Podman-form config.dump and spec.dump, and the CRIU configuration, after the checkpoint's entries. */
        private void writePodmanRecord(TarArchiveOutputStream tar) throws IOException {
            List<String> notes = new ArrayList<>();
            if (plan.convert()) {
                written(tar, "config.dump", PodmanRecord.configDump(plan, configDump.isObject() ? configDump : null));
            }
            if (plan.rewritesSpec()) {
                JsonNode spec = specDump;
                if (spec == null && containerdConfig != null) {
                    byte[] json = io.checkpointinspector.inspect.ContainerdSpecs.spec(source.toString(),
                            containerdConfig, warnings::add).orElseThrow(() -> new CheckpointFormatException(source,
                            ContainerdCheckpoints.CONFIG_ENTRY, "holds no OCI spec: no spec.dump can be written "
                            + "for Podman; nothing written"));
                    try {
                        spec = JSON.readTree(json);
                    } catch (IOException e) {
                        throw new CheckpointFormatException(source, ContainerdCheckpoints.CONFIG_ENTRY, "the spec "
                                + "in it is not valid JSON (" + e.getMessage() + "); nothing written", e);
                    }
                    notes.add("spec.dump written from the OCI spec in " + ContainerdCheckpoints.CONFIG_ENTRY);
                }
                if (spec == null || !spec.isObject()) {
                    throw new CheckpointFormatException(source, "spec.dump", "missing or not a JSON object: no spec "
                            + "can be written for Podman; nothing written");
                }
                written(tar, "spec.dump", PodmanRecord.specDump(plan, spec, notes));
            }
            if (plan.criuConfig() != null) {
                written(tar, PodmanRecord.CRIU_CONFIG_ENTRY, plan.criuConfig());
            }
            warnings.addAll(notes);
        }

        private void written(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
            TarArchiveEntry t = new TarArchiveEntry(name, TarArchiveEntry.LF_NORMAL);
            t.setMode(0100600);
            t.setModTime(FileTime.from(checkpointTime()));
            t.setIds(0, 0);
            t.setSize(data.length);
            tar.putArchiveEntry(t);
            tar.write(data);
            tar.closeArchiveEntry();
            copied++;
        }

        /** Copies a nested tar while listing its members; a hostile member stops the build. */
        private void copyChecked(EntryInfo entry, InputStream content, OutputStream tar) throws IOException {
            TeeInput tee = new TeeInput(content, tar);
            NestedTar.Listing listing;
            try {
                listing = NestedTar.inspect(tee, source + "!" + entry.name(), OpenOptions.defaults());
            } catch (CheckpointFormatException e) {
                throw new CheckpointFormatException(source, entry.name(), "is not a readable tar (" + e.getMessage()
                        + "); an engine would unpack it on restore, so no image is built", e);
            }
            tee.transferTo(OutputStream.nullOutputStream());
            for (TarMember m : listing.members()) {
                if (m.refused() != null) {
                    throw hostile(source, entry.name(), m.name(), m.refused().text());
                }
            }
        }

        private Instant checkpointTime() {
            String t = checkpoint.container().checkpointed();
            if (t != null) {
                try {
                    return Instant.parse(t);
                } catch (DateTimeParseException e) {
                    // not an instant: the archive's entries keep their own times either way
                }
            }
            return Instant.EPOCH;
        }

        private ObjectNode config(String arch, String diffId, Instant when) {
            ObjectNode c = JSON.createObjectNode();
            if (!when.equals(Instant.EPOCH)) {
                c.put("created", when.toString());
            }
            c.put("architecture", arch);
            c.put("os", "linux");
            c.set("config", JSON.createObjectNode());
            ObjectNode rootfs = c.putObject("rootfs");
            rootfs.put("type", "layers");
            rootfs.putArray("diff_ids").add(diffId);
            ObjectNode h = c.putArray("history").addObject();
            if (!when.equals(Instant.EPOCH)) {
                h.put("created", when.toString());
            }
            h.put("created_by", "checkpoint-inspector build");
            h.put("comment", "checkpoint of " + checkpoint.container().name() + " from " + source.getFileName()
                    + " (" + checkpoint.source().description() + ")");
            return c;
        }

        private static ObjectNode manifest(OciArchiveWriter.Descriptor config, OciArchiveWriter.Descriptor layer,
                CheckpointAnnotations annotations) {
            ObjectNode m = JSON.createObjectNode();
            m.put("schemaVersion", 2);
            m.put("mediaType", MANIFEST_MEDIA_TYPE);
            m.set("config", descriptor(config));
            m.putArray("layers").add(descriptor(layer));
            ObjectNode a = m.putObject("annotations");
            annotations.values().forEach(a::put);
            return m;
        }

        private ObjectNode index(OciArchiveWriter.Descriptor manifest) {
            ObjectNode i = JSON.createObjectNode();
            i.put("schemaVersion", 2);
            ArrayNode list = i.putArray("manifests");
            ObjectNode d = descriptor(manifest);
            d.putObject("annotations").put(REF_NAME, image.reference());
            list.add(d);
            return i;
        }

        private static ObjectNode descriptor(OciArchiveWriter.Descriptor d) {
            ObjectNode n = JSON.createObjectNode();
            n.put("mediaType", d.mediaType());
            n.put("digest", d.digest());
            n.put("size", d.size());
            return n;
        }

        private static byte[] json(JsonNode node) throws IOException {
            return JSON.writeValueAsBytes(node);
        }
    }

    /** Counts and hashes the uncompressed layer on its way to gzip. */
    private static final class Counting extends java.io.FilterOutputStream {
        private final MessageDigest digest = OciArchiveWriter.sha256();
        private long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            digest.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            digest.update(b, off, len);
            count += len;
        }
    }

    /** Every byte read from in (skipped ones too: skip reads) is also written to copy. */
    private static final class TeeInput extends InputStream {
        private final InputStream in;
        private final OutputStream copy;
        private final byte[] skipBuffer = new byte[1 << 16];

        TeeInput(InputStream in, OutputStream copy) {
            this.in = in;
            this.copy = copy;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                copy.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                copy.write(b, off, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long done = 0;
            while (done < n) {
                int r = read(skipBuffer, 0, (int) Math.min(skipBuffer.length, n - done));
                if (r < 0) {
                    break;
                }
                done += r;
            }
            return done;
        }

        @Override
        public int available() {
            return 0;
        }

        @Override
        public void close() {
            // the entry's stream belongs to the scan
        }
    }
}
