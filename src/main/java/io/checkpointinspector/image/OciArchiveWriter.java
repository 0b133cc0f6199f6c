package io.checkpointinspector.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Writes an OCI image layout as a tar (what {@code podman image save --format oci-archive} writes) to a file
 * channel, front to back. A blob whose digest and size are known only once it is written (the layer) gets a
 * placeholder header that is filled in afterwards: its name is {@code blobs/sha256/<digest>}. Our own ustar headers
 * (root:root, fixed time), sizes of 8 GiB and more in the base-256 form Go's archive/tar reads.
 */
final class OciArchiveWriter {

    static final int BLOCK = 512;
    static final String BLOBS = "blobs/sha256/";

    /** What a blob is: the OCI descriptor's digest and size. */
    record Descriptor(String mediaType, String digest, long size) {
    }

    private final FileChannel out;
    private final long mtime;

    OciArchiveWriter(FileChannel out, Instant mtime) {
        this.out = out;
        this.mtime = Math.max(0, mtime.getEpochSecond());
    }

    void directory(String name) throws IOException {
        write(ByteBuffer.wrap(header(name, 0, '5', 0755)));
    }

    void file(String name, byte[] data) throws IOException {
        write(ByteBuffer.wrap(header(name, data.length, '0', 0644)));
        write(ByteBuffer.wrap(data));
        pad(data.length);
    }

    /** A blob held in memory (config, manifest). */
    Descriptor blob(String mediaType, byte[] data) throws IOException {
        String digest = "sha256:" + HexFormat.of().formatHex(sha256().digest(data));
        file(BLOBS + digest.substring(7), data);
        return new Descriptor(mediaType, digest, data.length);
    }

    /** A blob written as a stream; {@link BlobStream#finish()} gives its descriptor. */
    BlobStream openBlob(String mediaType) throws IOException {
        long headerAt = out.position();
        write(ByteBuffer.allocate(BLOCK));
        return new BlobStream(mediaType, headerAt);
    }

    /** The two zero blocks that end a tar. */
    void end() throws IOException {
        write(ByteBuffer.allocate(2 * BLOCK));
    }

    private void pad(long size) throws IOException {
        int rest = (int) (size % BLOCK);
        if (rest != 0) {
            write(ByteBuffer.allocate(BLOCK - rest));
        }
    }

    private void write(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A ustar header; name must fit the 100-byte name field (blob names are 77 bytes). */
    byte[] header(String name, long size, char type, int mode) {
        byte[] h = new byte[BLOCK];
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        if (n.length > 100) {
            throw new IllegalArgumentException("tar name too long: " + name);
        }
        System.arraycopy(n, 0, h, 0, n.length);
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        if (size < 077777777777L) {
            octal(h, 124, 12, size);
        } else {
            h[124] = (byte) 0x80;
            for (int i = 0; i < 8; i++) {
                h[135 - i] = (byte) (size >>> (8 * i));
            }
        }
        octal(h, 136, 12, mtime);
        h[156] = (byte) type;
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
        h[263] = '0';
        h[264] = '0';
        System.arraycopy("root".getBytes(StandardCharsets.US_ASCII), 0, h, 265, 4);
        System.arraycopy("root".getBytes(StandardCharsets.US_ASCII), 0, h, 297, 4);
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        h[155] = ' ';
        return h;
    }

    /** NUL-terminated zero-padded octal, as GNU tar writes it. */
    private static void octal(byte[] h, int at, int width, long value) {
        String s = Long.toOctalString(value);
        int digits = width - 1;
        if (s.length() > digits) {
            throw new IllegalArgumentException("value " + value + " does not fit " + width + " bytes");
        }
        String padded = "0".repeat(digits - s.length()) + s;
        System.arraycopy(padded.getBytes(StandardCharsets.US_ASCII), 0, h, at, digits);
        h[at + digits] = 0;
    }

    /**
     * The bytes of one blob, hashed and counted as they pass; close() does not close the channel. Buffered: written
     * to the channel in 1 MiB pieces.
     */
    final class BlobStream extends OutputStream {
        private final String mediaType;
        private final long headerAt;
        private final MessageDigest digest = sha256();
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        private long size;
        private Descriptor done;

        private BlobStream(String mediaType, long headerAt) {
            this.mediaType = mediaType;
            this.headerAt = headerAt;
        }

        @Override
        public void write(int b) throws IOException {
            if (!buffer.hasRemaining()) {
                drain();
            }
            buffer.put((byte) b);
            size++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (!buffer.hasRemaining()) {
                    drain();
                }
                int n = Math.min(len, buffer.remaining());
                buffer.put(b, off, n);
                off += n;
                len -= n;
                size += n;
            }
        }

        private void drain() throws IOException {
            buffer.flip();
            digest.update(buffer.duplicate());
            OciArchiveWriter.this.write(buffer);
            buffer.clear();
        }

        @Override
        public void flush() {
            // the channel gets whole buffers; finish() writes the rest
        }

        @Override
        public void close() {
            // the channel stays open: the archive goes on after the blob
        }

        /** Writes what is buffered, the padding and the real header; the descriptor of the blob. */
        Descriptor finish() throws IOException {
            if (done == null) {
                drain();
                pad(size);
                String hex = HexFormat.of().formatHex(digest.digest());
                ByteBuffer h = ByteBuffer.wrap(header(BLOBS + hex, size, '0', 0644));
                long at = headerAt;
                while (h.hasRemaining()) {
                    at += out.write(h, at);
                }
                done = new Descriptor(mediaType, "sha256:" + hex, size);
            }
            return done;
        }
    }
}
