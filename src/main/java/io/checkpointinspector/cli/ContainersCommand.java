package io.checkpointinspector.cli;

import io.checkpointinspector.runtime.ContainerInfo;
import io.checkpointinspector.runtime.ContainerListing;
import io.checkpointinspector.runtime.HelperClient;
import io.checkpointinspector.runtime.HelperClientFactory;
import io.checkpointinspector.runtime.HelperInfo;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "containers", mixinStandardHelpOptions = true,
        description = {"List the local (root) containers of Podman and of containerd (namespace default) through the "
                + "privileged helper, with the versions of podman, containerd and CRIU and whether "
                + "checkpoint/restore can work.",
            "RUNTIME says which runtime a container belongs to (checkpoint --runtime); notes after the table say "
                + "which runtime is missing or did not answer, and how many containers other containerd "
                + "namespaces hold (not handled)."})
final class ContainersCommand implements Callable<Integer> {

    private final HelperClientFactory helpers;

    ContainersCommand(HelperClientFactory helpers) {
        this.helpers = helpers;
    }

    @Spec
    CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, description = "show the helper's log on stderr")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (HelperClient client = HelperClients.start(helpers, err, verbose)) {
            HelperInfo info = client.hello();
            out.printf("podman %s, containerd %s, CRIU %s, criu check: %s%n", orMissing(info.podmanVersion()),
                    info.containerdVersion() == null ? "(not answering)" : info.containerdVersion(),
                    orMissing(info.criuVersion()), info.criuCheckOk() ? "ok" : "FAILED");
            String reason = info.unusableReason();
            if (reason != null) {
                out.println("checkpoint/restore unavailable: " + reason);
            }
            if (!info.podmanPresent() && !info.containerdPresent()) {
                out.flush();
                return 1;
            }
            ContainerListing listing = client.listing();
            out.print(render(listing));
            out.flush();
            return 0;
        }
    }

    /** The table (or a line saying there is none), then each note as "note: …". */
    static String render(ContainerListing listing) {
        StringBuilder t = new StringBuilder();
        if (listing.containers().isEmpty()) {
            t.append("no containers (neither podman ps --all nor ctr containers ls lists one)\n");
        } else {
            Table table = new Table("ID", "NAME", "RUNTIME", "IMAGE", "STATE", "CREATED", "LAST CHECKPOINT");
            for (ContainerInfo c : listing.containers()) {
                table.row(c.shortId(), c.name(), c.runtime(), c.image(), c.state(), c.created(), c.lastCheckpoint());
            }
            t.append(table.render());
        }
        for (String note : listing.notes()) {
            t.append("note: ").append(note).append('\n');
        }
        return t.toString();
    }

    private static String orMissing(String v) {
        return v == null ? "(not installed)" : v;
    }
}
