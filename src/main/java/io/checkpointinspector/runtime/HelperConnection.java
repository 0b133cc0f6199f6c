package io.checkpointinspector.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The client end of the helper protocol over a pair of streams: numbered requests, one reader thread that routes
 * progress lines to the request's listener and completes the request on its result or error.
 */
public final class HelperConnection implements HelperClient {

    private final ObjectMapper json = new ObjectMapper();
    private final OutputStream toHelper;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Supplier<HelperException> onEnd;
    private volatile HelperException ended;

    private record Pending(ProgressListener progress, CompletableFuture<JsonNode> done) {
    }

    /**
     * fromHelper/toHelper: the helper's stdout and stdin. onEnd turns the end of the helper's output into the
     * exception pending and later calls fail with (it may wait for the process to learn its exit code).
     */
    public HelperConnection(InputStream fromHelper, OutputStream toHelper, Supplier<HelperException> onEnd) {
        this.toHelper = toHelper;
        this.onEnd = onEnd;
        Thread reader = new Thread(() -> read(fromHelper), "helper-client-reader");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public HelperInfo hello() throws IOException {
        JsonNode r = call(request("hello"), ProgressListener.NONE);
        return new HelperInfo(r.path("protocol").asInt(), text(r, "helperVersion"), r.path("euid").asInt(-1),
                r.path("callerUid").asInt(-1), text(r, "podman"), text(r, "podmanVersion"), text(r, "criu"),
                text(r, "criuVersion"), r.path("criuCheckOk").asBoolean(), text(r, "criuCheck"));
    }

    @Override
    public List<ContainerInfo> list() throws IOException {
        JsonNode r = call(request("list"), ProgressListener.NONE);
        List<ContainerInfo> out = new ArrayList<>();
        for (JsonNode c : r.path("containers")) {
            out.add(new ContainerInfo(text(c, "id"), text(c, "name"), text(c, "image"), text(c, "state"),
                    text(c, "created"), text(c, "lastCheckpoint")));
        }
        return out;
    }

    @Override
    public CheckpointResult checkpoint(CheckpointOptions o, ProgressListener progress) throws IOException {
        ObjectNode q = request("checkpoint");
        q.put("container", o.container());
        if (o.export() != null) {
            q.put("export", o.export().toString());
        }
        if (o.compression() != null) {
            q.put("compression", o.compression());
        }
        flag(q, "leaveRunning", o.leaveRunning());
        flag(q, "tcpEstablished", o.tcpEstablished());
        flag(q, "fileLocks", o.fileLocks());
        flag(q, "keep", o.keep());
        flag(q, "ignoreRootfs", o.ignoreRootfs());
        flag(q, "ignoreVolumes", o.ignoreVolumes());
        flag(q, "preCheckpoint", o.preCheckpoint());
        flag(q, "withPrevious", o.withPrevious());
        if (o.createImage() != null) {
            q.put("createImage", o.createImage());
        }
        flag(q, "printStats", o.printStats());
        JsonNode r = call(q, progress);
        JsonNode s = r.path("stats");
        CheckpointStats stats = s.isObject() ? new CheckpointStats(num(s, "podmanDurationUs"),
                num(s, "runtimeDurationUs"), num(s, "freezingTimeUs"), num(s, "frozenTimeUs"),
                num(s, "memdumpTimeUs"), num(s, "memwriteTimeUs"), num(s, "pagesScanned"), num(s, "pagesWritten"))
                : null;
        String export = text(r, "export");
        return new CheckpointResult(text(r, "container"), text(r, "containerId"),
                export == null ? null : java.nio.file.Path.of(export), num(r, "bytes"), text(r, "compression"),
                text(r, "image"), stats);
    }

    @Override
    public RestoreResult restore(RestoreOptions o, ProgressListener progress) throws IOException {
        ObjectNode q = request("restore");
        if (o.archive() != null) {
            q.put("archive", o.archive().toString());
        }
        if (o.container() != null) {
            q.put("container", o.container());
        }
        if (o.name() != null) {
            q.put("name", o.name());
        }
        flag(q, "keep", o.keep());
        flag(q, "tcpEstablished", o.tcpEstablished());
        flag(q, "ignoreStaticIp", o.ignoreStaticIp());
        flag(q, "ignoreStaticMac", o.ignoreStaticMac());
        flag(q, "ignoreRootfs", o.ignoreRootfs());
        flag(q, "allowPrivileged", o.allowPrivileged());
        if (!o.publishPorts().isEmpty()) {
            ArrayNode ports = q.putArray("publishPorts");
            o.publishPorts().forEach(ports::add);
        }
        JsonNode r = call(q, progress);
        Map<String, Long> stats = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = r.path("stats").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isIntegralNumber()) {
                stats.put(e.getKey(), e.getValue().asLong());
            }
        }
        return new RestoreResult(text(r, "containerId"), text(r, "name"), text(r, "state"), stats);
    }

    @Override
    public void close() {
        try {
            toHelper.close();
        } catch (IOException e) {
            // gone already
        }
    }

    private ObjectNode request(String verb) {
        ObjectNode q = json.createObjectNode();
        q.put("id", Long.toString(ids.incrementAndGet()));
        q.put("verb", verb);
        return q;
    }

    /** Sends q and waits for its result; an interrupt sends cancel and waits (bounded) for the helper's answer. */
    private JsonNode call(ObjectNode q, ProgressListener progress) throws IOException {
        String id = q.get("id").asText();
        Pending p = new Pending(progress, new CompletableFuture<>());
        pending.put(id, p);
        try {
            try {
                send(q);
            } catch (IOException e) {
                throw whyUnsent(p, e);
            }
            try {
                return unwrap(p.done().get());
            } catch (InterruptedException e) {
                ObjectNode cancel = request("cancel");
                cancel.put("target", id);
                try {
                    send(cancel);
                    p.done().get(60, TimeUnit.SECONDS);
                } catch (InterruptedException | ExecutionException | TimeoutException | IOException ignored) {
                    // the request is cancelled from our side either way
                }
                Thread.currentThread().interrupt();
                InterruptedIOException x = new InterruptedIOException("cancelled");
                x.initCause(e);
                throw x;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof HelperException h) {
                    throw new HelperException(h.kind(), h.getMessage(), h);
                }
                throw new HelperException(HelperException.Kind.HELPER_FAILED, String.valueOf(e.getCause()), e);
            }
        } finally {
            pending.remove(id);
        }
    }

    /** A request could not be written: the helper is gone; wait briefly for the reader's account of why. */
    private static IOException whyUnsent(Pending p, IOException e) {
        if (e instanceof HelperException h) {
            return h;
        }
        try {
            p.done().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException x) {
            if (x.getCause() instanceof HelperException h) {
                return new HelperException(h.kind(), h.getMessage(), h);
            }
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException x) {
            // fall through
        }
        return new HelperException(HelperException.Kind.HELPER_FAILED, "the helper is not running: " + e.getMessage(),
                e);
    }

    private void send(ObjectNode q) throws IOException {
        HelperException gone = ended;
        if (gone != null) {
            throw new HelperException(gone.kind(), gone.getMessage(), gone);
        }
        byte[] line = (json.writeValueAsString(q) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (toHelper) {
            toHelper.write(line);
            toHelper.flush();
        }
    }

    private static JsonNode unwrap(JsonNode response) throws HelperException {
        if ("error".equals(response.path("type").asText())) {
            String code = response.path("code").asText();
            throw new HelperException(HelperException.ofCode(code), response.path("message").asText(code));
        }
        return response.path("result");
    }

    private void read(InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                route(line);
            }
        } catch (IOException e) {
            // treated as the end below
        }
        HelperException end = onEnd.get();
        ended = end;
        pending.values().forEach(p -> p.done().completeExceptionally(end));
    }

    private void route(String line) {
        JsonNode n;
        try {
            n = json.readTree(line);
        } catch (JsonProcessingException e) {
            return;
        }
        Pending p = pending.get(n.path("id").asText(""));
        if (p == null) {
            return;
        }
        if ("progress".equals(n.path("type").asText())) {
            try {
                p.progress().progress(n.path("message").asText());
            } catch (RuntimeException e) {
                // a listener's failure must not stop the reader
            }
        } else {
            p.done().complete(n);
        }
    }

    private static void flag(ObjectNode q, String name, boolean on) {
        if (on) {
            q.put(name, true);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Long num(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isIntegralNumber() ? null : v.asLong();
    }
}
