package io.checkpointinspector.cli;

import io.checkpointinspector.inspect.CheckpointChain;
import io.checkpointinspector.model.Checkpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --parent FILE} (repeatable, nearest parent first): read an incremental checkpoint through its pre-dumps. */
final class ParentOption {

    @Option(names = "--parent", paramLabel = "FILE",
            description = "the parent checkpoint (a pre-dump, e.g. Podman's --pre-checkpoint export) whose pages "
                    + "this one keeps in its parent; repeat for a longer chain, nearest parent first")
    List<Path> parents = new ArrayList<>();

    /** The chain of source (null without --parent and without a parent inside the source). */
    CheckpointChain open(Path source, Checkpoint checkpoint) throws IOException {
        if (parents.isEmpty() && !CheckpointChain.parentInSource(checkpoint)) {
            return null;
        }
        return CheckpointChain.open(source, checkpoint, parents);
    }
}
