package io.checkpointinspector.inspect;

import io.checkpointinspector.archive.CheckpointFormatException;
import io.checkpointinspector.archive.CheckpointSource;
import io.checkpointinspector.archive.CheckpointSources;
import io.checkpointinspector.archive.EntryInfo;
import io.checkpointinspector.archive.EntryVisitor;
import io.checkpointinspector.archive.NestedTar;
import io.checkpointinspector.archive.RandomAccessEntries;
import io.checkpointinspector.model.Checkpoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * Source → model. Compressed sources are read in exactly one sequential pass; random-access sources (plain tars,
 * directories, uncompressed image layers) have only their small entries read, and memory pages are read in place.
 */
public final class CheckpointInspector {

    private final NestedTar.Hashing rootfsHashing;

    /** Hashes the rootfs diff's small files ({@link NestedTar.Hashing#SMALL}) while reading. */
    public CheckpointInspector() {
        this(NestedTar.Hashing.SMALL);
    }

    /** rootfsHashing: which regular files of the rootfs diff get their SHA-256 in the one pass. */
    public CheckpointInspector(NestedTar.Hashing rootfsHashing) {
        this.rootfsHashing = rootfsHashing;
    }

    /** Reads the checkpoint at path into the model; throws {@link CheckpointFormatException} when it is unreadable. */
    public Checkpoint inspect(Path path, InspectListener listener) throws IOException {
        try (CheckpointSource source = CheckpointSources.open(path)) {
            return inspect(source, listener);
        }
    }

    public Checkpoint inspect(CheckpointSource source, InspectListener listener) throws IOException {
        EntryCollector collector = new EntryCollector(source.path(), rootfsHashing);
        ArgsRecovery args = new ArgsRecovery(collector.images());
        Optional<RandomAccessEntries> random = source.randomAccess();
        if (random.isPresent()) {
            readInPlace(source, random.get(), collector, args, listener);
        } else {
            source.scan(visitor(listener, (entry, content) ->
                    collector.accept(entry, content, (name, e, in) -> args.onPages(name, in)), entry -> {
                        collector.forget(entry);
                        if (entry.name().startsWith(SideFiles.CHECKPOINT_DIR)) {
                            args.forget(entry.name().substring(SideFiles.CHECKPOINT_DIR.length()));
                        }
                    }));
            Set<String> again = args.pagesNeedingSecondPass();
            if (!again.isEmpty()) {
                collector.warnings().add("pages images came before their pagemap in the archive, or are named by a pagemap of a pid outside the"
                        + " process tree too; read "
                        + again + " in a second pass");
                source.scan(visitor(listener, (entry, content) -> {
                    if (entry.name().startsWith(SideFiles.CHECKPOINT_DIR)
                            && again.contains(entry.name().substring(SideFiles.CHECKPOINT_DIR.length()))) {
                        args.onPagesSecondPass(entry.name().substring(SideFiles.CHECKPOINT_DIR.length()), content);
                    }
                }, entry -> { }));
            }
        }
        return new ModelBuilder(source, collector, args).build();
    }

    private static void readInPlace(CheckpointSource source, RandomAccessEntries entries, EntryCollector collector,
            ArgsRecovery args, InspectListener listener) throws IOException {
        long total = 0;
        for (EntryInfo e : entries.entries()) {
            total += e.size();
        }
        long done = 0;
        for (EntryInfo e : entries.entries()) {
            if (listener.isCancelled()) {
                throw new CancellationException("inspection of " + source.path() + " cancelled");
            }
            listener.progress(done, total, e.name());
            try (InputStream in = e.isFile() ? entries.open(e.name()) : InputStream.nullInputStream()) {
                // Pages are not read here: only the ranges the model needs are, below.
                collector.accept(e, in, (name, entry, content) -> { });
            }
            done += e.size();
        }
        args.readInPlace(entries);
        listener.progress(total, total, null);
    }

    @FunctionalInterface
    private interface EntryHandler {
        void handle(EntryInfo entry, InputStream content) throws IOException;
    }

    private static EntryVisitor visitor(InspectListener listener, EntryHandler handler,
            java.util.function.Consumer<EntryInfo> cut) {
        return new EntryVisitor() {
            @Override
            public void visit(EntryInfo entry, InputStream content) throws IOException {
                handler.handle(entry, content);
            }

            @Override
            public void cutShort(EntryInfo entry) {
                cut.accept(entry);
            }

            @Override
            public boolean isCancelled() {
                return listener.isCancelled();
            }

            @Override
            public void progress(long bytesDone, long bytesTotal, String currentEntry) {
                listener.progress(bytesDone, bytesTotal, currentEntry);
            }
        };
    }
}
