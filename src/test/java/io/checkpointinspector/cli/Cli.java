package io.checkpointinspector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** Runs the command line in this JVM or in a child JVM, and checks what a person would see. */
final class Cli {

    /** A stack trace line, or a Java exception/error class name leaking into output. */
    private static final Pattern LEAK = Pattern.compile(
            "(^|\\n)\\s*at [\\w$.]+\\(|\\t at |\\tat |\\b[A-Z]\\w*(Exception|Error)\\b|\\bjava\\.(lang|io|nio|util)\\.");

    record Result(int exit, String out, String err) {

        List<String> errLines() {
            return err.isBlank() ? List.of() : Arrays.stream(err.split("\\R")).filter(l -> !l.isBlank()).toList();
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout (" + out.length() + " chars)\n"
                    + (out.length() > 2000 ? out.substring(0, 2000) + "..." : out) + "\n--- stderr\n" + err;
        }
    }

    private Cli() {
    }

    /** In this JVM, through the same entry the launcher uses. */
    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = CommandLineApp.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }

    /**
     * In a child JVM started like the real launcher ({@code io.checkpointinspector.Main}) with the given heap and
     * temp directory; killed (and the test failed) after timeoutSeconds.
     */
    static Result runInChildJvm(String maxHeap, Path tmpDir, long timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        return runInChildJvm(maxHeap, tmpDir, timeoutSeconds, null, args);
    }

    /** As above, with the child's working directory (null: this JVM's). */
    static Result runInChildJvm(String maxHeap, Path tmpDir, long timeoutSeconds, Path workingDir, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + maxHeap);
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.add("-Djava.awt.headless=true");
        if (tmpDir != null) {
            cmd.add("-Djava.io.tmpdir=" + tmpDir);
        }
        cmd.add("-cp");
        cmd.add(testClassPath());
        cmd.add("io.checkpointinspector.Main");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (workingDir != null) {
            pb.directory(workingDir.toFile());
        }
        pb.environment().remove("CHECKPOINT_INSPECTOR_DEBUG");
        pb.environment().remove("JAZZER_FUZZ");
        Path outFile = Files.createTempFile("cli-out", ".txt"); // this JVM's temp dir, not the child's
        Path errFile = Files.createTempFile("cli-err", ".txt");
        try {
            pb.redirectOutput(outFile.toFile()).redirectError(errFile.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("checkpoint-inspector " + String.join(" ", args) + " still running after "
                        + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), Files.readString(outFile, StandardCharsets.UTF_8),
                    Files.readString(errFile, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(outFile);
            Files.deleteIfExists(errFile);
        }
    }

    /** The class path of this test JVM (surefire puts the real one into java.class.path). */
    static String testClassPath() {
        String cp = System.getProperty("java.class.path");
        List<String> parts = new ArrayList<>();
        for (String p : cp.split(File.pathSeparator)) {
            if (!p.isEmpty() && !p.contains("surefirebooter")) {
                parts.add(p);
            }
        }
        assertThat(parts).as("test class path").anyMatch(p -> p.endsWith("classes") || p.endsWith("classes/"));
        return String.join(File.pathSeparator, parts);
    }

    /** No stack trace, no exception class name, anywhere. */
    static void assertNoLeak(Result r) {
        assertThat(LEAK.matcher(r.err()).find()).as("stack trace or exception name on stderr:\n%s", r).isFalse();
        assertThat(LEAK.matcher(r.out()).find()).as("stack trace or exception name on stdout:\n%s", r).isFalse();
    }

    /**
     * A clean failure: exit 1, nothing on stdout, exactly one line on stderr, "error: SOURCE: ...", naming the
     * entry when one is given.
     */
    static void assertCleanFailure(Result r, Path source, String entry) {
        assertNoLeak(r);
        assertThat(r.exit()).as("exit code of\n%s", r).isEqualTo(1);
        assertThat(r.out()).as("stdout of a failed inspect\n%s", r).isEmpty();
        List<String> lines = r.errLines();
        assertThat(lines).as("stderr lines\n%s", r).hasSize(1);
        String line = lines.get(0);
        assertThat(line).as("the one error line").startsWith("error: " + source + ": ");
        assertThat(line.length()).as("error line length").isLessThan(600);
        assertThat(line).doesNotContain("internal error");
        if (entry != null) {
            assertThat(line).as("names the entry").contains(entry);
        }
    }
}
