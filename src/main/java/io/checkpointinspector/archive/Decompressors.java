package io.checkpointinspector.archive;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CancellationException;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** Streaming decompression with a cap on the output size. Closing the result closes the input. */
final class Decompressors {

    private static final int BUFFER = 64 * 1024;

    private Decompressors() {
    }

    /**
     * Decompresses compressed; at most limit bytes are produced, past that reads fail with
     * {@link DecompressionLimitException}. Runtime failures of the decoders become IOExceptions.
     */
    static InputStream open(Compression compression, InputStream compressed, long limit, long compressedSize)
            throws IOException {
        InputStream buffered = new BufferedInputStream(compressed, BUFFER);
        InputStream decoded;
        try {
            decoded = switch (compression) {
                case NONE -> buffered;
                case GZIP -> GzipCompressorInputStream.builder()
                        .setInputStream(buffered)
                        .setDecompressConcatenated(true)
                        .get();
                case ZSTD -> new ZstdInputStreamNoFinalizer(buffered);
            };
        } catch (RuntimeException e) {
            buffered.close();
            throw new IOException("cannot start " + compression.label() + " decompression: " + e.getMessage(), e);
        } catch (IOException e) {
            buffered.close();
            throw e;
        }
        if (compression == Compression.NONE) {
            return decoded;
        }
        return new LimitedInputStream(new GuardedInputStream(decoded), limit, compression, compressedSize);
    }

    /** Turns unexpected runtime exceptions of native or third-party decoders into IOExceptions. */
    private static final class GuardedInputStream extends FilterInputStream {
        GuardedInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (CancellationException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new IOException("corrupt compressed data: " + e, e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (CancellationException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new IOException("corrupt compressed data: " + e, e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] sink = new byte[(int) Math.min(BUFFER, Math.max(1, n))];
            long done = 0;
            while (done < n) {
                int got = read(sink, 0, (int) Math.min(sink.length, n - done));
                if (got < 0) {
                    break;
                }
                done += got;
            }
            return done;
        }
    }

    /** Counts decompressed bytes and refuses to go past the cap (decompression bombs). */
    private static final class LimitedInputStream extends FilterInputStream {
        private final long limit;
        private final Compression compression;
        private final long compressedSize;
        private long count;

        LimitedInputStream(InputStream in, long limit, Compression compression, long compressedSize) {
            super(in);
            this.limit = limit;
            this.compression = compression;
            this.compressedSize = compressedSize;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n <= 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (count >= limit && len > 0) {
                // Only an error if there really is more data.
                if (in.read() < 0) {
                    return -1;
                }
                throw exceeded();
            }
            int n = in.read(b, off, (int) Math.min(len, limit - count));
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] sink = new byte[(int) Math.min(BUFFER, Math.max(1, n))];
            long done = 0;
            while (done < n) {
                int got = read(sink, 0, (int) Math.min(sink.length, n - done));
                if (got < 0) {
                    break;
                }
                done += got;
            }
            return done;
        }

        @Override
        public int available() {
            return 0;
        }

        private DecompressionLimitException exceeded() {
            String basis = compressedSize >= 0 ? " (the limit for " + compressedSize + " compressed bytes)"
                    : " (the configured limit)";
            return new DecompressionLimitException(compression.label() + " data decompresses to more than " + limit
                    + " bytes" + basis + ": possible decompression bomb");
        }
    }
}
