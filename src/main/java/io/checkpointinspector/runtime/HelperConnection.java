package io.checkpointinspector.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.checkpointinspector.helper.Protocol;
import io.checkpointinspector.helper.Protocol.Field;
import io.checkpointinspector.helper.Protocol.Reply;
import io.checkpointinspector.helper.Protocol.StatsField;
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
        JsonNode r = call(request(Protocol.HELLO), ProgressListener.NONE);
        return new HelperInfo(r.path(Reply.PROTOCOL).asInt(), text(r, Reply.HELPER_VERSION), r.path(Reply.EUID).asInt(-1),
                r.path(Reply.CALLER_UID).asInt(-1), text(r, Reply.PODMAN), text(r, Reply.PODMAN_VERSION), text(r, Reply.CRIU),
                text(r, Reply.CRIU_VERSION), r.path(Reply.CRIU_CHECK_OK).asBoolean(), text(r, Reply.CRIU_CHECK),
                text(r, Reply.CTR), text(r, Reply.CONTAINERD_VERSION));
    }

    @Override
    public List<ContainerInfo> list() throws IOException {
        return listing().containers();
    }

    @Override
    public ContainerListing listing() throws IOException {
        JsonNode r = call(request(Protocol.LIST), ProgressListener.NONE);
        List<ContainerInfo> out = new ArrayList<>();
        for (JsonNode c : r.path(Reply.CONTAINERS)) {
            String runtime = text(c, Reply.RUNTIME);
            out.add(new ContainerInfo(text(c, Reply.ID), text(c, Reply.NAME), text(c, Reply.IMAGE), text(c, Reply.STATE),
                    text(c, Reply.CREATED), text(c, Reply.LAST_CHECKPOINT),
                    runtime == null ? CheckpointOptions.PODMAN : runtime));
        }
        List<String> notes = new ArrayList<>();
        r.path(Reply.NOTES).forEach(n -> notes.add(n.asText()));
        return new ContainerListing(out, notes);
    }

    @Override
    public CheckpointResult checkpoint(CheckpointOptions o, ProgressListener progress) throws IOException {
        ObjectNode q = request(Protocol.CHECKPOINT);
        if (o.isContainerd()) {
            q.put(Field.RUNTIME, Protocol.RUNTIME_CONTAINERD);
        }
        q.put(Field.CONTAINER, o.container());
        if (o.export() != null) {
            q.put(Field.EXPORT, o.export().toString());
        }
        if (o.compression() != null) {
            q.put(Field.COMPRESSION, o.compression());
        }
        flag(q, Field.LEAVE_RUNNING, o.leaveRunning());
        flag(q, Field.TCP_ESTABLISHED, o.tcpEstablished());
        flag(q, Field.FILE_LOCKS, o.fileLocks());
        flag(q, Field.KEEP, o.keep());
        flag(q, Field.IGNORE_ROOTFS, o.ignoreRootfs());
        flag(q, Field.IGNORE_VOLUMES, o.ignoreVolumes());
        flag(q, Field.PRE_CHECKPOINT, o.preCheckpoint());
        flag(q, Field.WITH_PREVIOUS, o.withPrevious());
        if (o.createImage() != null) {
            q.put(Field.CREATE_IMAGE, o.createImage());
        }
        flag(q, Field.PRINT_STATS, o.printStats());
        JsonNode r = call(q, progress);
        JsonNode s = r.path(Reply.STATS);
        CheckpointStats stats = s.isObject() ? new CheckpointStats(num(s, StatsField.PODMAN_DURATION_US),
                num(s, StatsField.RUNTIME_DURATION_US), num(s, StatsField.FREEZING_TIME_US), num(s, StatsField.FROZEN_TIME_US),
                num(s, StatsField.MEMDUMP_TIME_US), num(s, StatsField.MEMWRITE_TIME_US), num(s, StatsField.PAGES_SCANNED), num(s, StatsField.PAGES_WRITTEN))
                : null;
        String export = text(r, Reply.EXPORT);
        return new CheckpointResult(text(r, Reply.CONTAINER), text(r, Reply.CONTAINER_ID),
                export == null ? null : java.nio.file.Path.of(export), num(r, Reply.BYTES), text(r, Reply.COMPRESSION),
                text(r, Reply.IMAGE), stats);
    }

    @Override
    public RestoreResult restore(RestoreOptions o, ProgressListener progress) throws IOException {
        ObjectNode q = request(Protocol.RESTORE);
        if (o.isContainerd()) {
            q.put(Field.RUNTIME, Protocol.RUNTIME_CONTAINERD);
        }
        if (o.image() != null) {
            q.put(Field.IMAGE, o.image());
        }
        if (o.archive() != null) {
            q.put(Field.ARCHIVE, o.archive().toString());
        }
        if (o.container() != null) {
            q.put(Field.CONTAINER, o.container());
        }
        if (o.name() != null) {
            q.put(Field.NAME, o.name());
        }
        flag(q, Field.KEEP, o.keep());
        flag(q, Field.TCP_ESTABLISHED, o.tcpEstablished());
        flag(q, Field.IGNORE_STATIC_IP, o.ignoreStaticIp());
        flag(q, Field.IGNORE_STATIC_MAC, o.ignoreStaticMac());
        flag(q, Field.IGNORE_ROOTFS, o.ignoreRootfs());
        flag(q, Field.ALLOW_PRIVILEGED, o.allowPrivileged());
        if (!o.publishPorts().isEmpty()) {
            ArrayNode ports = q.putArray(Field.PUBLISH_PORTS);
            o.publishPorts().forEach(ports::add);
        }
        JsonNode r = call(q, progress);
        Map<String, Long> stats = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = r.path(Reply.STATS).fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isIntegralNumber()) {
                stats.put(e.getKey(), e.getValue().asLong());
            }
        }
        return new RestoreResult(text(r, Reply.CONTAINER_ID), text(r, Reply.NAME), text(r, Reply.STATE), stats);
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
        q.put(Protocol.ID, Long.toString(ids.incrementAndGet()));
        q.put(Protocol.VERB, verb);
        return q;
    }

    /** Sends q and waits for its result; an interrupt sends cancel and waits (bounded) for the helper's answer. */
    private JsonNode call(ObjectNode q, ProgressListener progress) throws IOException {
        String id = q.get(Protocol.ID).asText();
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
                ObjectNode cancel = request(Protocol.CANCEL);
                cancel.put(Field.TARGET, id);
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
        if (Protocol.TYPE_ERROR.equals(response.path(Protocol.TYPE).asText())) {
            String code = response.path(Protocol.CODE).asText();
            throw new HelperException(HelperException.ofCode(code), response.path(Protocol.MESSAGE).asText(code));
        }
        return response.path(Protocol.RESULT);
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
        Pending p = pending.get(n.path(Protocol.ID).asText(""));
        if (p == null) {
            return;
        }
        if (Protocol.TYPE_PROGRESS.equals(n.path(Protocol.TYPE).asText())) {
            try {
                p.progress().progress(n.path(Protocol.MESSAGE).asText());
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
