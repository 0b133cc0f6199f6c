package io.checkpointinspector.archive;

import java.io.IOException;

/** Tells whether an image layer holds a checkpoint, judged by its first entries. */
final class LayerProbe {

    private final OpenOptions options;
    private final SourceRef source;

    LayerProbe(OpenOptions options, SourceRef source) {
        this.options = options;
        this.source = source;
    }

    /** Compression of the layer by content: NONE for a tar, null when it is neither tar nor gzip/zstd. */
    static Compression compressionOf(FileSlice layer) throws IOException {
        byte[] head = new byte[Magic.BLOCK];
        int n = layer.read(0, head, 0, head.length);
        if (n <= 0) {
            return null;
        }
        Compression c = Magic.compression(head, n);
        if (c != null) {
            return c;
        }
        return Magic.looksLikeTarHeader(head, n) || Magic.isAllZero(head, n) ? Compression.NONE : null;
    }

    boolean holdsCheckpoint(FileSlice layer, String path) throws IOException {
        Compression c = compressionOf(layer);
        if (c == null) {
            return false;
        }
        try {
            return TarProbe.probe(layer, c, options, source).checkpoint();
        } catch (CheckpointFormatException e) {
            throw source.fail(path, "cannot read image layer: " + e.getDetail(), e);
        }
    }
}
