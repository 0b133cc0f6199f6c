package io.checkpointinspector.archive;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.BufferedInputStream;
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
        return new LimitedInputStream(decoded, limit, compression, compressedSize);
    }

    /**
     * zstd data in a file slice, decoded with the compressed bytes read ahead on another thread and skips that copy
     * nothing; at most limit bytes are produced. consumed is told the compressed bytes taken (progress).
     */
    static InputStream openZstd(FileSlice slice, long limit, java.util.function.LongConsumer consumed)
            throws IOException {
        ZstdSliceInputStream decoded;
        try {
            decoded = new ZstdSliceInputStream(slice, consumed);
        } catch (RuntimeException e) {
            if (e instanceof CancellationException c) {
                throw c;
            }
            throw new IOException("cannot start zstd decompression: " + e.getMessage(), e);
        }
        return new LimitedInputStream(decoded, limit, Compression.ZSTD, slice.length());
    }

    /**
     * The decoder's output: counted, refused past the cap (decompression bombs), and with unexpected runtime
     * exceptions of native or third-party decoders turned into IOExceptions. Skips read through the decoder.
     */
    private static final class LimitedInputStream extends BoundedStream {
        private final InputStream in;
        private final long limit;
        private final Compression compression;
        private final long compressedSize;

        LimitedInputStream(InputStream in, long limit, Compression compression, long compressedSize) {
            super(limit);
            this.in = in;
            this.limit = limit;
            this.compression = compression;
            this.compressedSize = compressedSize;
        }

        @Override
        protected int readAt(long pos, byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (CancellationException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new IOException("corrupt compressed data: " + e, e);
            }
        }

        /** Our slice decoder skips without copying and never claims bytes it does not have. */
        @Override
        protected long skipAt(long pos, long n) throws IOException {
            if (!(in instanceof ZstdSliceInputStream)) {
                return super.skipAt(pos, n);
            }
            try {
                return in.skip(n);
            } catch (CancellationException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new IOException("corrupt compressed data: " + e, e);
            }
        }

        @Override
        protected int atBound() throws IOException {
            // Only an error if there really is more data.
            if (readAt(limit, new byte[1], 0, 1) < 0) {
                return -1;
            }
            throw exceeded();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }

        private DecompressionLimitException exceeded() {
            String basis = compressedSize >= 0 ? " (the limit for " + compressedSize + " compressed bytes)"
                    : " (the configured limit)";
            return new DecompressionLimitException(compression.label() + " data decompresses to more than " + limit
                    + " bytes" + basis + ": possible decompression bomb");
        }
    }
}
