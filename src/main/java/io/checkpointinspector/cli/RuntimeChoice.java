package io.checkpointinspector.cli;

import io.checkpointinspector.runtime.CheckpointOptions;
import io.checkpointinspector.runtime.ContainerInfo;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rules of --runtime for checkpoint and restore: which values it takes, which of Podman's options ctr has no
 * counterpart for (refused, never dropped), and which runtime a container named without --runtime belongs to.
 * Each rule returns the words of its refusal, or null.
 */
final class RuntimeChoice {

    private RuntimeChoice() {
    }

    /** Why value is not a runtime, or null. */
    static String badRuntime(String value) {
        if (value == null || value.equals(CheckpointOptions.PODMAN) || value.equals(CheckpointOptions.CONTAINERD)) {
            return null;
        }
        return "--runtime must be podman or containerd, not '" + value + "'";
    }

    /**
     * Why the Podman-only options given (their option names, empty when none) cannot go to containerd, or null.
     * about: what is refused ("checkpoint of web", "restore").
     */
    static String podmanOnly(List<String> given, String about) {
        if (given.isEmpty()) {
            return null;
        }
        return String.join(", ", given) + (given.size() == 1 ? " is a Podman option" : " are Podman options")
                + "; ctr has no counterpart, so the " + about + " with containerd cannot honour "
                + (given.size() == 1 ? "it" : "them") + " (leave " + (given.size() == 1 ? "it" : "them")
                + " out, or use --runtime podman)";
    }

    /** A container's runtime as the helper's list has it; several, or none when nothing matches. */
    record Found(Set<String> runtimes) {

        /** The one runtime; podman when no runtime lists the container (podman's own error then says so). */
        String runtime() {
            return runtimes.isEmpty() ? CheckpointOptions.PODMAN : runtimes.iterator().next();
        }

        /** Why the runtime cannot be chosen for container, or null. */
        String ambiguity(String container) {
            return runtimes.size() < 2 ? null : "container " + container + " exists under both "
                    + String.join(" and ", runtimes) + "; say which with --runtime podman or --runtime containerd";
        }
    }

    /**
     * The runtimes listing container by its name, its full id or (for an id in hex) an id prefix, as podman
     * accepts them. containerd's ids are its names.
     */
    static Found find(String container, List<ContainerInfo> listed) {
        Set<String> runtimes = new TreeSet<>();
        boolean hex = container.toLowerCase(Locale.ROOT).equals(container) && container.matches("[0-9a-f]+");
        for (ContainerInfo c : listed) {
            if (container.equals(c.name()) || container.equals(c.id())
                    || (hex && !c.containerd() && c.id() != null && c.id().startsWith(container))) {
                runtimes.add(c.runtime() == null ? CheckpointOptions.PODMAN : c.runtime());
            }
        }
        return new Found(runtimes);
    }
}
