package io.checkpointinspector.helper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the helper runs and for whom. podman, criu and ctr are absolute paths chosen here, never taken from a
 * request or the environment; workDir holds root-private scratch folders for exports.
 */
public record HelperConfig(Path podman, Path criu, Caller caller, Path workDir, String version, Path ctr) {

    /** Debian's containerd package puts ctr here; no other place is tried. */
    public static final Path CTR = Path.of("/usr/bin/ctr");

    /** Without containerd (its ctr path names no file). */
    public HelperConfig(Path podman, Path criu, Caller caller, Path workDir, String version) {
        this(podman, criu, caller, workDir, version, Path.of("/nonexistent/ctr"));
    }

    private static final List<String> PODMAN = List.of("/usr/bin/podman", "/usr/local/bin/podman");
    private static final List<String> CRIU = List.of("/usr/local/sbin/criu", "/usr/sbin/criu", "/usr/bin/criu",
            "/sbin/criu");

    /** The real configuration: podman and criu from the usual places, the caller from PKEXEC_UID or the euid. */
    public static HelperConfig detect() {
        String v = HelperConfig.class.getPackage().getImplementationVersion();
        return new HelperConfig(first(PODMAN), first(CRIU), Caller.ofProcess(System.getenv("PKEXEC_UID")),
                Path.of("/var/tmp"), v == null ? "development build" : v, CTR);
    }

    private static Path first(List<String> candidates) {
        for (String c : candidates) {
            if (Files.isExecutable(Path.of(c))) {
                return Path.of(c);
            }
        }
        return Path.of(candidates.get(0));
    }
}
