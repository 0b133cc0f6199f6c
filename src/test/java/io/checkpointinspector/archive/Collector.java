package io.checkpointinspector.archive;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A visitor that records entries, their full content, and the progress calls. */
class Collector implements EntryVisitor {

    final List<EntryInfo> entries = new ArrayList<>();
    final Map<String, byte[]> content = new LinkedHashMap<>();
    final List<long[]> progress = new ArrayList<>();
    final List<String> progressEntries = new ArrayList<>();

    @Override
    public void visit(EntryInfo entry, InputStream in) throws IOException {
        entries.add(entry);
        content.put(entry.name(), in.readAllBytes());
    }

    /** Like every real consumer: a cut entry is dropped. */
    @Override
    public void cutShort(EntryInfo entry) {
        entries.remove(entry);
        content.remove(entry.name());
    }

    @Override
    public void progress(long bytesDone, long bytesTotal, String currentEntry) {
        progress.add(new long[] {bytesDone, bytesTotal});
        progressEntries.add(currentEntry);
    }

    List<String> names() {
        return entries.stream().map(EntryInfo::name).toList();
    }

    static Collector scan(CheckpointSource source) throws IOException {
        Collector c = new Collector();
        source.scan(c);
        return c;
    }
}
