package io.checkpointinspector.cli;

import io.checkpointinspector.diff.CheckpointDiff;
import io.checkpointinspector.diff.CheckpointDiffer;
import io.checkpointinspector.diff.DiffText;
import io.checkpointinspector.inspect.CheckpointInspector;
import io.checkpointinspector.inspect.InspectListener;
import io.checkpointinspector.model.Checkpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Compare two checkpoints (any supported forms): metadata and statistics side by side, processes,"
                + " open files, sockets and memory per process, root file-system changes.")
final class DiffCommand implements Callable<Integer> {

    enum Format { tree, json }

    @Spec
    CommandSpec spec;

    @Option(names = "--format", defaultValue = "tree", description = "tree or json (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--all", description = "tree: also list unchanged values and processes")
    boolean all;

    @Parameters(index = "0", paramLabel = "A", description = "the first (older) checkpoint")
    Path a;

    @Parameters(index = "1", paramLabel = "B", description = "the second checkpoint")
    Path b;

    @Override
    public Integer call() throws Exception {
        // The two sources are read at the same time: each is one pass, and the machine has a core for each.
        CompletableFuture<Checkpoint> second = CompletableFuture.supplyAsync(() -> read(b));
        Checkpoint first;
        Checkpoint other;
        try {
            first = read(a);
            other = second.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        CheckpointDiff diff = new CheckpointDiffer().diff(first, other);
        var out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(JsonOutput.writeValue(diff));
        } else {
            out.print(new DiffText(!all).render(diff));
        }
        out.flush();
        var err = spec.commandLine().getErr();
        for (Checkpoint c : new Checkpoint[] {first, other}) {
            String path = c.source().path();
            for (String w : c.warnings()) {
                err.println("warning: " + (w.startsWith(path) ? "" : path + ": ") + w);
            }
        }
        err.flush();
        return 0;
    }

    private static Checkpoint read(Path p) {
        try {
            return new CheckpointInspector().inspect(p, InspectListener.NONE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
