package io.checkpointinspector.cli;

import io.checkpointinspector.runtime.ContainerInfo;
import io.checkpointinspector.runtime.HelperClient;
import io.checkpointinspector.runtime.HelperInfo;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "containers", mixinStandardHelpOptions = true,
        description = "List the local (root) Podman containers through the privileged helper, with the versions of "
                + "podman and CRIU and whether checkpoint/restore can work.")
final class ContainersCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, description = "show the helper's log on stderr")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (HelperClient client = HelperClients.start(err, verbose)) {
            HelperInfo info = client.hello();
            out.printf("podman %s, CRIU %s, criu check: %s%n", orMissing(info.podmanVersion()),
                    orMissing(info.criuVersion()), info.criuCheckOk() ? "ok" : "FAILED");
            String reason = info.unusableReason();
            if (reason != null) {
                out.println("checkpoint/restore unavailable: " + reason);
            }
            if (!info.podmanPresent()) {
                out.flush();
                return 1;
            }
            List<ContainerInfo> containers = client.list();
            if (containers.isEmpty()) {
                out.println("no containers (podman ps --all lists none)");
                out.flush();
                return 0;
            }
            Table table = new Table("ID", "NAME", "IMAGE", "STATE", "CREATED", "LAST CHECKPOINT");
            for (ContainerInfo c : containers) {
                table.row(c.shortId(), c.name(), c.image(), c.state(), c.created(), c.lastCheckpoint());
            }
            out.print(table.render());
            out.flush();
            return 0;
        }
    }

    private static String orMissing(String v) {
        return v == null ? "(not installed)" : v;
    }
}
