package io.checkpointinspector.ui.memory;

import io.checkpointinspector.model.Vma;
import io.checkpointinspector.text.Units;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

/**
 * A process's memory areas in address order as one bar, each area as wide as its share of the mapped size (at
 * least a couple of pixels, so small ones stay visible), coloured by kind; the dumped part of an area is the
 * solid lower band, the part kept in the parent checkpoint (a pre-dump chain's child) a hatched slate band above
 * it. Drawn on a canvas so thousands of areas cost nothing to lay out.
 */
final class VmaStrip extends Region {

    private static final double MIN_WIDTH = 2;
    private static final double HEIGHT = 44;
    private static final Map<String, Color> COLORS = Map.of(
            "heap", Color.web("#e8833a"), "stack", Color.web("#9b59b6"), "file", Color.web("#3a7bd5"),
            "anon", Color.web("#2eaa6b"), "shared", Color.web("#16a3a3"), "vdso", Color.web("#8d99a6"));

    /** The hatch of bytes kept in the parent checkpoint: slate with white stripes, unlike every kind's colour. */
    static final Color IN_PARENT = Color.web("#4f5b6b");

    private final Canvas canvas = new Canvas();
    private List<Vma> vmas = List.of();
    private double[] starts = new double[0];
    private double[] widths = new double[0];
    private Consumer<Vma> onHover = v -> { };

    VmaStrip() {
        getStyleClass().add("vma-strip");
        getChildren().add(canvas);
        setMinHeight(HEIGHT);
        setPrefHeight(HEIGHT);
        canvas.setOnMouseMoved(e -> onHover.accept(at(e.getX())));
        canvas.setOnMouseExited(e -> onHover.accept(null));
    }

    void setOnHover(Consumer<Vma> handler) {
        onHover = handler;
    }

    void setVmas(List<Vma> list) {
        vmas = List.copyOf(list);
        requestLayout();
        draw();
    }

    static Color color(String kind) {
        return COLORS.getOrDefault(kind, COLORS.get("anon"));
    }

    @Override
    protected void layoutChildren() {
        double w = snapSizeX(getWidth() - snappedLeftInset() - snappedRightInset());
        double h = snapSizeY(getHeight() - snappedTopInset() - snappedBottomInset());
        canvas.relocate(snappedLeftInset(), snappedTopInset());
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(Math.max(0, w));
            canvas.setHeight(Math.max(0, h));
        }
        draw();
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        if (w <= 0 || vmas.isEmpty()) {
            return;
        }
        List<Long> sizes = new ArrayList<>(vmas.size());
        long total = 0;
        for (Vma v : vmas) {
            long s = VmaFacts.size(v);
            sizes.add(s);
            total += s;
        }
        double min = Math.min(MIN_WIDTH, w / vmas.size());
        double spare = Math.max(0, w - min * vmas.size());
        starts = new double[vmas.size()];
        widths = new double[vmas.size()];
        double x = 0;
        for (int i = 0; i < vmas.size(); i++) {
            double vw = min + (total == 0 ? 0 : spare * sizes.get(i) / total);
            starts[i] = x;
            widths[i] = vw;
            Vma v = vmas.get(i);
            Color c = color(v.kind());
            g.setFill(c.deriveColor(0, 0.45, 1.25, 1));
            g.fillRect(x, 0, vw, h);
            double dumpedShare = sizes.get(i) == 0 ? 0 : Math.min(1, (double) v.dumpedBytes() / sizes.get(i));
            double dh = 0;
            if (dumpedShare > 0) {
                dh = Math.max(3, h * dumpedShare);
                g.setFill(c);
                g.fillRect(x, h - dh, vw, dh);
            }
            double parentShare = sizes.get(i) == 0 ? 0 : Math.min(1, (double) v.inParentBytes() / sizes.get(i));
            if (parentShare > 0) {
                double ph = Math.min(h - dh, Math.max(3, h * parentShare));
                hatch(g, x, h - dh - ph, vw, ph);
            }
            if (vw >= 4) {
                g.setStroke(Color.rgb(255, 255, 255, 0.8));
                g.strokeLine(x + vw - 0.5, 0, x + vw - 0.5, h);
            }
            x += vw;
        }
    }

    /** The in-parent hatch over x, y, w, h (also drawn as the legend's swatch). */
    static void hatch(GraphicsContext g, double x, double y, double w, double h) {
        if (w <= 0 || h <= 0) {
            return;
        }
        g.save();
        g.beginPath();
        g.rect(x, y, w, h);
        g.clip();
        g.setFill(IN_PARENT);
        g.fillRect(x, y, w, h);
        g.setStroke(Color.rgb(255, 255, 255, 0.75));
        g.setLineWidth(1.2);
        for (double s = x - h; s < x + w; s += 5) {
            g.strokeLine(s, y + h, s + h, y);
        }
        g.restore();
    }

    /** A legend swatch of the in-parent hatch. */
    static Canvas hatchSwatch() {
        Canvas c = new Canvas(14, 14);
        hatch(c.getGraphicsContext2D(), 0, 0, 14, 14);
        return c;
    }

    private Vma at(double x) {
        for (int i = 0; i < starts.length && i < vmas.size(); i++) {
            if (x >= starts[i] && x < starts[i] + widths[i]) {
                return vmas.get(i);
            }
        }
        return null;
    }

    static String describe(Vma v) {
        return v.start() + "–" + v.end() + "   " + Units.bytes(VmaFacts.size(v)) + "   " + v.prot() + "   "
                + VmaFacts.displayName(v.kind()) + "   " + VmaFacts.label(v) + "   dumped " + Units.bytes(v.dumpedBytes())
                + (v.inParentBytes() > 0 ? "   in the parent " + Units.bytes(v.inParentBytes()) : "");
    }
}
