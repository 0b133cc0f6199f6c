package io.checkpointinspector.helper;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs podman (or criu) by absolute path with an argument array: no shell, a fixed environment, stdout collected
 * (bounded), stderr streamed line by line.
 */
public final class Podman {

    private static final int MAX_STDOUT = 16 << 20;
    private static final int KEEP_STDERR_LINES = 20;

    /** How a run ended. stderrTail: its last lines, for error messages. */
    public record Outcome(int exitCode, byte[] stdoutBytes, List<String> stderrTail) {
        public Outcome {
            stderrTail = List.copyOf(stderrTail);
        }

        public String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        public boolean ok() {
            return exitCode == 0;
        }

        /** The most telling line podman wrote, for an error message. */
        public String failure() {
            for (int i = stderrTail.size() - 1; i >= 0; i--) {
                if (stderrTail.get(i).startsWith("Error")) {
                    return stderrTail.get(i);
                }
            }
            return stderrTail.isEmpty() ? "exit code " + exitCode : stderrTail.get(stderrTail.size() - 1);
        }
    }

    private final Path executable;

    public Podman(Path executable) {
        this.executable = executable;
    }

    public Path executable() {
        return executable;
    }

    public boolean present() {
        return Files.isExecutable(executable);
    }

    /** Runs with no stdin. */
    public Outcome run(List<String> args, Job job, Consumer<String> stderr) throws IOException {
        return run(args, null, job, stderr);
    }

    /**
     * Runs executable with args. stdin: a file the child reads as its stdin, or null for none. job (may be null)
     * lets a cancel request stop the process.
     */
    public Outcome run(List<String> args, File stdin, Job job, Consumer<String> stderr) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("LC_ALL", "C");
        env.put("HOME", System.getProperty("user.home", "/root"));
        pb.directory(new File("/"));
        pb.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new File("/dev/null"))
                : ProcessBuilder.Redirect.from(stdin));
        Process p = pb.start();
        if (job != null) {
            job.attach(p);
        }
        Deque<String> tail = new ArrayDeque<>();
        Thread errReader = new Thread(() -> readLines(p.getErrorStream(), line -> {
            synchronized (tail) {
                tail.addLast(line);
                if (tail.size() > KEEP_STDERR_LINES) {
                    tail.removeFirst();
                }
            }
            stderr.accept(line);
        }), "podman-stderr");
        errReader.setDaemon(true);
        errReader.start();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        java.util.concurrent.atomic.AtomicReference<IOException> tooMuch =
                new java.util.concurrent.atomic.AtomicReference<>();
        Thread outReader = new Thread(() -> {
            try {
                readBounded(p.getInputStream(), stdout);
            } catch (IOException e) {
                tooMuch.set(e);
                p.destroy();
            }
        }, "podman-stdout");
        outReader.setDaemon(true);
        outReader.start();
        try {
            int code = p.waitFor();
            // A grandchild that kept the pipes open must not hold the helper: wait a little, then go on.
            outReader.join(10_000);
            errReader.join(5000);
            synchronized (stdout) {
                if (tooMuch.get() != null) {
                    throw tooMuch.get();
                }
                synchronized (tail) {
                    return new Outcome(code, stdout.toByteArray(), new ArrayList<>(tail));
                }
            }
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            if (job != null) {
                job.detach();
            }
        }
    }

    private static void readBounded(InputStream in, ByteArrayOutputStream out) throws IOException {
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            synchronized (out) {
                if (out.size() + n > MAX_STDOUT) {
                    throw new IOException("podman wrote more than " + MAX_STDOUT + " bytes to stdout");
                }
                out.write(buf, 0, n);
            }
        }
    }

    private static void readLines(InputStream in, Consumer<String> sink) {
        try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.length() > 4000) {
                    line = line.substring(0, 4000) + "…";
                }
                if (!line.isBlank()) {
                    sink.accept(line);
                }
            }
        } catch (IOException e) {
            // the process went away
        }
    }
}
