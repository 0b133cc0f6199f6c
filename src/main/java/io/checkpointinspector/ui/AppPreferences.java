package io.checkpointinspector.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/** What the window remembers across runs: recent checkpoints, window bounds, theme. */
public final class AppPreferences {

    /** Where a window was, in screen coordinates. */
    public record WindowBounds(double x, double y, double width, double height, boolean maximized) {
    }

    private static final int MAX_RECENT = 12;
    private final Preferences node;

    public AppPreferences(Preferences node) {
        this.node = node;
    }

    /** The user's preferences of this application. */
    public static AppPreferences user() {
        return new AppPreferences(Preferences.userRoot().node("io/checkpointinspector"));
    }

    public List<String> recent() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < MAX_RECENT; i++) {
            String p = node.get("recent." + i, null);
            if (p != null && !p.isBlank()) {
                out.add(p);
            }
        }
        return out;
    }

    public void setRecent(List<String> paths) {
        write(() -> {
            for (int i = 0; i < MAX_RECENT; i++) {
                if (i < paths.size()) {
                    node.put("recent." + i, paths.get(i));
                } else {
                    node.remove("recent." + i);
                }
            }
        });
    }

    public int maxRecent() {
        return MAX_RECENT;
    }

    public WindowBounds window() {
        double w = node.getDouble("window.width", -1);
        double h = node.getDouble("window.height", -1);
        if (w <= 0 || h <= 0) {
            return null;
        }
        return new WindowBounds(node.getDouble("window.x", Double.NaN), node.getDouble("window.y", Double.NaN), w, h,
                node.getBoolean("window.maximized", false));
    }

    public void setWindow(WindowBounds b) {
        write(() -> {
            node.putDouble("window.x", b.x());
            node.putDouble("window.y", b.y());
            node.putDouble("window.width", b.width());
            node.putDouble("window.height", b.height());
            node.putBoolean("window.maximized", b.maximized());
        });
    }

    public boolean darkTheme() {
        return node.getBoolean("theme.dark", false);
    }

    public void setDarkTheme(boolean dark) {
        write(() -> node.putBoolean("theme.dark", dark));
    }

    private void write(Runnable change) {
        try {
            change.run();
            node.flush();
        } catch (BackingStoreException | IllegalStateException e) {
            // Not remembering (read-only home, node removed) is no reason to fail the window.
        }
    }
}
