package io.checkpointinspector.discover;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Where and how the welcome screen looks for checkpoints: given the recent checkpoints (as the window stores them),
 * scan and report. The window uses {@link #machine}; tests pass folders of their own.
 */
@FunctionalInterface
public interface CheckpointSearch {

    ScanReport search(List<String> recent, BooleanSupplier cancelled);

    /** The engines' places on this machine (kubelet, Podman's, containerd's) and the recent folders. */
    static CheckpointSearch machine(Path home, ScanLimits limits) {
        return (recent, cancelled) -> new CheckpointFinder(limits).scan(Places.defaults(home, recent), cancelled);
    }
}
