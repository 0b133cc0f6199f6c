package io.checkpointinspector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The forms run without picocli print what picocli's path prints, byte for byte; every other form is left to it. */
class FastCommandsTest {

    private static final String NONE = TestArchives.FIXTURES.resolve("podman-none.tar").toString();
    private static final String ZSTD = TestArchives.FIXTURES.resolve("podman-zstd.tar.zst").toString();
    private static final String OCI = TestArchives.FIXTURES.resolve("oci-archive.tar").toString();

    @TempDir
    static Path tmp;

    record Run(OptionalInt exit, String out, String err) {
    }

    static Stream<List<String>> handled() throws IOException {
        Path cut = tmp.resolve("cut.tar");
        byte[] whole = Files.readAllBytes(Path.of(NONE));
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
        Path notACheckpoint = Files.writeString(tmp.resolve("notes.txt"), "just text\n");
        return Stream.of(
                List.of("inspect", NONE),
                List.of("inspect", "--format", "json", NONE),
                List.of("inspect", "--format=json", ZSTD),
                List.of("inspect", OCI, "--format", "tree"),
                List.of("inspect", "--format", "tree", cut.toString()),
                List.of("inspect", "--format", "json", cut.toString()),
                List.of("inspect", "--format", "json", notACheckpoint.toString()),
                List.of("inspect", tmp.resolve("missing.tar").toString()),
                List.of("inspect", "--format", "json", tmp.toString()),
                List.of("show", NONE),
                List.of("show", NONE, ZSTD, OCI),
                List.of("show", NONE, tmp.resolve("missing.tar").toString(), cut.toString()),
                List.of("--version"),
                List.of("-V"));
    }

    static Stream<List<String>> leftToPicocli() {
        return Stream.of(
                List.of("inspect"),
                List.of("inspect", "--format"),
                List.of("inspect", "--format", "JSON", NONE),
                List.of("inspect", "--format", "json", "--format", "tree", NONE),
                List.of("inspect", NONE, NONE),
                List.of("inspect", "--parent", NONE, NONE),
                List.of("inspect", "--", NONE),
                List.of("inspect", "-h"),
                List.of("inspect", "@args.txt"),
                List.of("show"),
                List.of("show", "--help"),
                List.of("show", NONE, "@more"),
                List.of("--version", "extra"),
                List.of("memory", NONE),
                List.of("list"));
    }

    @ParameterizedTest
    @MethodSource("handled")
    void printsWhatPicocliPrints(List<String> args) {
        String[] a = args.toArray(String[]::new);
        Run fast = fast(a);
        assertThat(fast.exit()).as("taken without picocli: %s", args).isPresent();

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = CommandLineApp.runPicocli(a, new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(fast.out()).as("stdout of %s", args).isEqualTo(out.toString());
        assertThat(fast.err()).as("stderr of %s", args).isEqualTo(err.toString());
        assertThat(fast.exit().getAsInt()).as("exit code of %s", args).isEqualTo(exit);
        assertThat(fast.out() + fast.err()).as("%s prints something", args).isNotBlank();
    }

    @ParameterizedTest
    @MethodSource("leftToPicocli")
    void leavesEveryOtherFormToPicocliWithoutPrinting(List<String> args) {
        Run fast = fast(args.toArray(String[]::new));
        assertThat(fast.exit()).as("%s", args).isEmpty();
        assertThat(fast.out()).isEmpty();
        assertThat(fast.err()).isEmpty();
    }

    private static Run fast(String[] args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        OptionalInt exit = FastCommands.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }
}
