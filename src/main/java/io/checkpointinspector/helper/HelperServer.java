package io.checkpointinspector.helper;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The protocol loop: reads request lines from in, runs each request on a worker thread (so that cancel can reach
 * a running one), writes progress and exactly one result or error per request to out. When in ends it takes no
 * new request and returns once the running ones have finished, so that piping a request into
 * {@code checkpoint-inspector helper} gets its answer and a checkpoint is never cut off half-way because the app
 * closed the pipe. When the app dies, PR_SET_PDEATHSIG sends SIGTERM and the shutdown hook calls
 * {@link #cancelAll()}, which stops podman.
 */
public final class HelperServer {

    /** Requests running at once on one connection; more are answered busy, never queued. */
    static final int MAX_RUNNING = 4;
    /** How long a started request line may wait for its newline. */
    static final long HALF_LINE_MILLIS = 10_000;

    private final RequestParser parser = new RequestParser();
    private final ResponseWriter writer;
    private final HelperLog log;
    private final Handlers handlers;
    private final InputStream in;
    private final long halfLineMillis;
    /** The checkpoint or restore running on this connection (at most one), or null. */
    private final java.util.concurrent.atomic.AtomicReference<String> podmanJob =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "helper-request");
        t.setDaemon(true);
        return t;
    });

    public HelperServer(HelperConfig config, InputStream in, OutputStream out, HelperLog log) {
        this(config, in, out, log, HALF_LINE_MILLIS);
    }

    HelperServer(HelperConfig config, InputStream in, OutputStream out, HelperLog log, long halfLineMillis) {
        this.in = in;
        this.halfLineMillis = halfLineMillis;
        this.writer = new ResponseWriter(out);
        this.log = log;
        this.handlers = new Handlers(config, writer);
    }

    public void serve() throws IOException {
        LineReader lines = new LineReader(in, Protocol.MAX_REQUEST_BYTES, halfLineMillis);
        while (true) {
            LineReader.Line line = lines.next();
            switch (line.kind()) {
                case END -> {
                    log.info("stdin closed; stopping once running requests are done");
                    stop();
                    return;
                }
                case INCOMPLETE -> {
                    reject(null, Protocol.CODE_BAD_REQUEST, "incomplete request: input ended without a newline");
                    log.info("stdin closed; stopping once running requests are done");
                    stop();
                    return;
                }
                case TIMED_OUT -> {
                    reject(null, Protocol.CODE_BAD_REQUEST, "incomplete request: no newline within "
                            + halfLineMillis / 1000.0 + " s of its first byte; closing the connection");
                    stop();
                    return;
                }
                case TOO_LONG -> reject(null, Protocol.CODE_BAD_REQUEST, "request longer than "
                        + Protocol.MAX_REQUEST_BYTES + " bytes");
                case NOT_UTF8 -> reject(null, Protocol.CODE_BAD_REQUEST, "request is not UTF-8 text");
                case LINE -> {
                    if (!line.text().isBlank()) {
                        accept(line.text());
                    }
                }
            }
        }
    }

    /** Cancels every running request (also used on SIGTERM). */
    public void cancelAll() {
        jobs.values().forEach(Job::cancel);
    }

    private void stop() {
        workers.shutdown();
        try {
            workers.awaitTermination(1, TimeUnit.HOURS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void accept(String text) {
        Request r;
        try {
            r = parser.parse(text);
        } catch (RefusedException e) {
            reject(e.requestId(), e.code(), e.getMessage());
            return;
        }
        log.request(r.id(), r.toString());
        if (r instanceof Request.Cancel c) {
            // jobs holds this connection's running requests only: a cancel cannot reach anyone else's
            Job target = jobs.get(c.target());
            if (target != null) {
                target.cancel();
            }
            JsonNode result = writer.object().put(Protocol.Reply.TARGET, c.target()).put(Protocol.Reply.CANCELLED, target != null);
            writer.result(r.id(), result);
            log.outcome(r.id(), target != null ? "cancelling " + c.target() : "nothing to cancel", System.nanoTime());
            return;
        }
        Job job = new Job(r.id());
        if (jobs.size() >= MAX_RUNNING) {
            reject(r.id(), Protocol.CODE_BUSY, "too many requests running (" + MAX_RUNNING + ")");
            return;
        }
        if (jobs.putIfAbsent(r.id(), job) != null) {
            reject(r.id(), Protocol.CODE_BAD_REQUEST, "request id " + r.id() + " is in use");
            return;
        }
        boolean podmanChange = r instanceof Request.Checkpoint || r instanceof Request.Restore;
        if (podmanChange && !podmanJob.compareAndSet(null, r.id())) {
            jobs.remove(r.id());
            reject(r.id(), Protocol.CODE_BUSY, "a checkpoint or restore is running already (request "
                    + podmanJob.get() + "); one at a time");
            return;
        }
        workers.execute(() -> execute(r, job, podmanChange));
    }

    /** Runs r; its slot is given back before the answer is written, so the client may send the next at once. */
    private void execute(Request r, Job job, boolean podmanChange) {
        long start = System.nanoTime();
        Runnable release = () -> {
            jobs.remove(r.id());
            if (podmanChange) {
                podmanJob.compareAndSet(r.id(), null);
            }
        };
        try {
            JsonNode result = handlers.handle(r, job, message -> writer.progress(r.id(), message));
            release.run();
            writer.result(r.id(), result);
            log.outcome(r.id(), "ok", start);
        } catch (RefusedException e) {
            release.run();
            writer.error(r.id(), e.code(), e.getMessage());
            log.outcome(r.id(), e.code() + ": " + e.getMessage(), start);
        } catch (IOException | RuntimeException e) {
            release.run();
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            String code = job.cancelled() ? Protocol.CODE_CANCELLED : Protocol.CODE_FAILED;
            try {
                writer.error(r.id(), code, message);
            } catch (UncheckedIOException gone) {
                // the client went away
            }
            log.outcome(r.id(), code + ": " + message, start);
        } finally {
            release.run();
        }
    }

    private void reject(String id, String code, String message) {
        writer.error(id, code, message);
        log.info("request " + (id == null ? "(no id)" : id) + " -> " + code + ": " + message);
    }
}
