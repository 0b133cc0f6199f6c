package io.checkpointinspector.cli;

import io.checkpointinspector.inspect.CheckpointInspector;
import io.checkpointinspector.inspect.InspectListener;
import io.checkpointinspector.model.Checkpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Read one checkpoint (archive, OCI/docker image archive or directory) and print everything in it.")
final class InspectCommand implements Callable<Integer> {

    enum Format { json, tree }

    @Spec
    CommandSpec spec;

    @Option(names = "--format", defaultValue = "tree", description = "json or tree (default: ${DEFAULT-VALUE})")
    Format format;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "checkpoint file or directory")
    Path source;

    @picocli.CommandLine.Mixin
    ParentOption parent = new ParentOption();

    @Override
    public Integer call() throws Exception {
        return print(source, format, parent, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** Reads source (through its parents) and prints it in format on out, its warnings on err; exit code 0. */
    static int print(Path source, Format format, ParentOption parent, PrintWriter out, PrintWriter err)
            throws IOException {
        Checkpoint checkpoint = new CheckpointInspector().inspect(source, InspectListener.NONE);
        var chain = parent.open(source, checkpoint);
        if (chain != null) {
            checkpoint = chain.apply(checkpoint);
        }
        if (format == Format.json) {
            out.println(JsonOutput.write(checkpoint));
        } else {
            out.print(new TreeOutput().render(checkpoint));
        }
        out.flush();
        // A partly broken checkpoint is still shown (exit 0); each warning on stderr names the source it is about.
        String path = checkpoint.source().path();
        for (String warning : checkpoint.warnings()) {
            err.println("warning: " + (warning.startsWith(path) ? "" : path + ": ") + warning);
        }
        err.flush();
        return 0;
    }
}
