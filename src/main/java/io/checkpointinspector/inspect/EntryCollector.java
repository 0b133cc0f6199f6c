package io.checkpointinspector.inspect;

import io.checkpointinspector.archive.EntryInfo;
import io.checkpointinspector.archive.NestedTar;
import io.checkpointinspector.criu.CriuImageException;
import io.checkpointinspector.criu.ImageKind;
import io.checkpointinspector.criu.ImageReader;
import io.checkpointinspector.criu.ImageReader.DecodedImage;
import io.checkpointinspector.model.ImageEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Takes the entries of a checkpoint one at a time, in whatever order the source holds them, and keeps what the
 * model needs: side files, decoded CRIU images, the rootfs-diff listing and sizes. Page images are handed to a
 * {@link PagesSink}, because only the caller knows whether they can be read again later.
 */
final class EntryCollector {

    /** Receives each pages-N.img entry (file name within checkpoint/) while its content is readable. */
    interface PagesSink {
        void pages(String fileName, EntryInfo entry, InputStream content) throws IOException;
    }

    private final Path source;
    private final ImageSet images = new ImageSet();
    private final Map<String, byte[]> sideFiles = new HashMap<>();
    private final List<ImageEntry> entries = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private NestedTar.Listing rootfs;
    private DecodedImage statsDump;
    private byte[] logHead;
    private Instant inventoryTime;
    private long checkpointBytes;
    private long pagesBytes;
    private long rootfsBytes;

    private final NestedTar.Hashing rootfsHashing;

    EntryCollector(Path source) {
        this(source, NestedTar.Hashing.SMALL);
    }

    EntryCollector(Path source, NestedTar.Hashing rootfsHashing) {
        this.source = source;
        this.rootfsHashing = rootfsHashing;
    }

    void accept(EntryInfo entry, InputStream content, PagesSink pagesSink) throws IOException {
        String name = entry.name();
        Optional<ImageKind> kind = name.startsWith(SideFiles.CHECKPOINT_DIR)
                ? ImageKind.forFileName(entry.fileName()) : Optional.empty();
        if (!entry.isFile()) {
            if (entry.isLink()) {
                entries.add(new ImageEntry(name, 0, "link to " + entry.linkTarget()));
                if (entry.type() == io.checkpointinspector.archive.EntryType.SYMLINK) {
                    parentLinks.put(name, entry.linkTarget());
                }
            }
            return;
        }
        entries.add(new ImageEntry(name, entry.size(), kind.map(Enum::name).orElse(null)));
        if (name.startsWith(SideFiles.CHECKPOINT_DIR)) {
            acceptImage(entry, kind, content, pagesSink);
        } else if (name.startsWith(SideFiles.PRE_CHECKPOINT_DIR)) {
            acceptPreDumpImage(entry, content);
        } else if (SideFiles.SMALL_FILES.contains(name)) {
            sideFiles.put(name, BoundedRead.all(source, name, content, SideFiles.MAX_SIDE_FILE_BYTES));
        } else if (name.equals(SideFiles.STATS_DUMP)) {
            statsDump = decode(name, content);
        } else if (name.equals(SideFiles.ROOTFS_DIFF)) {
            rootfsBytes = entry.size();
            rootfs = NestedTar.inspect(content, source + ": " + name,
                    io.checkpointinspector.archive.OpenOptions.defaults(), rootfsHashing);
            rootfs.warnings().forEach(warnings::add);
        } else if (SideFiles.isDumpLog(name) && logHead == null) {
            logHead = BoundedRead.upTo(content, SideFiles.LOG_HEAD_BYTES);
        }
    }

    private void acceptImage(EntryInfo entry, Optional<ImageKind> kind, InputStream content, PagesSink pagesSink)
            throws IOException {
        String fileName = entry.name().substring(SideFiles.CHECKPOINT_DIR.length());
        checkpointBytes += entry.size();
        if (kind.isPresent() && kind.get() == ImageKind.PAGES) {
            pagesBytes += entry.size();
            pagesSink.pages(fileName, entry, content);
            return;
        }
        if (fileName.equals(SideFiles.DUMP_LOG)) {
            logHead = BoundedRead.upTo(content, SideFiles.LOG_HEAD_BYTES);
            return;
        }
        if (kind.isEmpty() || !kind.get().isDecoded() || fileName.contains("/")) {
            return;
        }
        if (kind.get() == ImageKind.INVENTORY) {
            inventoryTime = entry.modified();
        }
        if (entry.size() > MAX_IMAGE_BYTES) {
            warnings.add(source + ": entry " + entry.name() + ": " + entry.size() + " bytes is more than any CRIU "
                    + "image of this kind holds (limit " + MAX_IMAGE_BYTES + "): not decoded");
            return;
        }
        images.put(fileName, entry.name(), BoundedRead.all(source, entry.name(), content, MAX_IMAGE_BYTES));
    }

    /** Podman's pre-checkpoint/ (a pre-dump): its pagemaps and inventory are kept; its pages are only counted. */
    private void acceptPreDumpImage(EntryInfo entry, InputStream content) throws IOException {
        String fileName = entry.name().substring(SideFiles.PRE_CHECKPOINT_DIR.length());
        Optional<ImageKind> kind = ImageKind.forFileName(fileName);
        checkpointBytes += entry.size();
        if (kind.isEmpty() || fileName.contains("/")) {
            return;
        }
        if (kind.get() == ImageKind.PAGES) {
            pagesBytes += entry.size();
        } else if ((kind.get() == ImageKind.PAGEMAP || kind.get() == ImageKind.INVENTORY)
                && entry.size() <= MAX_IMAGE_BYTES) {
            preDumpImages.put(fileName, entry.name(),
                    BoundedRead.all(source, entry.name(), content, MAX_IMAGE_BYTES));
        }
    }

    /** Images of pre-checkpoint/ (pagemaps and inventory), by file name. */
    ImageSet preDumpImages() {
        return preDumpImages;
    }

    /** Symlink entries by name with their targets as recorded (e.g. checkpoint/parent). */
    Map<String, String> links() {
        return parentLinks;
    }

    private final ImageSet preDumpImages = new ImageSet();
    private final Map<String, String> parentLinks = new java.util.TreeMap<>();

    /**
     * The archive ends inside this entry (the source warns once, naming it): nothing of it is kept, so that every
     * figure shown is one read whole. Only the entry last accepted can be cut.
     */
    void forget(EntryInfo entry) {
        if (entry == null || entries.isEmpty() || !entries.get(entries.size() - 1).name().equals(entry.name())) {
            return;
        }
        entries.remove(entries.size() - 1);
        String name = entry.name();
        if (name.startsWith(SideFiles.CHECKPOINT_DIR)) {
            checkpointBytes -= entry.size();
            if (ImageKind.forFileName(entry.fileName()).filter(k -> k == ImageKind.PAGES).isPresent()) {
                pagesBytes -= entry.size();
            }
        } else if (name.equals(SideFiles.ROOTFS_DIFF)) {
            rootfsBytes = 0;
            rootfs = null;
        }
    }

    /** No image but pages comes near this in a real dump; a larger one is not held in memory. */
    static final int MAX_IMAGE_BYTES = 256 << 20;

    /** A decoded image, or null (with a warning) when the image is unreadable as a whole. */
    private DecodedImage decode(String entryName, InputStream content) throws IOException {
        try {
            DecodedImage image = ImageReader.read(entryName, content, ImageReader.Limits.DEFAULT);
            warnings.addAll(image.warnings());
            return image;
        } catch (CriuImageException e) {
            warnings.add(e.getMessage());
            return null;
        }
    }

    ImageSet images() {
        return images;
    }

    Optional<byte[]> sideFile(String name) {
        return Optional.ofNullable(sideFiles.get(name));
    }

    Optional<NestedTar.Listing> rootfs() {
        return Optional.ofNullable(rootfs);
    }

    Optional<DecodedImage> statsDump() {
        return statsDump != null ? Optional.of(statsDump) : images.get("stats-dump");
    }

    Optional<String> logHead() {
        return logHead == null ? Optional.empty() : Optional.of(new String(logHead, StandardCharsets.UTF_8));
    }

    Optional<Instant> inventoryTime() {
        return Optional.ofNullable(inventoryTime).filter(t -> !t.equals(Instant.EPOCH));
    }

    List<ImageEntry> entries() {
        return entries;
    }

    List<String> warnings() {
        return warnings;
    }

    long checkpointBytes() {
        return checkpointBytes;
    }

    long pagesBytes() {
        return pagesBytes;
    }

    long rootfsBytes() {
        return rootfsBytes;
    }
}
