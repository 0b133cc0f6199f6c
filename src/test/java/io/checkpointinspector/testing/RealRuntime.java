package io.checkpointinspector.testing;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.checkpointinspector.helper.Posix;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the tests against the real Podman, containerd and CRIU need, and what they do without it: skip with the
 * reason, except under CI (CI=true), where they fail, so that the suite never passes there without running them.
 */
public final class RealRuntime {

    public static final Path PODMAN = Path.of("/usr/bin/podman");
    public static final Path CTR = Path.of("/usr/bin/ctr");
    /** The base image setup-runtime.sh imports into Podman and containerd. */
    public static final String BASE_IMAGE = "localhost/ci-busybox:latest";

    private RealRuntime() {
    }

    /** Fails under CI=true, skips otherwise, when anything is missing. */
    public static void require(String test, List<String> missing) {
        if (!missing.isEmpty()) {
            String reason = test + ": " + String.join("; ", missing);
            if ("true".equals(System.getenv("CI"))) {
                fail(reason + " — under CI this test must run, not skip");
            }
            System.out.println("SKIPPED " + reason);
            assumeTrue(false, reason);
        }
    }

    /** Root, podman, CRIU and image in Podman's store. */
    public static List<String> missingPodman(String image) {
        List<String> missing = new ArrayList<>(missingBasics());
        if (!Files.isExecutable(PODMAN)) {
            missing.add("podman is not installed at " + PODMAN);
        } else if (missing.isEmpty() && exitCode(PODMAN.toString(), "image", "exists", image) != 0) {
            missing.add("image " + image + " is missing in podman (run src/test/scripts/setup-runtime.sh)");
        }
        return missing;
    }

    /** Root, CRIU, ctr, containerd answering, and image in its default namespace. */
    public static List<String> missingContainerd(String image) {
        List<String> missing = new ArrayList<>(missingBasics());
        if (!Files.isExecutable(CTR)) {
            missing.add("containerd's ctr is not installed at " + CTR);
        } else if (exitCode(CTR.toString(), "--connect-timeout", "5s", "version") != 0) {
            missing.add("containerd does not answer (ctr version failed; run src/test/scripts/setup-runtime.sh)");
        } else if (!output(CTR.toString(), "--namespace", "default", "images", "ls", "--quiet").lines().toList()
                .contains(image)) {
            missing.add("image " + image + " is not in containerd (run src/test/scripts/setup-runtime.sh)");
        }
        return missing;
    }

    /** Both runtimes, each reason once. */
    public static List<String> missingPodmanAndContainerd(String image) {
        LinkedHashSet<String> all = new LinkedHashSet<>(missingPodman(image));
        all.addAll(missingContainerd(image));
        return new ArrayList<>(all);
    }

    private static List<String> missingBasics() {
        List<String> missing = new ArrayList<>();
        if (Posix.geteuid() != 0) {
            missing.add("not running as root");
        }
        if (!Files.isExecutable(Path.of("/usr/local/sbin/criu")) && !Files.isExecutable(Path.of("/usr/sbin/criu"))) {
            missing.add("criu is not installed");
        }
        return missing;
    }

    private static int exitCode(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String output(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
