package io.checkpointinspector.helper;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The protocol loop fed garbage, half lines, huge lines and good requests, with a fake podman. */
class HelperServerTest {

    private final ObjectMapper json = new ObjectMapper();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @TempDir
    Path tmp;

    private List<JsonNode> serve(byte[] input) throws IOException {
        FakePodman podman = new FakePodman(tmp.resolve("bin"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HelperServer server = new HelperServer(podman.config(Caller.of(0), tmp), new ByteArrayInputStream(input),
                out, new HelperLog(new PrintStream(log, true, StandardCharsets.UTF_8)));
        server.serve();
        List<JsonNode> responses = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                responses.add(json.readTree(line));
            }
        }
        return responses;
    }

    private List<JsonNode> serve(String input) throws IOException {
        return serve(input.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void garbageGetsAnErrorAndTheNextRequestStillWorks() throws IOException {
        List<JsonNode> r = serve("garbage\n{\"id\":\n\u0001\u0002\n[]\n\n{\"id\":\"7\",\"verb\":\"hello\"}\n");
        assertThat(r).hasSize(5);
        for (int i = 0; i < 4; i++) {
            assertThat(r.get(i).get("id").isNull()).isTrue();
            assertThat(r.get(i).path("type").asText()).isEqualTo("error");
            assertThat(r.get(i).path("code").asText()).isEqualTo("bad-request");
        }
        JsonNode hello = r.get(4);
        assertThat(hello.path("id").asText()).isEqualTo("7");
        assertThat(hello.path("type").asText()).isEqualTo("result");
        assertThat(hello.path("result").path("podmanVersion").asText()).isEqualTo("4.3.1");
        assertThat(hello.path("result").path("criuVersion").asText()).isEqualTo("4.1.1");
        assertThat(hello.path("result").path("criuCheckOk").asBoolean()).isTrue();
        assertThat(hello.path("result").path("protocol").asInt()).isEqualTo(1);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("request 7: Hello[id=7]", "request 7 -> ok",
                "(no id) -> bad-request");
    }

    @Test
    void aHalfLineAtTheEndIsNeverActedOn() throws IOException {
        List<JsonNode> r = serve("{\"id\":\"1\",\"verb\":\"list\"}\n{\"id\":\"2\",\"verb\":\"hello\"}");
        assertThat(r).extracting(n -> n.path("id").asText(null) + ":" + n.path("type").asText())
                .containsExactlyInAnyOrder("1:result", "null:error");
        assertThat(r).anyMatch(n -> n.path("message").asText().contains("incomplete request"));
        assertThat(r.stream().filter(n -> "1".equals(n.path("id").asText())).findFirst().orElseThrow()
                .path("result").path("containers").get(0).path("name").asText()).isEqualTo("web");
    }

    @Test
    void hugeLinesAreRefusedWithoutStoppingTheHelper() throws IOException {
        String huge = "{\"id\":\"1\",\"verb\":\"hello\",\"pad\":\"" + "x".repeat(Protocol.MAX_REQUEST_BYTES) + "\"}";
        String tenMegabytes = "y".repeat(10 << 20);
        List<JsonNode> r = serve(huge + "\n" + tenMegabytes + "\n{\"id\":\"2\",\"verb\":\"hello\"}\n");
        assertThat(r).hasSize(3);
        assertThat(r.get(0).path("message").asText()).contains("longer than 65536 bytes");
        assertThat(r.get(0).get("id").isNull()).isTrue();
        assertThat(r.get(1).path("message").asText()).contains("longer than 65536 bytes");
        assertThat(r.get(2).path("type").asText()).isEqualTo("result");
    }

    @Test
    void aRequestOfExactly64KiBIsRead() throws IOException {
        String head = "{\"id\":\"1\",\"verb\":\"hello\",\"pad\":\"";
        String line = head + "x".repeat(Protocol.MAX_REQUEST_BYTES - head.length() - 2) + "\"}";
        assertThat(line.length()).isEqualTo(Protocol.MAX_REQUEST_BYTES);
        List<JsonNode> r = serve(line + "\n");
        // read, parsed, then refused for its unknown field rather than for its length
        assertThat(r.get(0).path("message").asText()).contains("unknown field 'pad'");
        assertThat(r.get(0).path("id").asText()).isEqualTo("1");
    }

    @Test
    void invalidUtf8IsRefused() throws IOException {
        byte[] bad = {'{', (byte) 0xff, (byte) 0xfe, '}', '\n'};
        List<JsonNode> r = serve(bad);
        assertThat(r).hasSize(1);
        assertThat(r.get(0).path("message").asText()).contains("not UTF-8");
    }

    @Test
    void binaryNoiseNeverCrashesTheLoop() throws IOException {
        byte[] noise = new byte[200_000];
        new java.util.Random(42).nextBytes(noise);
        byte[] input = Arrays.copyOf(noise, noise.length + 30);
        byte[] tail = "\n{\"id\":\"9\",\"verb\":\"hello\"}\n".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(tail, 0, input, noise.length, tail.length);
        input = Arrays.copyOf(input, noise.length + tail.length);
        List<JsonNode> r = serve(input);
        assertThat(r).isNotEmpty();
        assertThat(r.get(r.size() - 1).path("id").asText()).isEqualTo("9");
        assertThat(r.subList(0, r.size() - 1)).allMatch(n -> "error".equals(n.path("type").asText()));
    }

    @Test
    void checkpointRunsPodmanWithAnArgumentArrayAndReturnsItsStatistics() throws IOException {
        Path out = tmp.resolve("out.tar.zst");
        List<JsonNode> r = serve("{\"id\":\"c1\",\"verb\":\"checkpoint\",\"container\":\"web\",\"export\":\"" + out
                + "\",\"compression\":\"gzip\",\"leaveRunning\":true,\"tcpEstablished\":true,\"printStats\":true}\n");
        JsonNode last = r.get(r.size() - 1);
        assertThat(last.path("type").asText()).as(last.toString()).isEqualTo("result");
        JsonNode res = last.path("result");
        assertThat(res.path("export").asText()).isEqualTo(out.toString());
        assertThat(res.path("bytes").asLong()).isEqualTo("fake archive\n".length());
        assertThat(res.path("compression").asText()).isEqualTo("gzip");
        assertThat(res.path("containerId").asText()).isEqualTo("aaaa1111");
        assertThat(res.path("stats").path("frozenTimeUs").asLong()).isEqualTo(20);
        assertThat(res.path("stats").path("pagesWritten").asLong()).isEqualTo(60);
        assertThat(res.path("stats").path("podmanDurationUs").asLong()).isEqualTo(1000);
        assertThat(r).anyMatch(n -> n.path("type").asText().equals("progress")
                && n.path("message").asText().equals("freezing"));
        assertThat(java.nio.file.Files.readString(out)).isEqualTo("fake archive\n");
        List<String> args = new FakePodman(tmp.resolve("bin")).argsOf("checkpoint");
        assertThat(args.get(0)).isEqualTo("container");
        assertThat(args).contains("--compress=gzip", "--leave-running", "--tcp-established", "--print-stats");
        assertThat(args.subList(args.size() - 2, args.size())).containsExactly("--", "web");
        // podman wrote into a root-private scratch folder, never to the user's path; the folder is gone again
        String scratch = args.stream().filter(a -> a.startsWith("--export=")).findFirst().orElseThrow();
        assertThat(scratch).startsWith("--export=" + tmp.resolve("checkpoint-inspector-"));
        assertThat(Path.of(scratch.substring("--export=".length())).getParent()).doesNotExist();
    }

    @Test
    void aFailedCheckpointLeavesNoFileBehind() throws IOException {
        Path out = tmp.resolve("broken.tar");
        List<JsonNode> r = serve("{\"id\":\"c2\",\"verb\":\"checkpoint\",\"container\":\"broken\",\"export\":\""
                + out + "\"}\n");
        JsonNode last = r.get(r.size() - 1);
        assertThat(last.path("code").asText()).isEqualTo("failed");
        assertThat(last.path("message").asText()).contains("Error: container broken is not running");
        assertThat(out).doesNotExist();
    }

    @Test
    void cancelStopsARunningCheckpoint() throws Exception {
        FakePodman podman = new FakePodman(tmp.resolve("bin"));
        java.io.PipedOutputStream feed = new java.io.PipedOutputStream();
        java.io.PipedInputStream in = new java.io.PipedInputStream(feed, 1 << 16);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HelperServer server = new HelperServer(podman.config(Caller.of(0), tmp), in, out,
                new HelperLog(new PrintStream(log, true, StandardCharsets.UTF_8)));
        Thread t = new Thread(() -> {
            try {
                server.serve();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        long start = System.nanoTime();
        feed.write(("{\"id\":\"s\",\"verb\":\"checkpoint\",\"container\":\"slow\",\"export\":\"" + tmp.resolve("s.tar")
                + "\"}\n").getBytes(StandardCharsets.UTF_8));
        feed.flush();
        while (!out.toString(StandardCharsets.UTF_8).contains("checkpointing slowly")) {
            Thread.sleep(20);
            assertThat(System.nanoTime() - start).isLessThan(20_000_000_000L);
        }
        feed.write("{\"id\":\"x\",\"verb\":\"cancel\",\"target\":\"s\"}\n".getBytes(StandardCharsets.UTF_8));
        feed.flush();
        while (!out.toString(StandardCharsets.UTF_8).contains("\"code\":\"cancelled\"")) {
            Thread.sleep(20);
            assertThat(System.nanoTime() - start).isLessThan(20_000_000_000L);
        }
        feed.close();
        t.join(15_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(15_000_000_000L);
        String all = out.toString(StandardCharsets.UTF_8);
        assertThat(all).contains("{\"id\":\"x\",\"type\":\"result\",\"result\":{\"target\":\"s\",\"cancelled\":true}}");
        assertThat(tmp.resolve("s.tar")).doesNotExist();
    }

    @Test
    void restoreHandsPodmanACheckedPrivateCopyOfTheFileTheUserOpened() throws IOException {
        Path archive = tmp.resolve("in.tar");
        java.nio.file.Files.copy(CraftedArchive.FIXTURE, archive);
        List<JsonNode> r = serve("{\"id\":\"r\",\"verb\":\"restore\",\"archive\":\"" + archive
                + "\",\"name\":\"copy\",\"publishPorts\":[\"8080:80\"]}\n");
        JsonNode last = r.get(r.size() - 1);
        assertThat(last.path("type").asText()).as(last.toString()).isEqualTo("result");
        assertThat(last.path("result").path("containerId").asText()).isEqualTo("bbbb2222");
        FakePodman podman = new FakePodman(tmp.resolve("bin"));
        assertThat(podman.argsOf("exists")).containsExactly("container", "exists", "--", "copy");
        List<String> args = podman.argsOf("restore");
        assertThat(args).containsExactly("container", "restore", "--print-stats", "--import=/dev/stdin",
                "--name=copy", "--publish=8080:80");
        try (var files = java.nio.file.Files.list(podman.dir)) {
            Path stdin = files.filter(p -> p.getFileName().toString().startsWith("stdin-")).findFirst().orElseThrow();
            assertThat(java.nio.file.Files.mismatch(stdin, CraftedArchive.FIXTURE)).isEqualTo(-1L);
        }
        // the private copy is gone again
        try (var left = java.nio.file.Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("checkpoint-inspector-"));
        }
    }

    @Test
    void aPrivilegedArchiveIsRefusedUnlessAllowedAndPodmanNeverSeesIt() throws IOException {
        Path archive = CraftedArchive.fromFixture().config(c -> c.put("privileged", true))
                .spec(s -> ((com.fasterxml.jackson.databind.node.ArrayNode) s.path("process").path("capabilities")
                        .path("bounding")).add("CAP_SYS_ADMIN")).write(tmp.resolve("priv.tar"));
        List<JsonNode> r = serve("{\"id\":\"p\",\"verb\":\"restore\",\"archive\":\"" + archive + "\"}\n");
        JsonNode last = r.get(r.size() - 1);
        assertThat(last.path("code").asText()).isEqualTo("privileged");
        assertThat(last.path("message").asText()).contains("asks for more than an ordinary container",
                "\n- config.dump: privileged: true", "\n- spec.dump: process.capabilities.bounding: adds CAP_SYS_ADMIN");
        FakePodman podman = new FakePodman(tmp.resolve("bin"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> podman.argsOf("restore"))
                .isInstanceOf(AssertionError.class);

        List<JsonNode> allowed = serve("{\"id\":\"q\",\"verb\":\"restore\",\"archive\":\"" + archive
                + "\",\"name\":\"priv\",\"allowPrivileged\":true}\n");
        assertThat(allowed.get(allowed.size() - 1).path("type").asText()).isEqualTo("result");
        assertThat(allowed).anyMatch(n -> n.path("message").asText()
                .equals("restoring with privileges allowed explicitly despite config.dump: privileged: true "
                        + "(all capabilities, all host devices, no confinement)"));
    }

    @Test
    void anEscapeIsRefusedEvenWhenPrivilegesAreAllowed() throws IOException {
        Path archive = CraftedArchive.fromFixture().replace("rootfs-diff.tar", CraftedArchive.tar(
                new String[] {"l", "l", "/etc"}, new String[] {"l/passwd", "f", "x"})).write(tmp.resolve("esc.tar"));
        List<JsonNode> r = serve("{\"id\":\"e\",\"verb\":\"restore\",\"archive\":\"" + archive
                + "\",\"name\":\"e\",\"allowPrivileged\":true}\n");
        JsonNode last = r.get(r.size() - 1);
        assertThat(last.path("code").asText()).isEqualTo("refused");
        assertThat(last.path("message").asText()).contains("would reach outside the container",
                "rootfs-diff.tar: l/passwd: writes through the symlink l");
    }

    @Test
    void aNameThatIsTakenIsRefusedBeforePodmanRestores() throws IOException {
        Path archive = tmp.resolve("in.tar");
        java.nio.file.Files.copy(CraftedArchive.FIXTURE, archive);
        List<JsonNode> r = serve("{\"id\":\"n\",\"verb\":\"restore\",\"archive\":\"" + archive
                + "\",\"name\":\"taken\"}\n");
        JsonNode last = r.get(r.size() - 1);
        assertThat(last.path("code").asText()).isEqualTo("refused");
        assertThat(last.path("message").asText()).isEqualTo("a container named taken already exists; choose another name");
        // without a name the archive's own name (ci-fixture) is the one checked
        serve("{\"id\":\"m\",\"verb\":\"restore\",\"archive\":\"" + archive + "\"}\n");
        assertThat(new FakePodman(tmp.resolve("bin")).argsOf("ci-fixture")).containsExactly("container", "exists",
                "--", "ci-fixture");
    }
}
