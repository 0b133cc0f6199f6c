package io.checkpointinspector.cli;

import io.checkpointinspector.text.Units;
import io.checkpointinspector.inspect.CheckpointInspector;
import io.checkpointinspector.inspect.InspectListener;
import io.checkpointinspector.model.Checkpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"One table row per checkpoint: container, image, engine, sizes, process count, and how many"
                + " warnings reading it gave (each printed on stderr, as inspect prints them)."})
final class ShowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "SOURCE", description = "checkpoint files or directories")
    List<Path> sources;

    @Override
    public Integer call() {
        return print(sources, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /**
     * One row per source on out; on err a line per warning of a partly readable source (a cut archive, a broken
     * image) and per unreadable source. Exit code 1 when any was unreadable.
     */
    static int print(List<Path> sources, PrintWriter out, PrintWriter err) {
        Table table = new Table("CONTAINER", "IMAGE", "ID", "ENGINE", "RUNTIME", "CHECKPOINTED", "PROCESSES",
                "MEMORY", "ROOTFS DIFF", "WARNINGS", "SOURCE");
        List<String> failures = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Path source : sources) {
            try {
                Checkpoint c = new CheckpointInspector().inspect(source, InspectListener.NONE);
                var ci = c.container();
                table.row(ci.name(), ci.image(), shortId(ci.id()), ci.engine(), ci.runtime(), ci.checkpointed(),
                        String.valueOf(c.processes().size()), Units.bytes(c.sizes().memoryPagesBytes()),
                        Units.bytes(c.sizes().rootfsDiffBytes()), String.valueOf(c.warnings().size()),
                        source.toString());
                String path = source.toString();
                c.warnings().forEach(w -> warnings.add(w.startsWith(path) ? w : path + ": " + w));
            } catch (IOException e) {
                failures.add(e.getMessage());
            }
        }
        out.print(table.render());
        out.flush();
        warnings.forEach(w -> err.println("warning: " + w));
        failures.forEach(f -> err.println("error: " + f));
        err.flush();
        return failures.isEmpty() ? 0 : 1;
    }

    private static String shortId(String id) {
        return id == null ? null : id.length() > 12 ? id.substring(0, 12) : id;
    }
}
