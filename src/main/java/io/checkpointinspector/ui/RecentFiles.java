package io.checkpointinspector.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** Recently opened checkpoints, newest first, remembered across runs. */
public final class RecentFiles {

    private final AppPreferences prefs;
    private final ObservableList<Path> items = FXCollections.observableArrayList();

    public RecentFiles(AppPreferences prefs) {
        this.prefs = prefs;
        for (String p : prefs.recent()) {
            try {
                items.add(Path.of(p));
            } catch (java.nio.file.InvalidPathException e) {
                // A stored path this system cannot read is dropped.
            }
        }
    }

    public ObservableList<Path> items() {
        return FXCollections.unmodifiableObservableList(items);
    }

    public void add(Path path) {
        Path p = path.toAbsolutePath().normalize();
        items.remove(p);
        items.add(0, p);
        while (items.size() > prefs.maxRecent()) {
            items.remove(items.size() - 1);
        }
        save();
    }

    public void remove(Path path) {
        items.remove(path);
        save();
    }

    public void clear() {
        items.clear();
        save();
    }

    private void save() {
        List<String> paths = new ArrayList<>();
        items.forEach(p -> paths.add(p.toString()));
        prefs.setRecent(paths);
    }
}
