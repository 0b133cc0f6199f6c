package io.checkpointinspector.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Asks the local Podman for an image's id ({@code podman image inspect --format {{.Id}} NAME}): the id Podman would
 * restore a container of that image from. Only used when the checkpoint records no Podman image id (a containerd
 * checkpoint image) and the user gave none; the build says that the id came from here.
 */
public final class PodmanImages implements BuildOptions.ImageLookup {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");
    private final Path podman;

    public PodmanImages(Path podman) {
        this.podman = podman;
    }

    /** Podman at /usr/bin/podman, or empty when it is not installed. */
    public static Optional<BuildOptions.ImageLookup> installed() {
        Path p = Path.of("/usr/bin/podman");
        return Files.isExecutable(p) ? Optional.of(new PodmanImages(p)) : Optional.empty();
    }

    @Override
    public Optional<String> imageId(String name) throws IOException {
        Process p = new ProcessBuilder(podman.toString(), "image", "inspect", "--format", "{{.Id}}", "--", name)
                .redirectErrorStream(false).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String out = new String(p.getInputStream().readNBytes(4096), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(podman + " image inspect " + name + " did not answer in 20 s");
            }
            return p.exitValue() == 0 && ID.matcher(out).matches() ? Optional.of(out) : Optional.empty();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + podman + " for " + name, e);
        }
    }

    @Override
    public String what() {
        return "the local Podman (" + podman + " image inspect)";
    }
}
