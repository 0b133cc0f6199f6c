package io.checkpointinspector.cli;

import io.checkpointinspector.inspect.CheckpointInspector;
import io.checkpointinspector.inspect.CoreExport;
import io.checkpointinspector.inspect.InspectListener;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.text.Units;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "core", mixinStandardHelpOptions = true,
        description = {"Write one process of a checkpoint as an ELF core file for gdb -c FILE and readelf.",
                "Memory the checkpoint does not hold is left out (not zero-filled) and listed in a note of the file "
                        + "and here. Only x86_64 processes."})
final class CoreCommand implements Callable<Integer> {

    /** Left-out ranges listed on stdout; all of them are in the file's note. */
    static final int LISTED = 20;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "checkpoint file or directory")
    Path source;

    @Option(names = "--pid", paramLabel = "N", required = true, description = "the process (pid inside the container)")
    int pid;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
            description = "the core file to write; must not exist (see --force); a symbolic link is never followed")
    Path output;

    @Option(names = "--force", description = "replace FILE if it is an existing regular file")
    boolean force;

    @picocli.CommandLine.Mixin
    ParentOption parent = new ParentOption();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Checkpoint checkpoint = new CheckpointInspector().inspect(source, InspectListener.NONE);
        if (checkpoint.processes().stream().noneMatch(p -> p.pid() == pid)) {
            err.println("error: " + source + ": no process " + pid + " in this checkpoint");
            err.flush();
            return 1;
        }
        var chain = parent.open(source, checkpoint);
        if (chain != null) {
            chain.warnings().forEach(w -> err.println("warning: " + w));
        }
        CoreExport.Result r = new CoreExport(source, checkpoint, chain).write(pid, output, force,
                InspectListener.NONE);
        out.println("wrote " + r.file() + ": " + Units.exactBytes(r.fileBytes()) + ", pid " + pid + ", "
                + r.threads() + (r.threads() == 1 ? " thread, " : " threads, ") + r.segments() + " memory segments "
                + "holding " + Units.bytes(r.memoryBytes()));
        if (!r.omitted().isEmpty()) {
            out.println("left out (not in the checkpoint; gdb reports these addresses as not accessible): "
                    + r.omitted().size() + " ranges, " + Units.bytes(r.omittedBytes()));
            r.omitted().stream().limit(LISTED).forEach(o -> out.printf("  0x%x-0x%x %s: %s%n", o.start(), o.end(),
                    o.area(), o.reason()));
            if (r.omitted().size() > LISTED) {
                out.println("  ... " + (r.omitted().size() - LISTED) + " more in the file's "
                        + CoreExport.NOTE_NAME + " note (readelf -n)");
            }
        }
        for (String w : r.warnings()) {
            err.println("warning: " + source + ": " + w);
        }
        out.flush();
        err.flush();
        return 0;
    }
}
