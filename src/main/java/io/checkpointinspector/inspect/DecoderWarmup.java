package io.checkpointinspector.inspect;

import io.checkpointinspector.criu.proto.CoreEntry;
import io.checkpointinspector.criu.proto.FileEntry;
import io.checkpointinspector.criu.proto.MmEntry;
import io.checkpointinspector.criu.proto.PagemapEntry;
import io.checkpointinspector.criu.proto.PstreeEntry;

/**
 * Builds the protobuf descriptors of the images every inspection decodes, and loads the JSON reader, on a
 * background thread. The first
 * descriptor initialises the protobuf runtime (a few hundred milliseconds); done while the caller opens and
 * reads the archive, that time overlaps with real work instead of adding to it.
 */
public final class DecoderWarmup {

    private DecoderWarmup() {
    }

    public static void startInBackground() {
        Thread t = new Thread(DecoderWarmup::touchDescriptors, "protobuf-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.NORM_PRIORITY - 1);
        t.start();
    }

    private static void touchDescriptors() {
        PstreeEntry.getDescriptor();
        CoreEntry.getDescriptor();
        MmEntry.getDescriptor();
        PagemapEntry.getDescriptor();
        FileEntry.getDescriptor();
        try {
            // The side files (config.dump, spec.dump, ...) are JSON: load the parser's classes too.
            Json.read("{\"warm\":[1,\"x\",true,null]}");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
