package io.checkpointinspector.inspect;

import io.checkpointinspector.criu.proto.CoreEntry;
import io.checkpointinspector.criu.proto.FileEntry;
import io.checkpointinspector.criu.proto.MmEntry;
import io.checkpointinspector.criu.proto.PagemapEntry;
import io.checkpointinspector.criu.proto.PstreeEntry;

/**
 * Loads the decoders of the images every inspection decodes, and the JSON reader, on a background thread, while
 * the caller opens and reads the archive: that time overlaps with real work instead of adding to it. Decoding
 * needs no protobuf descriptors; the commands that show records field by field (raw records, containerd's
 * options) do, and building the first one initialises the protobuf runtime (a few hundred milliseconds), so
 * those ask for them too.
 */
public final class DecoderWarmup {

    private DecoderWarmup() {
    }

    /** descriptors: also build the descriptors (for field-by-field views); inspect and show need none. */
    public static void startInBackground(boolean descriptors) {
        Thread t = new Thread(() -> warm(descriptors), "protobuf-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.NORM_PRIORITY - 1);
        t.start();
    }

    private static void warm(boolean descriptors) {
        try {
            PstreeEntry.parseFrom(new byte[0]);
            CoreEntry.parseFrom(new byte[0]);
            MmEntry.parseFrom(new byte[0]);
            PagemapEntry.parseFrom(new byte[0]);
            FileEntry.parseFrom(new byte[0]);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            // an empty message lacking required fields: the classes are loaded, which is all this is for
        }
        if (descriptors) {
            PstreeEntry.getDescriptor();
            CoreEntry.getDescriptor();
            MmEntry.getDescriptor();
            PagemapEntry.getDescriptor();
            FileEntry.getDescriptor();
        }
        try {
            // The side files (config.dump, spec.dump, ...) are JSON: load the parser's classes too.
            Json.read("{\"warm\":[1,\"x\",true,null]}");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
