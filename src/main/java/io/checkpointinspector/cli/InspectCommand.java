package io.checkpointinspector.cli;

import io.checkpointinspector.inspect.CheckpointInspector;
import io.checkpointinspector.inspect.InspectListener;
import io.checkpointinspector.model.Checkpoint;
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

    @Override
    public Integer call() throws Exception {
        Checkpoint checkpoint = new CheckpointInspector().inspect(source, InspectListener.NONE);
        var out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(JsonOutput.write(checkpoint));
        } else {
            out.print(new TreeOutput().render(checkpoint));
        }
        out.flush();
        // A partly broken checkpoint is still shown (exit 0); each warning on stderr names the source it is about.
        String path = checkpoint.source().path();
        for (String warning : checkpoint.warnings()) {
            spec.commandLine().getErr().println("warning: " + (warning.startsWith(path) ? "" : path + ": ") + warning);
        }
        spec.commandLine().getErr().flush();
        return 0;
    }
}
