package io.checkpointinspector.cli;

import io.checkpointinspector.image.BuildOptions;
import io.checkpointinspector.image.CheckpointImageBuilder;
import io.checkpointinspector.image.PodmanImages;
import io.checkpointinspector.image.ImageName;
import io.checkpointinspector.inspect.InspectListener;
import io.checkpointinspector.text.Units;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "build", mixinStandardHelpOptions = true,
        description = {"Write a checkpoint as a checkpoint image: an OCI archive for podman load -i FILE, then "
                + "podman container restore NAME.",
                "Podman's --create-image annotations are taken from the checkpoint; host facts it does not record "
                        + "are left out and listed. A CRI-O or containerd checkpoint gets a config.dump and spec.dump "
                        + "in Podman's form (the originals kept as config.dump.ENGINE, spec.dump.ENGINE). A checkpoint with a hostile entry in a tar an engine unpacks on "
                        + "restore is refused."})
final class BuildCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "checkpoint file or directory (any form read)")
    Path source;

    @Option(names = {"-t", "--tag"}, paramLabel = "NAME", required = true,
            description = "image name[:tag]; completed as Podman does (localhost/NAME:latest)")
    String tag;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
            description = "the OCI archive to write; must not exist (see --force); a symbolic link is never followed")
    Path output;

    @Option(names = "--force", description = "replace FILE if it is an existing regular file")
    boolean force;

    @Option(names = "--rootfs-image-id", paramLabel = "ID",
            description = "Podman's id of the image the container ran, for a checkpoint that records none (a "
                    + "containerd checkpoint image); default: the id the local Podman has for the image's name")
    String rootfsImageId;

    @Option(names = "--rootfs-image-name", paramLabel = "NAME",
            description = "the image's name as the restoring Podman knows it (default: the name the checkpoint "
                    + "records)")
    String rootfsImageName;

    @Option(names = "--criu-config", paramLabel = "FILE",
            description = "a CRIU configuration file carried in the image (checkpoint/criu.conf) and handed to CRIU "
                    + "on restore, e.g. one line skip-file-rwx-check for a containerd checkpoint")
    Path criuConfig;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ImageName image;
        try {
            image = ImageName.parse(tag);
        } catch (IllegalArgumentException e) {
            err.println("error: --tag: " + e.getMessage());
            err.flush();
            return 2;
        }
        BuildOptions options = new BuildOptions(rootfsImageId, rootfsImageName, criuConfig,
                PodmanImages.installed().orElse(null));
        CheckpointImageBuilder.Result r;
        try {
            r = new CheckpointImageBuilder().build(source, image, output, force, options, InspectListener.NONE);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return 2;
        }
        out.println("wrote " + r.file() + ": " + Units.exactBytes(r.fileBytes()) + ", image " + r.image());
        out.println("  from " + source + " (" + r.form() + "), " + r.entries() + " entries");
        out.println("  layer " + r.layerDigest() + " (gzip, " + Units.exactBytes(r.layerBytes()) + "; "
                + Units.exactBytes(r.layerTarBytes()) + " uncompressed, diff id " + r.diffId() + ")");
        out.println("  manifest " + r.manifestDigest());
        out.println("annotations:");
        r.annotations().values().forEach((k, v) -> out.println("  " + k + "=" + v.replace("\n", "\\n")));
        if (!r.annotations().omitted().isEmpty()) {
            out.println("left out (not recorded in the checkpoint):");
            r.annotations().omitted().forEach(o -> out.println("  " + o));
        }
        out.println("load with: podman load -i " + r.file() + "; restore with: podman container restore "
                + r.image());
        for (String w : r.warnings()) {
            err.println("warning: " + source + ": " + w);
        }
        out.flush();
        err.flush();
        return 0;
    }
}
