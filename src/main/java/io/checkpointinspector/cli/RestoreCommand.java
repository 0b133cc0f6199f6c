package io.checkpointinspector.cli;

import io.checkpointinspector.runtime.CheckpointOptions;
import io.checkpointinspector.runtime.HelperClient;
import io.checkpointinspector.runtime.HelperClientFactory;
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
        description = {"Restore a container through the privileged helper from an exported checkpoint FILE you can "
                + "read.",
            "Podman (the default): podman container restore, from FILE or with --container from a checkpointed "
                + "container.",
            "containerd (--runtime containerd; --image implies it): ctr containers restore --rw --live, from FILE "
                + "(an exported checkpoint image) or --image REF (a checkpoint image in containerd's store), always "
                + "as a new container --name NAME; Podman's other options are refused."})
final class RestoreCommand implements Callable<Integer> {

    private final HelperClientFactory helpers;

    RestoreCommand(HelperClientFactory helpers) {
        this.helpers = helpers;
    }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "exported checkpoint")
    Path archive;

    @Option(names = "--runtime", paramLabel = "podman|containerd",
            description = "restore with this runtime (default: podman, or containerd with --image)")
    String runtime;

    @Option(names = "--container", paramLabel = "CONTAINER",
            description = "restore this checkpointed container (Podman only)")
    String container;

    @Option(names = "--image", paramLabel = "REF",
            description = "restore from this checkpoint image in containerd's store (containerd only)")
    String image;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME",
            description = "name of the restored container (required with containerd)")
    String name;

    @Option(names = {"-k", "--keep"}, description = "keep CRIU's images and logs (Podman only)")
    boolean keep;

    @Option(names = "--tcp-established", description = "restore established TCP connections (Podman only)")
    boolean tcpEstablished;

    @Option(names = "--ignore-static-ip", description = "do not reuse the checkpointed IP address (Podman only)")
    boolean ignoreStaticIp;

    @Option(names = "--ignore-static-mac", description = "do not reuse the checkpointed MAC address (Podman only)")
    boolean ignoreStaticMac;

    @Option(names = "--ignore-rootfs", description = "do not apply the root file-system changes (Podman only)")
    boolean ignoreRootfs;

    @Option(names = {"-p", "--publish"}, paramLabel = "PORTS", description = "publish ports (repeatable; Podman only)")
    List<String> publish = new ArrayList<>();

    @Option(names = "--allow-privileged", description = "restore even if the checkpoint's container asks for more "
            + "than an ordinary container (privileged, added capabilities, host namespaces, host bind mounts, "
            + "devices); without it the helper refuses and lists what it found")
    boolean allowPrivileged;

    @Option(names = {"-v", "--verbose"}, description = "show the helper's log on stderr")
    boolean verbose;

    /** The Podman-only options given, by their names as typed in help. */
    List<String> podmanOnlyGiven() {
        List<String> given = new ArrayList<>();
        if (container != null) {
            given.add("--container");
        }
        if (keep) {
            given.add("--keep");
        }
        if (tcpEstablished) {
            given.add("--tcp-established");
        }
        if (ignoreStaticIp) {
            given.add("--ignore-static-ip");
        }
        if (ignoreStaticMac) {
            given.add("--ignore-static-mac");
        }
        if (ignoreRootfs) {
            given.add("--ignore-rootfs");
        }
        if (!publish.isEmpty()) {
            given.add("--publish");
        }
        return given;
    }

    /** The request, or a ParameterException (exit 2) saying which rule the options break. */
    RestoreOptions options() {
        String bad = RuntimeChoice.badRuntime(runtime);
        if (bad != null) {
            throw new ParameterException(spec.commandLine(), bad);
        }
        String chosen = runtime != null ? runtime : image != null ? CheckpointOptions.CONTAINERD
                : CheckpointOptions.PODMAN;
        Path file = archive == null ? null : archive.toAbsolutePath().normalize();
        if (chosen.equals(CheckpointOptions.CONTAINERD)) {
            String why = RuntimeChoice.podmanOnly(podmanOnlyGiven(), "restore");
            if (why != null) {
                throw new ParameterException(spec.commandLine(), why);
            }
            if ((archive == null) == (image == null)) {
                throw new ParameterException(spec.commandLine(),
                        "give either FILE or --image REF (a containerd restore)");
            }
            if (name == null) {
                throw new ParameterException(spec.commandLine(), "a containerd restore makes a new container: "
                        + "give its name with --name NAME");
            }
            RestoreOptions o = RestoreOptions.containerd(file, image, name);
            return allowPrivileged ? o.withAllowPrivileged() : o;
        }
        if (image != null) {
            throw new ParameterException(spec.commandLine(), "--image is containerd's (a checkpoint image in its "
                    + "store); Podman restores from FILE or --container");
        }
        if ((archive == null) == (container == null)) {
            throw new ParameterException(spec.commandLine(), "give either FILE or --container CONTAINER");
        }
        return new RestoreOptions(file, container, name, keep, tcpEstablished, ignoreStaticIp, ignoreStaticMac,
                ignoreRootfs, publish, allowPrivileged);
    }

    @Override
    public Integer call() throws Exception {
        RestoreOptions options = options();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (HelperClient client = HelperClients.start(helpers, err, verbose)) {
            RestoreResult r = client.restore(options, line -> {
                synchronized (err) {
                    err.println(line);
                    err.flush();
                }
            });
            out.printf("restored %s (%s)%s, %s%n", r.name(), r.containerId(),
                    options.isContainerd() ? " with containerd" : "", r.state());
            out.flush();
            return 0;
        }
    }
}
