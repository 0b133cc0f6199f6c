package io.checkpointinspector.runtime;

import java.util.function.Consumer;

/** Starts a helper and connects to it; log receives the helper's log lines. {@link HelperLauncher} is the real one. */
@FunctionalInterface
public interface HelperClientFactory {

    HelperClient start(Consumer<String> log) throws HelperException;
}
