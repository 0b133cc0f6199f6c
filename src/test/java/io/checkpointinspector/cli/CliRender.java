package io.checkpointinspector.cli;

import io.checkpointinspector.model.Checkpoint;

/** Test access to the package-private renderers of the command line (for the fuzz targets). */
public final class CliRender {

    private CliRender() {
    }

    public static String tree(Checkpoint checkpoint) {
        return new TreeOutput().render(checkpoint);
    }

    public static String json(Checkpoint checkpoint) {
        return JsonOutput.write(checkpoint);
    }
}
