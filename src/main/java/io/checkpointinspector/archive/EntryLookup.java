package io.checkpointinspector.archive;

import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one way a random-access store finds its entries: in archive order, and by name the way
 * {@link EntryNames#lookupKey} normalises it (a later entry of the same name wins, as when a tar is extracted).
 */
final class EntryLookup<T> {

    private final List<T> items;
    private final List<EntryInfo> infos;
    private final Map<String, T> byName;

    EntryLookup(List<T> items, Function<T, EntryInfo> info) {
        this.items = List.copyOf(items);
        List<EntryInfo> list = new ArrayList<>(items.size());
        Map<String, T> map = new HashMap<>(items.size() * 2);
        for (T item : items) {
            EntryInfo i = info.apply(item);
            list.add(i);
            map.put(i.name(), item);
        }
        this.infos = Collections.unmodifiableList(list);
        this.byName = map;
    }

    List<T> items() {
        return items;
    }

    List<EntryInfo> infos() {
        return infos;
    }

    Optional<T> find(String name) {
        String key = name == null ? null : EntryNames.lookupKey(name);
        return key == null ? Optional.empty() : Optional.ofNullable(byName.get(key));
    }

    /** The entry of that name; NoSuchFileException naming it when there is none. */
    T require(String name) throws NoSuchFileException {
        return find(name).orElseThrow(() -> new NoSuchFileException(String.valueOf(name)));
    }
}
