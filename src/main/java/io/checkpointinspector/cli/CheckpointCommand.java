package io.checkpointinspector.cli;

import io.checkpointinspector.runtime.CheckpointOptions;
import io.checkpointinspector.runtime.CheckpointResult;
import io.checkpointinspector.runtime.CheckpointStats;
import io.checkpointinspector.runtime.HelperClient;
import io.checkpointinspector.runtime.HelperClientFactory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "checkpoint", mixinStandardHelpOptions = true,
        description = {"Checkpoint a running container through the privileged helper, usually exporting it to FILE, "
                + "which must not exist yet, in a folder you own.",
            "Podman: podman container checkpoint. containerd (--runtime containerd): ctr containers checkpoint "
                + "--task --rw into a checkpoint image (--create-image, default "
                + "localhost/NAME-checkpoint:UTC-TIME), exported to FILE as a plain tar with --export; only "
                + "--export, --create-image and --leave-running apply there, Podman's other options are refused.",
            "Without --runtime the helper's list says which runtime has CONTAINER (in the same helper session: "
                + "one authorisation); a name both runtimes have needs --runtime."})
final class CheckpointCommand implements Callable<Integer> {

    private final HelperClientFactory helpers;
    private final Clock clock;

    CheckpointCommand(HelperClientFactory helpers) {
        this(helpers, Clock.systemUTC());
    }

    CheckpointCommand(HelperClientFactory helpers, Clock clock) {
        this.helpers = helpers;
        this.clock = clock;
    }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONTAINER", description = "container name or id")
    String container;

    @Option(names = "--runtime", paramLabel = "podman|containerd",
            description = "the container's runtime (default: the one whose list has CONTAINER)")
    String runtime;

    @Option(names = {"-e", "--export"}, paramLabel = "FILE", description = "export the checkpoint to FILE")
    Path export;

    @Option(names = {"-c", "--compress"}, paramLabel = "zstd|gzip|none",
            description = "compression of the export (Podman only; containerd's is a plain tar)")
    String compression;

    @Option(names = {"-R", "--leave-running"}, description = "leave the container running")
    boolean leaveRunning;

    @Option(names = "--tcp-established", description = "checkpoint established TCP connections (Podman only)")
    boolean tcpEstablished;

    @Option(names = "--file-locks", description = "checkpoint file locks (Podman only)")
    boolean fileLocks;

    @Option(names = {"-k", "--keep"}, description = "keep CRIU's images and logs (Podman only)")
    boolean keep;

    @Option(names = "--ignore-rootfs", description = "leave the root file-system changes out of the export (Podman only)")
    boolean ignoreRootfs;

    @Option(names = "--ignore-volumes", description = "leave volumes out of the export (Podman only)")
    boolean ignoreVolumes;

    @Option(names = {"-P", "--pre-checkpoint"}, description = "dump memory only, the container keeps running (Podman only)")
    boolean preCheckpoint;

    @Option(names = "--with-previous", description = "checkpoint on top of a pre-checkpoint (Podman only)")
    boolean withPrevious;

    @Option(names = "--create-image", paramLabel = "IMAGE",
            description = "also create a checkpoint image (containerd: the checkpoint image, always made)")
    String createImage;

    @Option(names = "--print-stats", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "report the statistics (default: on; --no-print-stats is Podman only)")
    boolean printStats;

    @Option(names = {"-v", "--verbose"}, description = "show the helper's log on stderr")
    boolean verbose;

    /** The Podman-only options given, by their names as typed in help. */
    List<String> podmanOnlyGiven() {
        List<String> given = new ArrayList<>();
        if (compression != null) {
            given.add("--compress");
        }
        if (tcpEstablished) {
            given.add("--tcp-established");
        }
        if (fileLocks) {
            given.add("--file-locks");
        }
        if (keep) {
            given.add("--keep");
        }
        if (ignoreRootfs) {
            given.add("--ignore-rootfs");
        }
        if (ignoreVolumes) {
            given.add("--ignore-volumes");
        }
        if (preCheckpoint) {
            given.add("--pre-checkpoint");
        }
        if (withPrevious) {
            given.add("--with-previous");
        }
        if (!printStats) {
            given.add("--no-print-stats");
        }
        return given;
    }

    /** The request for the runtime chosen; refuses Podman-only options for containerd. */
    CheckpointOptions options(String chosen) {
        Path file = export == null ? null : export.toAbsolutePath().normalize();
        if (CheckpointOptions.CONTAINERD.equals(chosen)) {
            String why = RuntimeChoice.podmanOnly(podmanOnlyGiven(), "checkpoint of " + container);
            if (why != null) {
                throw new ParameterException(spec.commandLine(), why);
            }
            String image = createImage != null ? createImage
                    : CheckpointOptions.defaultImage(container, clock.instant());
            return CheckpointOptions.containerd(container, image, file, leaveRunning);
        }
        return new CheckpointOptions(container, file, compression, leaveRunning, tcpEstablished, fileLocks, keep,
                ignoreRootfs, ignoreVolumes, preCheckpoint, withPrevious, createImage, printStats);
    }

    @Override
    public Integer call() throws Exception {
        String bad = RuntimeChoice.badRuntime(runtime);
        if (bad != null) {
            throw new ParameterException(spec.commandLine(), bad);
        }
        if (runtime != null) {
            options(runtime); // a refusal before the helper (and its authorisation) is asked for
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (HelperClient client = HelperClients.start(helpers, err, verbose)) {
            String chosen = runtime;
            if (chosen == null) {
                RuntimeChoice.Found found = RuntimeChoice.find(container, client.listing().containers());
                String ambiguous = found.ambiguity(container);
                if (ambiguous != null) {
                    throw new ParameterException(spec.commandLine(), ambiguous);
                }
                chosen = found.runtime();
            }
            CheckpointOptions options = options(chosen);
            CheckpointResult r = client.checkpoint(options, line -> {
                synchronized (err) {
                    err.println(line);
                    err.flush();
                }
            });
            out.print(summary(r, options.isContainerd()));
            out.flush();
            return 0;
        }
    }

    /** What a finished checkpoint prints: where it went, then the statistics the runtime gave (none unknown). */
    static String summary(CheckpointResult r, boolean containerd) {
        StringBuilder t = new StringBuilder("checkpointed " + r.container());
        if (containerd) {
            t.append(" (containerd) into image ").append(r.image());
        }
        if (r.export() != null) {
            t.append(" to ").append(r.export()).append(" (").append(r.bytes()).append(" bytes, ")
                    .append(r.compression()).append(')');
        }
        if (!containerd && r.image() != null) {
            t.append(", image ").append(r.image());
        }
        t.append('\n');
        CheckpointStats s = r.stats();
        if (s == null) {
            return t.toString();
        }
        List<String> figures = new ArrayList<>();
        figure(figures, "podman", s.podmanDurationUs(), " µs");
        figure(figures, containerd ? "ctr checkpoint" : "runtime", s.runtimeDurationUs(), " µs");
        figure(figures, "frozen", s.frozenTimeUs(), " µs");
        figure(figures, "freezing", s.freezingTimeUs(), " µs");
        figure(figures, "memory dump", s.memdumpTimeUs(), " µs");
        figure(figures, "memory write", s.memwriteTimeUs(), " µs");
        figure(figures, "pages scanned", s.pagesScanned(), "");
        figure(figures, "pages written", s.pagesWritten(), "");
        if (!figures.isEmpty()) {
            t.append(String.join(", ", figures));
            if (containerd) {
                t.append(" (ctr reports no CRIU freeze or dump times)");
            }
            t.append('\n');
        }
        return t.toString();
    }

    private static void figure(List<String> out, String what, Long value, String unit) {
        if (value != null) {
            out.add(what + " " + value + unit);
        }
    }
}
