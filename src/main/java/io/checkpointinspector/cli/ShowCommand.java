package io.checkpointinspector.cli;

import io.checkpointinspector.text.Units;
import io.checkpointinspector.inspect.CheckpointInspector;
import io.checkpointinspector.inspect.InspectListener;
import io.checkpointinspector.model.Checkpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = "One table row per checkpoint: container, image, engine, sizes, process count.")
final class ShowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "SOURCE", description = "checkpoint files or directories")
    List<Path> sources;

    @Override
    public Integer call() {
        Table table = new Table("CONTAINER", "IMAGE", "ID", "ENGINE", "RUNTIME", "CHECKPOINTED", "PROCESSES",
                "MEMORY", "ROOTFS DIFF", "SOURCE");
        List<String> failures = new ArrayList<>();
        for (Path source : sources) {
            try {
                Checkpoint c = new CheckpointInspector().inspect(source, InspectListener.NONE);
                var ci = c.container();
                table.row(ci.name(), ci.image(), shortId(ci.id()), ci.engine(), ci.runtime(), ci.checkpointed(),
                        String.valueOf(c.processes().size()), Units.bytes(c.sizes().memoryPagesBytes()),
                        Units.bytes(c.sizes().rootfsDiffBytes()), source.toString());
            } catch (IOException e) {
                failures.add(e.getMessage());
            }
        }
        var out = spec.commandLine().getOut();
        out.print(table.render());
        out.flush();
        failures.forEach(f -> spec.commandLine().getErr().println("error: " + f));
        spec.commandLine().getErr().flush();
        return failures.isEmpty() ? 0 : 1;
    }

    private static String shortId(String id) {
        return id == null ? null : id.length() > 12 ? id.substring(0, 12) : id;
    }
}
