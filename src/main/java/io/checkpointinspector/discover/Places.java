package io.checkpointinspector.discover;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The places engines write checkpoints to, and the folders of the user's recent checkpoints. */
public final class Places {

    public static final Path KUBELET = Path.of("/var/lib/kubelet/checkpoints");
    public static final Path PODMAN_ROOT = Path.of("/var/lib/containers/storage");
    public static final Path CONTAINERD_CONTENT = Path.of("/var/lib/containerd/io.containerd.content.v1.content");

    private Places() {
    }

    /**
     * kubelet's folder, Podman's storage (root's, and the user's rootless one under home), containerd's content
     * store, then the folders holding the recent checkpoints (paths as the window stores them).
     */
    public static List<Place> defaults(Path home, List<String> recent) {
        List<Place> out = new ArrayList<>();
        out.add(new Place(KUBELET, PlaceKind.KUBELET));
        out.add(new Place(PODMAN_ROOT, PlaceKind.PODMAN_STORAGE));
        if (home != null) {
            Path rootless = home.resolve(".local/share/containers/storage");
            if (!rootless.equals(PODMAN_ROOT)) {
                out.add(new Place(rootless, PlaceKind.PODMAN_STORAGE));
            }
        }
        out.add(new Place(CONTAINERD_CONTENT, PlaceKind.CONTAINERD_CONTENT));
        out.addAll(recentFolders(recent));
        return out;
    }

    /** The folders holding the recent checkpoints, in order, each once. */
    public static List<Place> recentFolders(List<String> recent) {
        Set<Path> folders = new LinkedHashSet<>();
        for (String r : recent) {
            try {
                Path p = Path.of(r).toAbsolutePath().normalize();
                if (p.getParent() != null) {
                    folders.add(p.getParent());
                }
            } catch (InvalidPathException e) {
                // a stored path this system cannot name is no place
            }
        }
        List<Place> out = new ArrayList<>();
        folders.forEach(f -> out.add(new Place(f, PlaceKind.RECENT)));
        return out;
    }
}
