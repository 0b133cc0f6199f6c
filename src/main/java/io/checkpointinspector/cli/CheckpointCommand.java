package io.checkpointinspector.cli;

import io.checkpointinspector.runtime.CheckpointOptions;
import io.checkpointinspector.runtime.CheckpointResult;
import io.checkpointinspector.runtime.CheckpointStats;
import io.checkpointinspector.runtime.HelperClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "checkpoint", mixinStandardHelpOptions = true,
        description = "Checkpoint a running container through the privileged helper (podman container checkpoint), "
                + "usually exporting it to FILE, which must not exist yet, in a folder you own.")
final class CheckpointCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONTAINER", description = "container name or id")
    String container;

    @Option(names = {"-e", "--export"}, paramLabel = "FILE", description = "export the checkpoint to FILE")
    Path export;

    @Option(names = {"-c", "--compress"}, paramLabel = "zstd|gzip|none", description = "compression of the export")
    String compression;

    @Option(names = {"-R", "--leave-running"}, description = "leave the container running")
    boolean leaveRunning;

    @Option(names = "--tcp-established", description = "checkpoint established TCP connections")
    boolean tcpEstablished;

    @Option(names = "--file-locks", description = "checkpoint file locks")
    boolean fileLocks;

    @Option(names = {"-k", "--keep"}, description = "keep CRIU's images and logs")
    boolean keep;

    @Option(names = "--ignore-rootfs", description = "leave the root file-system changes out of the export")
    boolean ignoreRootfs;

    @Option(names = "--ignore-volumes", description = "leave volumes out of the export")
    boolean ignoreVolumes;

    @Option(names = {"-P", "--pre-checkpoint"}, description = "dump memory only, the container keeps running")
    boolean preCheckpoint;

    @Option(names = "--with-previous", description = "checkpoint on top of a pre-checkpoint")
    boolean withPrevious;

    @Option(names = "--create-image", paramLabel = "IMAGE", description = "also create a checkpoint image")
    String createImage;

    @Option(names = "--print-stats", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "report podman's statistics (default: on)")
    boolean printStats;

    @Option(names = {"-v", "--verbose"}, description = "show the helper's log on stderr")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path file = export == null ? null : export.toAbsolutePath().normalize();
        CheckpointOptions options = new CheckpointOptions(container, file, compression, leaveRunning,
                tcpEstablished, fileLocks, keep, ignoreRootfs, ignoreVolumes, preCheckpoint, withPrevious, createImage,
                printStats);
        try (HelperClient client = HelperClients.start(err, verbose)) {
            CheckpointResult r = client.checkpoint(options, line -> {
                synchronized (err) {
                    err.println(line);
                    err.flush();
                }
            });
            out.printf("checkpointed %s%s%n", r.container(), r.export() == null ? ""
                    : " to " + r.export() + " (" + r.bytes() + " bytes, " + r.compression() + ")");
            CheckpointStats s = r.stats();
            if (s != null) {
                out.printf("podman %s µs, runtime %s µs, frozen %s µs (freezing %s µs), memory dump %s µs, "
                        + "memory write %s µs, pages scanned %s, written %s%n", s.podmanDurationUs(),
                        s.runtimeDurationUs(), s.frozenTimeUs(), s.freezingTimeUs(), s.memdumpTimeUs(),
                        s.memwriteTimeUs(), s.pagesScanned(), s.pagesWritten());
            }
            out.flush();
            return 0;
        }
    }
}
