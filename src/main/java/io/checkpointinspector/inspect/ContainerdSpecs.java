package io.checkpointinspector.inspect;

import java.util.Optional;
import java.util.function.Consumer;

/** The OCI spec a containerd checkpoint's config blob holds, for whoever rewrites it (the image builder). */
public final class ContainerdSpecs {

    private ContainerdSpecs() {
    }

    /**
     * The spec JSON in a config blob (a protobuf Any), or empty (with a warning naming source) when the blob holds
     * something else.
     */
    public static Optional<byte[]> spec(String source, byte[] configBlob, Consumer<String> warnings) {
        return new ContainerdRecords(source, warnings).spec(configBlob);
    }
}
