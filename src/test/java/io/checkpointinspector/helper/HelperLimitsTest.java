package io.checkpointinspector.helper;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The helper's limits: one checkpoint/restore per connection, a cap on running requests, half lines, cancel. */
@Timeout(60)
class HelperLimitsTest {

    private final ObjectMapper json = new ObjectMapper();
    private final List<Connection> open = new ArrayList<>();

    @TempDir
    Path tmp;

    /** A helper served on a pipe, as the app talks to it. */
    private final class Connection {
        final PipedOutputStream feed = new PipedOutputStream();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final Thread thread;

        Connection(long halfLineMillis) throws IOException {
            FakePodman podman = new FakePodman(tmp.resolve("bin"));
            PipedInputStream in = new PipedInputStream(feed, 1 << 20);
            HelperServer server = new HelperServer(podman.config(Caller.of(0), tmp), in, out,
                    new HelperLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)),
                    halfLineMillis);
            thread = new Thread(() -> {
                try {
                    server.serve();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            thread.start();
            open.add(this);
        }

        void send(String text) throws IOException {
            feed.write(text.getBytes(StandardCharsets.UTF_8));
            feed.flush();
        }

        List<JsonNode> responses() throws IOException {
            List<JsonNode> r = new ArrayList<>();
            String all;
            synchronized (out) {
                all = out.toString(StandardCharsets.UTF_8);
            }
            for (String line : all.split("\n")) {
                if (!line.isEmpty() && line.endsWith("}")) {
                    r.add(json.readTree(line));
                }
            }
            return r;
        }

        JsonNode await(Predicate<JsonNode> p) throws Exception {
            while (true) {
                for (JsonNode n : responses()) {
                    if (p.test(n)) {
                        return n;
                    }
                }
                Thread.sleep(20);
            }
        }

        JsonNode answer(String id) throws Exception {
            return await(n -> id.equals(n.path("id").asText(null)) && !n.path("type").asText().equals("progress"));
        }
    }

    @AfterEach
    void close() throws Exception {
        for (Connection c : open) {
            c.send("{\"id\":\"zz-cancel-a\",\"verb\":\"cancel\",\"target\":\"slow\"}\n");
            c.feed.close();
            c.thread.join(20_000);
        }
    }

    private static String slowCheckpoint(String id, Path export) {
        return "{\"id\":\"" + id + "\",\"verb\":\"checkpoint\",\"container\":\"slow\",\"export\":\"" + export
                + "\"}\n";
    }

    @Test
    void oneCheckpointOrRestoreAtATimePerConnection() throws Exception {
        Connection c = new Connection(10_000);
        c.send(slowCheckpoint("slow", tmp.resolve("a.tar")));
        c.await(n -> n.path("message").asText().equals("checkpointing slowly"));
        Path archive = Files.copy(CraftedArchive.FIXTURE, tmp.resolve("in.tar"));
        c.send(slowCheckpoint("second", tmp.resolve("b.tar")));
        c.send("{\"id\":\"restore\",\"verb\":\"restore\",\"archive\":\"" + archive + "\",\"name\":\"r\"}\n");
        c.send("{\"id\":\"hello\",\"verb\":\"hello\"}\n");
        assertThat(c.answer("second").path("code").asText()).isEqualTo("busy");
        assertThat(c.answer("second").path("message").asText())
                .isEqualTo("a checkpoint or restore is running already (request slow); one at a time");
        assertThat(c.answer("restore").path("code").asText()).isEqualTo("busy");
        assertThat(c.answer("hello").path("type").asText()).isEqualTo("result");
        assertThat(tmp.resolve("b.tar")).doesNotExist();
        // once it is over, the next one runs
        c.send("{\"id\":\"x\",\"verb\":\"cancel\",\"target\":\"slow\"}\n");
        assertThat(c.answer("slow").path("code").asText()).isEqualTo("cancelled");
        c.send("{\"id\":\"restore2\",\"verb\":\"restore\",\"archive\":\"" + archive + "\",\"name\":\"r\"}\n");
        assertThat(c.answer("restore2").path("type").asText()).as(c.answer("restore2").toString())
                .isEqualTo("result");
    }

    @Test
    void aBurstOfAThousandRequestsIsAnsweredWithoutQueueingWork() throws Exception {
        Connection c = new Connection(10_000);
        StringBuilder burst = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            burst.append("{\"id\":\"b").append(i).append("\",\"verb\":\"list\"}\n");
        }
        long t0 = System.nanoTime();
        c.send(burst.toString());
        Map<String, String> outcome = new HashMap<>();
        while (outcome.size() < 1000) {
            for (JsonNode n : c.responses()) {
                if (!n.path("type").asText().equals("progress")) {
                    outcome.put(n.path("id").asText(), n.path("type").asText() + ":" + n.path("code").asText(""));
                }
            }
            Thread.sleep(20);
        }
        long busy = outcome.values().stream().filter(v -> v.equals("error:busy")).count();
        long ok = outcome.values().stream().filter(v -> v.equals("result:")).count();
        assertThat(busy + ok).isEqualTo(1000);
        assertThat(busy).as("at most %d run at once, the rest are turned away", HelperServer.MAX_RUNNING)
                .isGreaterThan(500);
        try (var runs = Files.list(tmp.resolve("bin"))) {
            // each list runs podman twice (ps, inspect); nothing else was started
            assertThat(runs.filter(p -> p.getFileName().toString().startsWith("args-")).count())
                    .isLessThanOrEqualTo(2 * ok);
        }
        System.out.printf("HelperLimitsTest: 1000 requests in a burst: %d answered busy, %d run, %d ms%n", busy, ok,
                (System.nanoTime() - t0) / 1_000_000);
        c.send("{\"id\":\"after\",\"verb\":\"hello\"}\n");
        assertThat(c.answer("after").path("type").asText()).isEqualTo("result");
    }

    @Test
    void aHalfSentLineTimesOutAndClosesTheConnection() throws Exception {
        Connection c = new Connection(500);
        c.send("{\"id\":\"ok\",\"verb\":\"hello\"}\n");
        assertThat(c.answer("ok").path("type").asText()).isEqualTo("result");
        // idle between lines is fine
        Thread.sleep(800);
        long t0 = System.nanoTime();
        c.send("{\"id\":\"half\",\"verb\":\"hel");
        JsonNode e = c.await(n -> n.path("message").asText().startsWith("incomplete request: no newline"));
        assertThat(e.get("id").isNull()).isTrue();
        assertThat(e.path("code").asText()).isEqualTo("bad-request");
        c.thread.join(5000);
        assertThat(c.thread.isAlive()).as("the helper stopped serving").isFalse();
        assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(400L, 5000L);
        assertThat(c.responses()).noneMatch(n -> "half".equals(n.path("id").asText(null)));
    }

    @Test
    void cancelOnlyReachesTheCallersOwnRunningRequest() throws Exception {
        Connection mine = new Connection(10_000);
        Connection theirs = new Connection(10_000);
        mine.send(slowCheckpoint("slow", tmp.resolve("m.tar")));
        mine.await(n -> n.path("message").asText().equals("checkpointing slowly"));
        theirs.send("{\"id\":\"c1\",\"verb\":\"cancel\",\"target\":\"slow\"}\n");
        assertThat(theirs.answer("c1").path("result").path("cancelled").asBoolean()).isFalse();
        mine.send("{\"id\":\"c2\",\"verb\":\"cancel\",\"target\":\"nothing-such\"}\n");
        assertThat(mine.answer("c2").path("result").path("cancelled").asBoolean()).isFalse();
        Thread.sleep(300);
        assertThat(mine.responses()).noneMatch(n -> "slow".equals(n.path("id").asText(null))
                && n.path("type").asText().equals("error"));
        mine.send("{\"id\":\"c3\",\"verb\":\"cancel\",\"target\":\"slow\"}\n");
        assertThat(mine.answer("c3").path("result").path("cancelled").asBoolean()).isTrue();
        assertThat(mine.answer("slow").path("code").asText()).isEqualTo("cancelled");
        // a finished request cannot be cancelled either
        mine.send("{\"id\":\"c4\",\"verb\":\"cancel\",\"target\":\"slow\"}\n");
        assertThat(mine.answer("c4").path("result").path("cancelled").asBoolean()).isFalse();
    }
}
