package io.checkpointinspector.archive;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A {@link CheckpointSource} put together by the openers: what was found, plus the store that reads entries. */
final class DefaultCheckpointSource implements CheckpointSource {

    /** Everything known about a source when it is opened. */
    record Facts(Path path, SourceKind kind, Compression compression, String description, long bytes,
            Map<String, String> annotations) {
    }

    private final Facts facts;
    private final Warnings warnings;
    private final EntryStore store;
    private final List<Closeable> resources;
    private final ContainerdImage containerd;
    private volatile boolean closed;

    DefaultCheckpointSource(Facts facts, Warnings warnings, EntryStore store, List<Closeable> resources) {
        this(facts, warnings, store, resources, null);
    }

    DefaultCheckpointSource(Facts facts, Warnings warnings, EntryStore store, List<Closeable> resources,
            ContainerdImage containerd) {
        this.containerd = containerd;
        this.facts = facts;
        this.warnings = warnings;
        this.store = store;
        this.resources = new ArrayList<>(resources);
    }

    @Override
    public Path path() {
        return facts.path();
    }

    @Override
    public SourceKind kind() {
        return facts.kind();
    }

    @Override
    public Compression compression() {
        return facts.compression();
    }

    @Override
    public String description() {
        return facts.description();
    }

    @Override
    public long bytes() {
        return facts.bytes();
    }

    @Override
    public Map<String, String> annotations() {
        return facts.annotations();
    }

    @Override
    public Optional<ContainerdImage> containerd() {
        return Optional.ofNullable(containerd);
    }

    @Override
    public List<String> warnings() {
        return warnings.snapshot();
    }

    @Override
    public Optional<String> cut() {
        return Optional.ofNullable(warnings.cut());
    }

    @Override
    public void scan(EntryVisitor visitor) throws IOException {
        Objects.requireNonNull(visitor, "visitor");
        ensureOpen();
        store.scan(visitor);
    }

    @Override
    public Optional<RandomAccessEntries> randomAccess() throws IOException {
        ensureOpen();
        return store.randomAccess();
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException(facts.path() + ": source is closed");
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        IOException failure = null;
        for (Closeable c : resources) {
            try {
                c.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return facts.kind() + " " + facts.path() + " (" + facts.description() + ")";
    }
}
