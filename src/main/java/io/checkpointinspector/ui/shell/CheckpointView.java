package io.checkpointinspector.ui.shell;

import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.ui.common.Controls;
import io.checkpointinspector.ui.common.ErrorText;
import io.checkpointinspector.ui.log.LogView;
import io.checkpointinspector.ui.memory.MemoryView;
import io.checkpointinspector.ui.overview.OverviewView;
import io.checkpointinspector.ui.processes.ProcessesView;
import io.checkpointinspector.ui.raw.RawImagesView;
import io.checkpointinspector.ui.rootfs.RootfsView;
import io.checkpointinspector.ui.session.InspectorView;
import io.checkpointinspector.ui.session.ViewContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;

/** The views of a loaded checkpoint as tabs; each view is built the first time its tab is selected. */
public final class CheckpointView extends BorderPane {

    /** A view: its id (for tests and styles), tab title and factory. */
    private record ViewSpec(String id, String title, Function<ViewContext, InspectorView> factory) {
    }

    private static final List<ViewSpec> VIEWS = List.of(
            new ViewSpec("overview", "Overview", OverviewView::new),
            new ViewSpec("processes", "Processes", ProcessesView::new),
            new ViewSpec("memory", "Memory", MemoryView::new),
            new ViewSpec("rootfs", "Root FS changes", RootfsView::new),
            new ViewSpec("raw", "Raw images", RawImagesView::new),
            new ViewSpec("log", "Log", LogView::new));

    private final ViewContext context;
    private final TabPane tabs = new TabPane();
    private final Map<Tab, InspectorView> built = new HashMap<>();
    private final Map<Tab, ViewSpec> specs = new HashMap<>();

    public CheckpointView(ViewContext context) {
        this.context = context;
        getStyleClass().add("checkpoint-view");
        Checkpoint c = context.checkpoint();
        if (!c.warnings().isEmpty()) {
            setTop(new WarningsBanner(c.warnings()));
        }
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getStyleClass().add("view-tabs");
        tabs.setId("view-tabs");
        for (ViewSpec spec : VIEWS) {
            Tab tab = new Tab(title(spec, c));
            tab.setId("tab-" + spec.id());
            specs.put(tab, spec);
            tabs.getTabs().add(tab);
        }
        tabs.getSelectionModel().selectedItemProperty().addListener((o, old, tab) -> ensureBuilt(tab));
        ensureBuilt(tabs.getTabs().get(0));
        setCenter(tabs);
    }

    /** Selects view i (0 = Overview). */
    public void select(int i) {
        if (i >= 0 && i < tabs.getTabs().size()) {
            tabs.getSelectionModel().select(i);
        }
    }

    public void select(String id) {
        for (Tab t : tabs.getTabs()) {
            if (t.getId().equals("tab-" + id)) {
                tabs.getSelectionModel().select(t);
            }
        }
    }

    public Node overviewNode() {
        return tabs.getTabs().get(0).getContent();
    }

    public void focusSearch() {
        InspectorView v = built.get(tabs.getSelectionModel().getSelectedItem());
        if (v != null) {
            v.focusSearch();
        }
    }

    private void ensureBuilt(Tab tab) {
        if (tab == null || built.containsKey(tab)) {
            return;
        }
        ViewSpec spec = specs.get(tab);
        try {
            long start = System.nanoTime();
            InspectorView view = spec.factory().apply(context);
            built.put(tab, view);
            tab.setContent(view.node());
            if (Boolean.getBoolean("checkpointinspector.timing") && getScene() != null) {
                reportShown(spec.id(), start);
            }
        } catch (RuntimeException e) {
            context.failures().record("building the " + spec.title() + " view", e);
            tab.setContent(Controls.placeholder("This view cannot be shown: " + ErrorText.of(e)));
        }
    }

    /** Prints how long a view took until the frame after its first layout (diagnostics for speed work). */
    private void reportShown(String id, long start) {
        javafx.scene.Scene scene = getScene();
        int[] pulses = {0};
        Runnable[] listener = new Runnable[1];
        listener[0] = () -> {
            if (++pulses[0] == 2) {
                scene.removePreLayoutPulseListener(listener[0]);
                System.err.printf(java.util.Locale.ROOT, "timing: view %s on screen after %.1f ms%n", id,
                        (System.nanoTime() - start) / 1e6);
            }
        };
        scene.addPreLayoutPulseListener(listener[0]);
        javafx.application.Platform.requestNextPulse();
    }

    private static String title(ViewSpec spec, Checkpoint c) {
        return switch (spec.id()) {
            case "processes" -> spec.title() + " · " + c.processes().size();
            case "rootfs" -> spec.title() + " · " + (c.rootfsDiff().entries().size() + c.rootfsDiff().deleted().size());
            case "raw" -> spec.title() + " · " + c.entries().size();
            default -> spec.title();
        };
    }
}
