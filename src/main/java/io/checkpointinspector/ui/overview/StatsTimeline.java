package io.checkpointinspector.ui.overview;

import io.checkpointinspector.ui.common.Tips;
import io.checkpointinspector.text.Units;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;

/** The dump phases as bars on one time axis, each labelled with its duration. */
final class StatsTimeline extends Region {

    private static final double ROW = 24;
    private static final double GAP = 6;
    private static final double NAME_WIDTH = 110;
    private static final double VALUE_WIDTH = 80;

    private final List<OverviewModel.Phase> phases;
    private final long total;
    private final List<Label> names = new ArrayList<>();
    private final List<Region> bars = new ArrayList<>();
    private final List<Label> values = new ArrayList<>();

    StatsTimeline(List<OverviewModel.Phase> phases, long totalMicros) {
        this.phases = List.copyOf(phases);
        this.total = Math.max(1, totalMicros);
        getStyleClass().add("stats-timeline");
        for (OverviewModel.Phase p : phases) {
            Label name = new Label(p.name());
            name.getStyleClass().add("key");
            Region bar = new Region();
            bar.getStyleClass().addAll("timeline-bar", p.styleClass());
            String text = Units.micros(p.durationUs());
            Tips.text(bar, p.name() + ": " + text + (p.durationUs() == null ? ""
                    : ", from " + Units.micros(p.startUs()) + " to " + Units.micros(p.startUs() + p.durationUs())));
            Label value = new Label(text);
            value.getStyleClass().add("value");
            names.add(name);
            bars.add(bar);
            values.add(value);
        }
        getChildren().addAll(names);
        getChildren().addAll(bars);
        getChildren().addAll(values);
    }

    @Override
    protected double computePrefHeight(double width) {
        return snappedTopInset() + snappedBottomInset() + phases.size() * (ROW + GAP);
    }

    @Override
    protected double computePrefWidth(double height) {
        return 520;
    }

    @Override
    protected void layoutChildren() {
        double left = snappedLeftInset();
        double trackX = left + NAME_WIDTH;
        double trackW = Math.max(40, getWidth() - snappedRightInset() - trackX - VALUE_WIDTH - 8);
        double y = snappedTopInset();
        for (int i = 0; i < phases.size(); i++) {
            OverviewModel.Phase p = phases.get(i);
            names.get(i).resizeRelocate(left, y, NAME_WIDTH - 8, ROW);
            double x0 = trackX + trackW * p.startUs() / total;
            double w = p.durationUs() == null ? 0 : Math.max(2, trackW * p.durationUs() / total);
            bars.get(i).resizeRelocate(snapPositionX(x0), y + 4, snapSizeX(w), ROW - 8);
            bars.get(i).setVisible(p.durationUs() != null);
            values.get(i).resizeRelocate(snapPositionX(x0 + w + 6), y, VALUE_WIDTH, ROW);
            y += ROW + GAP;
        }
    }
}
