package io.checkpointinspector.helper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * An exported containerd checkpoint (OCI layout tar) rewritten into a root-private tar for ctr images import.
 *
 * <p>Why rewrite rather than copy: ctr images import names the images it creates after the annotations of the
 * archive's index.json and overwrites an image of that name, so the user's file could replace any image in
 * root's store. The copy keeps only the blobs (each checked against its sha256 name while it is copied) and gets
 * an index.json written here, naming exactly one image: the checkpoint, under a fresh name the helper chose. ctr
 * then reads only what the helper wrote, so a tar that two readers would read differently is no concern either.
 * Blobs up to 1 MiB are kept in memory for {@link ContainerdAudit}.
 */
final class ContainerdImport {

    static final int MAX_KEPT_BLOB = 1 << 20;
    private static final int MAX_ENTRIES = 100_000;
    private static final int MAX_INDEX = 1 << 20;
    private static final Pattern BLOB = Pattern.compile("^(?:\\./)?blobs/sha256/([0-9a-f]{64})$");
    private static final Set<String> DIRECTORIES = Set.of("blobs", "blobs/", "blobs/sha256", "blobs/sha256/", "./",
            "./blobs/", "./blobs/sha256/");

    /** The rewritten archive: the checkpoint index (its digest and bytes) and the small blobs by digest. */
    record Result(String indexDigest, long indexSize, byte[] index, Map<String, byte[]> blobs) {
        byte[] blob(String digest) {
            return blobs.get(digest);
        }
    }

    private ContainerdImport() {
    }

    /**
     * Reads in (the user's file, as the user opened it), writes the private tar to out under image name ref.
     * label names the file in messages.
     */
    static Result rewrite(InputStream in, Path out, String ref, String label, Job job, ObjectMapper json)
            throws IOException, RefusedException {
        Map<String, byte[]> kept = new HashMap<>();
        Map<String, Long> sizes = new HashMap<>();
        Set<String> seen = new HashSet<>();
        byte[] indexJson = null;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new BufferedInputStream(in, 1 << 16));
                OutputStream file = new BufferedOutputStream(Files.newOutputStream(out, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE), 1 << 16);
                TarArchiveOutputStream w = new TarArchiveOutputStream(file)) {
            w.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            TarArchiveEntry e;
            int entries = 0;
            while ((e = next(tar, label)) != null) {
                if (job.cancelled()) {
                    throw new RefusedException(Protocol.CODE_CANCELLED, "cancelled while copying " + label);
                }
                if (++entries > MAX_ENTRIES) {
                    throw refused(label + " has more than " + MAX_ENTRIES + " entries");
                }
                String name = e.getName();
                if (e.isDirectory() && DIRECTORIES.contains(name)) {
                    continue;
                }
                if (!e.isFile()) {
                    throw refused(label + ": entry " + RequestParser.printable(name) + " is not a plain file; an "
                            + "exported containerd checkpoint holds only blobs, index.json and oci-layout");
                }
                String plain = name.startsWith("./") ? name.substring(2) : name;
                if (!seen.add(plain)) {
                    throw refused(label + ": entry " + RequestParser.printable(name) + " appears twice");
                }
                var blob = BLOB.matcher(name);
                if (plain.equals("index.json")) {
                    if (e.getSize() > MAX_INDEX) {
                        throw refused(label + ": index.json is larger than " + MAX_INDEX + " bytes");
                    }
                    indexJson = tar.readAllBytes();
                } else if (plain.equals("oci-layout") || plain.equals("manifest.json")) {
                    continue; // written anew (oci-layout) or not needed (Docker's manifest)
                } else if (blob.matches()) {
                    String digest = "sha256:" + blob.group(1);
                    copyBlob(tar, e, w, digest, label, kept);
                    sizes.put(digest, e.getSize());
                } else {
                    throw refused(label + ": unexpected entry " + RequestParser.printable(name) + " (an exported "
                            + "containerd checkpoint holds only blobs/sha256/*, index.json and oci-layout)");
                }
            }
            if (indexJson == null) {
                throw refused(label + " has no index.json: it is not an exported image (ctr images export)");
            }
            String indexDigest = checkpointIndex(json, indexJson, label);
            if (!kept.containsKey(indexDigest)) {
                throw refused(label + ": the checkpoint index " + indexDigest + " named by index.json is not in the "
                        + "archive (or is larger than " + MAX_KEPT_BLOB + " bytes)");
            }
            write(w, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            ObjectNode index = json.createObjectNode();
            index.put("schemaVersion", 2);
            ObjectNode d = index.putArray("manifests").addObject();
            d.put("mediaType", ContainerdAudit.INDEX);
            d.put("digest", indexDigest);
            d.put("size", sizes.get(indexDigest));
            d.putObject("annotations").put("io.containerd.image.name", ref);
            write(w, "index.json", json.writeValueAsBytes(index));
            w.finish();
            return new Result(indexDigest, sizes.get(indexDigest), kept.get(indexDigest), Map.copyOf(kept));
        }
    }

    private static TarArchiveEntry next(TarArchiveInputStream tar, String label) throws RefusedException {
        try {
            return tar.getNextTarEntry();
        } catch (IOException | IllegalArgumentException e) {
            throw refused(label + " is not a tar archive ctr could import: " + e.getMessage());
        }
    }

    /** The digest of the one image index.json lists, which must be an image index (the checkpoint). */
    private static String checkpointIndex(ObjectMapper json, byte[] bytes, String label) throws RefusedException {
        JsonNode index;
        try {
            index = json.readTree(bytes);
        } catch (IOException e) {
            throw refused(label + ": index.json is not JSON: " + e.getMessage());
        }
        JsonNode manifests = index == null ? null : index.get("manifests");
        if (manifests == null || !manifests.isArray() || manifests.size() != 1) {
            throw refused(label + ": index.json must list exactly one image (the checkpoint), as ctr images export "
                    + "of one checkpoint writes it");
        }
        JsonNode m = manifests.get(0);
        String digest = m.path("digest").asText("");
        if (!ContainerdAudit.INDEX.equals(m.path("mediaType").asText()) || !digest.matches("sha256:[0-9a-f]{64}")) {
            throw refused(label + ": index.json does not name a checkpoint index (an OCI image index by sha256)");
        }
        return digest;
    }

    private static void copyBlob(TarArchiveInputStream tar, TarArchiveEntry e, TarArchiveOutputStream w, String digest,
            String label, Map<String, byte[]> kept) throws IOException, RefusedException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException x) {
            throw new IllegalStateException(x);
        }
        TarArchiveEntry copy = new TarArchiveEntry("blobs/sha256/" + digest.substring("sha256:".length()));
        copy.setSize(e.getSize());
        copy.setMode(0444);
        w.putArchiveEntry(copy);
        ByteArrayOutputStream small = e.getSize() <= MAX_KEPT_BLOB ? new ByteArrayOutputStream() : null;
        byte[] buf = new byte[1 << 16];
        long total = 0;
        try (DigestInputStream in = new DigestInputStream(new NoClose(tar), sha)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                w.write(buf, 0, n);
                if (small != null) {
                    small.write(buf, 0, n);
                }
                total += n;
            }
        }
        w.closeArchiveEntry();
        String actual = "sha256:" + HexFormat.of().formatHex(sha.digest());
        if (total != e.getSize() || !actual.equals(digest)) {
            throw refused(label + ": blob " + digest + " does not match its name (its content is " + actual + ")");
        }
        if (small != null) {
            kept.put(digest, small.toByteArray());
        }
    }

    private static void write(TarArchiveOutputStream w, String name, byte[] content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        e.setMode(0444);
        w.putArchiveEntry(e);
        w.write(content);
        w.closeArchiveEntry();
    }

    private static RefusedException refused(String message) {
        return new RefusedException(Protocol.CODE_REFUSED, message);
    }

    /** The tar's stream for one entry, which the digest stream must not close. */
    private static final class NoClose extends java.io.FilterInputStream {
        NoClose(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the tar goes on
        }
    }
}
