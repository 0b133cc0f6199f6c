package io.checkpointinspector.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.checkpointinspector.helper.Caller;
import io.checkpointinspector.helper.HelperConfig;
import io.checkpointinspector.helper.HelperLog;
import io.checkpointinspector.helper.HelperServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against an in-process helper (fake podman), and the launcher's refusals. */
class HelperClientTest {

    private static final String FAKE_PODMAN = """
            #!/bin/sh
            case "$1" in
              --version) echo "Version: 4.1.1"; exit 0 ;;
              check) echo "Error (criu/cr-check.c:1): no kernel support" >&2; exit 1 ;;
              version) echo "4.3.1"; exit 0 ;;
              ps) echo '[{"Id":"aaaa1111"},{"Id":"bbbb2222"}]'; exit 0 ;;
            esac
            case "$2" in
              inspect)
                echo '[{"Id":"aaaa1111","Name":"web","ImageName":"img","Created":"2024-01-01T00:00:00Z",'
                echo '"State":{"Status":"running","CheckpointedAt":"0001-01-01T00:00:00Z"}},'
                echo '{"Id":"bbbb2222","Name":"old","ImageName":"img","Created":"2024-01-01T00:00:00Z",'
                echo '"State":{"Status":"exited","CheckpointedAt":"2024-02-02T10:00:00Z"}}]'
                exit 0 ;;
              checkpoint)
                echo "working" >&2
                exec sleep 30 ;;
            esac
            exit 125
            """;

    @TempDir
    Path tmp;

    private final List<String> log = new CopyOnWriteArrayList<>();
    private HelperClient client;

    private HelperClient inProcess() throws IOException {
        Path podman = tmp.resolve("podman");
        Files.writeString(podman, FAKE_PODMAN);
        Files.setPosixFilePermissions(podman, PosixFilePermissions.fromString("rwxr-xr-x"));
        PipedOutputStream toHelper = new PipedOutputStream();
        PipedInputStream helperIn = new PipedInputStream(toHelper, 1 << 16);
        PipedOutputStream helperOut = new PipedOutputStream();
        PipedInputStream fromHelper = new PipedInputStream(helperOut, 1 << 16);
        HelperServer server = new HelperServer(new HelperConfig(podman, podman, Caller.of(0), tmp, "test"), helperIn,
                helperOut, new HelperLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        Thread t = new Thread(() -> {
            try {
                server.serve();
                helperOut.close();
            } catch (IOException e) {
                // ends the test's client
            }
        });
        t.setDaemon(true);
        t.start();
        client = new HelperConnection(fromHelper, toHelper,
                () -> new HelperException(HelperException.Kind.HELPER_FAILED, "the helper stopped"));
        return client;
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void helloAndList() throws IOException {
        HelperClient c = inProcess();
        HelperInfo info = c.hello();
        assertThat(info.podmanVersion()).isEqualTo("4.3.1");
        assertThat(info.criuVersion()).isEqualTo("4.1.1");
        assertThat(info.criuCheckOk()).isFalse();
        assertThat(info.criuCheck()).contains("no kernel support");
        assertThat(info.unusableReason()).startsWith("criu check failed");
        assertThat(c.list()).containsExactly(
                new ContainerInfo("aaaa1111", "web", "img", "running", "2024-01-01T00:00:00Z", null),
                new ContainerInfo("bbbb2222", "old", "img", "exited", "2024-01-01T00:00:00Z", "2024-02-02T10:00:00Z"));
    }

    @Test
    void refusalsArriveAsHelperExceptions() throws IOException {
        HelperClient c = inProcess();
        assertThatThrownBy(() -> c.checkpoint(CheckpointOptions.export("--all", tmp.resolve("x.tar")),
                ProgressListener.NONE)).isInstanceOf(HelperException.class)
                .hasMessage("container must not start with '-'")
                .satisfies(e -> assertThat(((HelperException) e).kind()).isEqualTo(HelperException.Kind.REFUSED));
        assertThatThrownBy(() -> c.restore(RestoreOptions.fromArchive(Path.of("relative.tar"), null),
                ProgressListener.NONE)).hasMessageContaining("must be an absolute path");
        // the connection is still good
        assertThat(c.hello().podmanVersion()).isEqualTo("4.3.1");
    }

    @Test
    void aPrivilegedArchiveIsRefusedAsPrivilegedAndAllowPrivilegedGetsPastTheCheck() throws IOException {
        HelperClient c = inProcess();
        // the real fixture with config.dump's "privileged": false patched in place (same length, valid JSON)
        byte[] tar = Files.readAllBytes(Path.of("src/test/resources/fixtures/podman-none.tar"));
        String text = new String(tar, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("\"privileged\": false");
        assertThat(at).isPositive();
        byte[] patched = "\"privileged\": true ".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(patched, 0, tar, at, patched.length);
        Path archive = Files.write(tmp.resolve("privileged.tar"), tar);
        RestoreOptions options = RestoreOptions.fromArchive(archive, "copy");
        assertThatThrownBy(() -> c.restore(options, ProgressListener.NONE)).isInstanceOf(HelperException.class)
                .hasMessageContaining("- config.dump: privileged: true")
                .satisfies(e -> assertThat(((HelperException) e).kind()).isEqualTo(HelperException.Kind.PRIVILEGED));
        // with the flag the check lets it through; this stand-in podman then fails at "container exists"
        assertThatThrownBy(() -> c.restore(options.withAllowPrivileged(), ProgressListener.NONE))
                .hasMessageContaining("podman container exists failed")
                .satisfies(e -> assertThat(((HelperException) e).kind()).isEqualTo(HelperException.Kind.FAILED));
    }

    @Test
    void interruptingACallCancelsTheRequest() throws Exception {
        HelperClient c = inProcess();
        List<String> progress = new CopyOnWriteArrayList<>();
        Throwable[] thrown = new Throwable[1];
        Thread caller = new Thread(() -> {
            try {
                c.checkpoint(CheckpointOptions.export("web", tmp.resolve("x.tar")), progress::add);
            } catch (IOException e) {
                thrown[0] = e;
            }
        });
        long start = System.nanoTime();
        caller.start();
        while (!progress.contains("working")) {
            Thread.sleep(20);
            assertThat(System.nanoTime() - start).isLessThan(20_000_000_000L);
        }
        caller.interrupt();
        caller.join(20_000);
        assertThat(caller.isAlive()).isFalse();
        assertThat(thrown[0]).isInstanceOf(java.io.InterruptedIOException.class);
        assertThat(tmp.resolve("x.tar")).doesNotExist();
        assertThat(System.nanoTime() - start).isLessThan(20_000_000_000L);
    }

    @Test
    void withoutPkexecTheLauncherSaysSo() {
        HelperLauncher launcher = new HelperLauncher(tmp.resolve("no-pkexec"), tmp.resolve("no-helper"));
        assertThatThrownBy(() -> launcher.plan(1000)).isInstanceOf(HelperException.class)
                .hasMessageContaining("pkexec is not installed")
                .satisfies(e -> assertThat(((HelperException) e).kind()).isEqualTo(HelperException.Kind.UNAVAILABLE));
    }

    @Test
    void aRefusedOrDismissedAuthorisationIsReportedPlainly() throws Exception {
        for (int code : new int[] {126, 127}) {
            Path pkexec = tmp.resolve("pkexec-" + code);
            Files.writeString(pkexec, "#!/bin/sh\necho 'Error executing command as another user: Not authorized' >&2\n"
                    + "exit " + code + "\n");
            Files.setPosixFilePermissions(pkexec, PosixFilePermissions.fromString("rwxr-xr-x"));
            HelperLauncher launcher = new HelperLauncher(pkexec, pkexec);
            HelperLauncher.Plan plan = launcher.plan(1000);
            assertThat(plan.viaPkexec()).isTrue();
            assertThat(plan.command()).containsExactly(pkexec.toString(), "--disable-internal-agent",
                    pkexec.toString());
            try (HelperClient c = launcher.start(plan, log::add)) {
                assertThatThrownBy(c::hello).isInstanceOf(HelperException.class)
                        .hasMessageContaining("authorisation was refused or dismissed (pkexec exit " + code + ")")
                        .satisfies(e -> assertThat(((HelperException) e).kind())
                                .isEqualTo(HelperException.Kind.NOT_AUTHORISED));
            }
        }
    }

    @Test
    void asRootTheHelperIsThisJvmsJava() throws HelperException {
        HelperLauncher.Plan plan = new HelperLauncher(tmp.resolve("none"), tmp.resolve("none")).plan(0);
        assertThat(plan.viaPkexec()).isFalse();
        assertThat(plan.command()).contains("io.checkpointinspector.helper.HelperMain", "-cp");
    }
}
