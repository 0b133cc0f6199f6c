package io.checkpointinspector.runtime;

import io.checkpointinspector.helper.HelperMain;
import io.checkpointinspector.helper.Posix;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Starts the helper: directly (this JVM's java and class path) when the app runs as root, else through
 * {@code pkexec --disable-internal-agent} and the helper launcher the Debian package installs, whose polkit action is
 * packaging/io.checkpointinspector.helper.policy.
 */
public final class HelperLauncher implements HelperClientFactory {

    /** Where packages install packaging/checkpoint-inspector-helper; the polkit action names this path. */
    public static final Path INSTALLED_LAUNCHER =
            Path.of("/usr/libexec/checkpoint-inspector/checkpoint-inspector-helper");
    public static final Path PKEXEC = Path.of("/usr/bin/pkexec");
    static final int PKEXEC_NOT_AUTHORISED = 127;
    static final int PKEXEC_DISMISSED = 126;

    /** How to start the helper. */
    public record Plan(List<String> command, boolean viaPkexec) {
        public Plan {
            command = List.copyOf(command);
        }
    }

    private final Path pkexec;
    private final Path launcher;

    public HelperLauncher() {
        this(PKEXEC, INSTALLED_LAUNCHER);
    }

    public HelperLauncher(Path pkexec, Path launcher) {
        this.pkexec = pkexec;
        this.launcher = launcher;
    }

    /** The command for a process with effective uid euid; fails when pkexec or the launcher is missing. */
    public Plan plan(int euid) throws HelperException {
        if (euid == 0) {
            String java = ProcessHandle.current().info().command()
                    .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            return new Plan(List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                    "-cp", System.getProperty("java.class.path"), HelperMain.class.getName()), false);
        }
        if (!Files.isExecutable(pkexec)) {
            throw new HelperException(HelperException.Kind.UNAVAILABLE, "checkpoint and restore need root, and "
                    + "pkexec is not installed (" + pkexec + "; Debian: apt install pkexec). Inspecting checkpoints "
                    + "works without it.");
        }
        if (!Files.isExecutable(launcher)) {
            throw new HelperException(HelperException.Kind.UNAVAILABLE, "the helper is not installed at "
                    + launcher + " (install the checkpoint-inspector package: mvn -B -Pdeb package, then "
                    + "apt-get install ./target/checkpoint-inspector_*.deb)");
        }
        return new Plan(List.of(pkexec.toString(), "--disable-internal-agent", launcher.toString()), true);
    }

    /** Starts the helper for this process; log receives the helper's stderr lines. */
    @Override
    public HelperClient start(Consumer<String> log) throws HelperException {
        return start(plan(Posix.geteuid()), log);
    }

    public HelperClient start(Plan plan, Consumer<String> log) throws HelperException {
        ProcessBuilder pb = new ProcessBuilder(plan.command());
        Process p = startOnOwnThread(pb, plan);
        Deque<String> lastLines = new ArrayDeque<>();
        Thread err = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (lastLines) {
                        lastLines.addLast(line);
                        if (lastLines.size() > 5) {
                            lastLines.removeFirst();
                        }
                    }
                    log.accept(line);
                }
            } catch (IOException e) {
                // the helper ended
            }
        }, "helper-stderr");
        err.setDaemon(true);
        err.start();
        return new HelperConnection(p.getInputStream(), p.getOutputStream(), () -> ended(p, plan, lastLines));
    }

    /**
     * The helper asks for SIGTERM when its parent goes (PR_SET_PDEATHSIG). Linux sends it when the thread that
     * started the process ends, not the process, so the process is started by a thread that lives exactly as long as
     * the helper: it starts it, then waits for it.
     */
    private static Process startOnOwnThread(ProcessBuilder pb, Plan plan) throws HelperException {
        CompletableFuture<Process> started = new CompletableFuture<>();
        Thread owner = new Thread(() -> {
            Process p;
            try {
                p = pb.start();
            } catch (IOException | RuntimeException e) {
                started.completeExceptionally(e);
                return;
            }
            started.complete(p);
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                p.destroy();
            }
        }, "helper-owner");
        owner.setDaemon(true);
        owner.start();
        try {
            return started.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new HelperException(plan.viaPkexec() ? HelperException.Kind.UNAVAILABLE
                    : HelperException.Kind.HELPER_FAILED, "cannot start the helper (" + plan.command().get(0) + "): "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HelperException(HelperException.Kind.HELPER_FAILED, "interrupted while starting the helper");
        } catch (java.util.concurrent.TimeoutException e) {
            throw new HelperException(HelperException.Kind.HELPER_FAILED, "the helper did not start in 30 s");
        }
    }

    private static HelperException ended(Process p, Plan plan, Deque<String> lastLines) {
        Integer code = null;
        try {
            if (p.waitFor(5, TimeUnit.SECONDS)) {
                code = p.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (plan.viaPkexec() && code != null && (code == PKEXEC_DISMISSED || code == PKEXEC_NOT_AUTHORISED)) {
            return new HelperException(HelperException.Kind.NOT_AUTHORISED, "checkpoint and restore need root, "
                    + "and authorisation was refused or dismissed (pkexec exit " + code + "). Inspecting checkpoints "
                    + "works without it.");
        }
        String last;
        synchronized (lastLines) {
            last = lastLines.isEmpty() ? "" : ": " + lastLines.peekLast();
        }
        return new HelperException(HelperException.Kind.HELPER_FAILED, "the helper stopped"
                + (code == null ? "" : " (exit " + code + ")") + last);
    }
}
