package io.checkpointinspector.helper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * containerd's ctr, run by absolute path with an argument array (through {@link Podman}'s runner): always with
 * an explicit namespace and a connect timeout, so that a containerd that does not answer is an error within
 * seconds, not a hang. Its table output (ls) is parsed by columns; ids, refs and digests hold no blanks.
 */
final class Ctr {

    private static final String CONNECT_TIMEOUT = "5s";
    private static final Pattern DIGEST = Pattern.compile("^sha256:[0-9a-f]{64}$");

    /** A task as ctr tasks ls shows it; status lower-cased (running, stopped, paused, created). */
    record Task(String id, long pid, String status) {
    }

    /** A container as ctr containers ls shows it. */
    record Row(String id, String image, String runtime) {
    }

    private final Podman runner;

    Ctr(Path executable) {
        this.runner = new Podman(executable);
    }

    Path executable() {
        return runner.executable();
    }

    boolean present() {
        return runner.present();
    }

    static Ctr require(HelperConfig config) throws RefusedException {
        Ctr ctr = new Ctr(config.ctr());
        if (!ctr.present()) {
            throw new RefusedException(Protocol.CODE_UNAVAILABLE, "containerd's ctr is not installed ("
                    + config.ctr() + ")");
        }
        return ctr;
    }

    /** ctr's full argument list for args in namespace (the global options first, as ctr wants them). */
    static List<String> arguments(String namespace, List<String> args) {
        List<String> all = new ArrayList<>(List.of("--namespace", namespace, "--connect-timeout", CONNECT_TIMEOUT));
        all.addAll(args);
        return all;
    }

    Podman.Outcome run(List<String> args, Job job, Consumer<String> stderr) throws IOException {
        return run(Protocol.CONTAINERD_NAMESPACE, args, job, stderr);
    }

    Podman.Outcome run(String namespace, List<String> args, Job job, Consumer<String> stderr) throws IOException {
        return runner.run(arguments(namespace, args), job, stderr);
    }

    /** The command line as shown in progress lines. */
    String describe(List<String> args) {
        return executable() + " " + String.join(" ", arguments(Protocol.CONTAINERD_NAMESPACE, args));
    }

    /** Runs args and fails (failed, or cancelled) unless ctr exits 0. */
    Podman.Outcome require(List<String> args, Job job, Consumer<String> stderr) throws IOException, RefusedException {
        return Handlers.require(run(args, job, stderr), job, "ctr " + args.get(0) + " " + args.get(1));
    }

    /** The server's version from ctr version, or the failure as an exception. */
    String serverVersion(Job job) throws IOException, RefusedException {
        Podman.Outcome o = run(List.of("version"), job, line -> { });
        if (!o.ok()) {
            throw new RefusedException(Protocol.CODE_UNAVAILABLE, "containerd does not answer: " + o.failure());
        }
        boolean server = false;
        for (String line : o.stdout().split("\n")) {
            String t = line.strip();
            if (t.startsWith("Server:")) {
                server = true;
            } else if (server && t.startsWith("Version:")) {
                return t.substring("Version:".length()).strip();
            }
        }
        throw new RefusedException(Protocol.CODE_UNAVAILABLE, "ctr version names no server version");
    }

    List<Row> containers(String namespace, Job job) throws IOException, RefusedException {
        List<Row> rows = new ArrayList<>();
        for (String[] c : table(namespace, List.of("containers", "ls"), 3, job)) {
            rows.add(new Row(c[0], c[1], c[2]));
        }
        return rows;
    }

    Map<String, Task> tasks(Job job) throws IOException, RefusedException {
        Map<String, Task> tasks = new LinkedHashMap<>();
        for (String[] c : table(Protocol.CONTAINERD_NAMESPACE, List.of("tasks", "ls"), 3, job)) {
            long pid;
            try {
                pid = Long.parseLong(c[1]);
            } catch (NumberFormatException e) {
                pid = -1;
            }
            tasks.put(c[0], new Task(c[0], pid, c[2].toLowerCase(Locale.ROOT)));
        }
        return tasks;
    }

    /** Image ref to the digest of its target, for every image of the default namespace. */
    Map<String, String> images(Job job) throws IOException, RefusedException {
        Map<String, String> images = new LinkedHashMap<>();
        for (String[] c : table(Protocol.CONTAINERD_NAMESPACE, List.of("images", "ls"), 3, job)) {
            images.put(c[0], c[2]);
        }
        return images;
    }

    List<String> namespaces(Job job) throws IOException, RefusedException {
        Podman.Outcome o = run(List.of("namespaces", "ls", "--quiet"), job, line -> { });
        if (!o.ok()) {
            throw new RefusedException(Protocol.CODE_FAILED, "ctr namespaces ls: " + o.failure());
        }
        List<String> out = new ArrayList<>();
        for (String line : o.stdout().split("\n")) {
            if (!line.isBlank()) {
                out.add(line.strip());
            }
        }
        return out;
    }

    /** The blob digest names in the content store (ctr content get), at most 16 MiB. */
    byte[] content(String digest, Job job) throws IOException, RefusedException {
        if (!DIGEST.matcher(digest).matches()) {
            throw new RefusedException(Protocol.CODE_REFUSED, "not a sha256 digest: " + RequestParser.printable(digest));
        }
        return require(List.of("content", "get", digest), job, line -> { }).stdoutBytes();
    }

    /** The rows of a ctr ls table after its header, split at blanks; rows with fewer than columns are skipped. */
    private List<String[]> table(String namespace, List<String> args, int columns, Job job)
            throws IOException, RefusedException {
        Podman.Outcome o = run(namespace, args, job, line -> { });
        if (!o.ok()) {
            throw new RefusedException(Protocol.CODE_FAILED, "ctr " + String.join(" ", args) + ": " + o.failure());
        }
        List<String[]> rows = new ArrayList<>();
        String[] lines = o.stdout().split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] c = lines[i].strip().split("\\s+");
            if (c.length >= columns && !c[0].isEmpty()) {
                rows.add(c);
            }
        }
        return rows;
    }
}
