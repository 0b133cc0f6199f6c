package io.checkpointinspector.ui.common;

import io.checkpointinspector.text.Units;
import java.util.List;
import javafx.scene.layout.Region;

/** A horizontal bar split into coloured parts proportional to their values; each part has a tooltip. */
public final class StackedBar extends Region {

    /** One part; styleClass gives its colour. */
    public record Part(String label, long value, String styleClass) {
    }

    private static final double MIN_PART = 3;
    private List<Part> parts = List.of();

    public StackedBar() {
        getStyleClass().add("stacked-bar");
        setMinHeight(22);
        setPrefHeight(26);
    }

    public void setParts(List<Part> newParts) {
        parts = List.copyOf(newParts);
        getChildren().clear();
        for (Part p : parts) {
            Region r = new Region();
            r.getStyleClass().addAll("bar-part", p.styleClass());
            Tips.text(r, p.label() + ": " + Units.bytes(p.value()) + " (" + Units.exactBytes(p.value()) + ")");
            getChildren().add(r);
        }
        requestLayout();
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth() - snappedLeftInset() - snappedRightInset();
        double h = getHeight() - snappedTopInset() - snappedBottomInset();
        long total = parts.stream().mapToLong(p -> Math.max(0, p.value())).sum();
        int visible = (int) parts.stream().filter(p -> p.value() > 0).count();
        double spare = Math.max(0, w - visible * MIN_PART);
        double x = snappedLeftInset();
        for (int i = 0; i < parts.size(); i++) {
            long v = Math.max(0, parts.get(i).value());
            double pw = v == 0 || total == 0 ? 0 : MIN_PART + spare * v / total;
            Region r = (Region) getChildren().get(i);
            r.resizeRelocate(snapPositionX(x), snappedTopInset(), snapSizeX(pw), h);
            r.setVisible(pw > 0);
            x += pw;
        }
    }
}
