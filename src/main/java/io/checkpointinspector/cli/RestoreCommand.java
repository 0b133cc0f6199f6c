package io.checkpointinspector.cli;

import io.checkpointinspector.runtime.HelperClient;
import io.checkpointinspector.runtime.RestoreOptions;
import io.checkpointinspector.runtime.RestoreResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restore a container through the privileged helper (podman container restore) from an "
                + "exported checkpoint FILE you can read, or with --container from a checkpointed container.")
final class RestoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "exported checkpoint")
    Path archive;

    @Option(names = "--container", paramLabel = "CONTAINER", description = "restore this checkpointed container")
    String container;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "name of the restored container")
    String name;

    @Option(names = {"-k", "--keep"}, description = "keep CRIU's images and logs")
    boolean keep;

    @Option(names = "--tcp-established", description = "restore established TCP connections")
    boolean tcpEstablished;

    @Option(names = "--ignore-static-ip", description = "do not reuse the checkpointed IP address")
    boolean ignoreStaticIp;

    @Option(names = "--ignore-static-mac", description = "do not reuse the checkpointed MAC address")
    boolean ignoreStaticMac;

    @Option(names = "--ignore-rootfs", description = "do not apply the root file-system changes")
    boolean ignoreRootfs;

    @Option(names = {"-p", "--publish"}, paramLabel = "PORTS", description = "publish ports (repeatable)")
    List<String> publish = new ArrayList<>();

    @Option(names = "--allow-privileged", description = "restore even if the checkpoint's container asks for more "
            + "than an ordinary container (privileged, added capabilities, host namespaces, host bind mounts, "
            + "devices); without it the helper refuses and lists what it found")
    boolean allowPrivileged;

    @Option(names = {"-v", "--verbose"}, description = "show the helper's log on stderr")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if ((archive == null) == (container == null)) {
            throw new ParameterException(spec.commandLine(), "give either FILE or --container CONTAINER");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RestoreOptions options = new RestoreOptions(archive == null ? null : archive.toAbsolutePath().normalize(),
                container, name, keep, tcpEstablished, ignoreStaticIp, ignoreStaticMac, ignoreRootfs, publish,
                allowPrivileged);
        try (HelperClient client = HelperClients.start(err, verbose)) {
            RestoreResult r = client.restore(options, line -> {
                synchronized (err) {
                    err.println(line);
                    err.flush();
                }
            });
            out.printf("restored %s (%s), %s%n", r.name(), r.containerId(), r.state());
            out.flush();
            return 0;
        }
    }
}
