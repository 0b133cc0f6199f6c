package io.checkpointinspector.report;

import io.checkpointinspector.inspect.CheckpointInspector;
import io.checkpointinspector.inspect.InspectListener;
import io.checkpointinspector.model.Checkpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/** Builds a {@link ReportData}: reads the checkpoint and hashes the source file at the same time. */
public final class Reports {

    private final Clock clock;

    public Reports(Clock clock) {
        this.clock = clock;
    }

    /** Inspects source (hashing it on another thread) and returns the report's content. */
    public ReportData build(Path source, InspectListener listener, List<PinnedHit> pinned) throws IOException {
        CompletableFuture<String> hash = CompletableFuture.supplyAsync(() -> {
            try {
                return sha256(source, listener::isCancelled);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Checkpoint c = new CheckpointInspector().inspect(source, listener);
        return of(c, source, join(hash), pinned);
    }

    /** For a checkpoint already read (the window): hashes the source file here. */
    public ReportData of(Checkpoint c, Path source, List<PinnedHit> pinned, BooleanSupplier cancelled)
            throws IOException {
        return of(c, source, sha256(source, cancelled), pinned);
    }

    private ReportData of(Checkpoint c, Path source, String sha, List<PinnedHit> pinned) {
        String note = sha != null ? null : "a directory source: no single file to hash";
        return new ReportData(c, sha, note, Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString(),
                toolVersion(), pinned);
    }

    private static String join(CompletableFuture<String> hash) throws IOException {
        try {
            return hash.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw e;
        }
    }

    /** SHA-256 of a regular file as lower-case hex; null for a directory. Links are not followed. */
    public static String sha256(Path file, BooleanSupplier cancelled) throws IOException {
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("hashing " + file + " cancelled");
                }
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    public static String toolVersion() {
        String v = Reports.class.getPackage().getImplementationVersion();
        return "checkpoint-inspector " + (v == null ? "(development build)" : v);
    }

    /** The JSON form: the inspect contract's keys, then "report" with the report's own facts. */
    public static Map<String, Object> jsonModel(ReportData r) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (RecordComponent c : Checkpoint.class.getRecordComponents()) {
            try {
                m.put(c.getName(), c.getAccessor().invoke(r.checkpoint()));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("sourceSha256", r.sourceSha256());
        report.put("hashNote", r.hashNote());
        report.put("generated", r.generated());
        report.put("toolVersion", r.toolVersion());
        report.put("pinnedHits", r.pinnedHits());
        m.put("report", report);
        return m;
    }
}
