package io.checkpointinspector.ui.rootfs;

import io.checkpointinspector.inspect.RootfsIndex;
import io.checkpointinspector.inspect.RootfsTimeline;

import io.checkpointinspector.model.RootfsEntry;
import io.checkpointinspector.text.Units;
import io.checkpointinspector.ui.common.Columns;
import io.checkpointinspector.ui.common.Controls;
import io.checkpointinspector.ui.common.TableCopy;
import io.checkpointinspector.ui.common.Tips;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javafx.collections.FXCollections;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Pane;
import javafx.scene.shape.Line;
import javafx.scene.shape.Rectangle;

/**
 * The rootfs changes by modification time, between the container's creation and the checkpoint (both as rows of
 * their own), with a strip that places each on a time line; "Changed since the container was created" hides the
 * older ones.
 */
final class RootfsTimelinePane {

    private final RootfsTimeline timeline;
    private final TableView<RootfsTimeline.Row> table = new TableView<>();
    private final CheckBox sinceCreation = new CheckBox("Changed since the container was created");
    private final Label count = Controls.styled("", "muted");
    private final Pane strip = new Pane();
    private final BorderPane root = new BorderPane();

    RootfsTimelinePane(RootfsTimeline timeline) {
        this.timeline = timeline;
        table.setId("rootfs-timeline");
        TableColumn<RootfsTimeline.Row, Instant> when = new TableColumn<>("Modified (UTC)");
        when.setCellValueFactory(d -> new javafx.beans.property.ReadOnlyObjectWrapper<>(d.getValue().time()));
        when.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Instant t, boolean empty) {
                super.updateItem(t, empty);
                setText(empty || t == null ? null : RootfsColumns.time(t));
            }
        });
        when.setPrefWidth(190);
        table.getColumns().add(when);
        TableColumn<RootfsTimeline.Row, String> relative = Columns.text("From creation", this::relative, 130);
        relative.setComparator(Comparator.nullsFirst(Comparator.naturalOrder()));
        relative.setSortable(false);
        table.getColumns().add(relative);
        TableColumn<RootfsTimeline.Row, String> what = Columns.text("Change", RootfsTimelinePane::what, 300);
        table.getColumns().add(what);
        table.getColumns().add(Columns.text("Type", r -> RootfsColumns.type(r.entry()), 80));
        table.getColumns().add(Columns.text("Mode", r -> r.entry() == null ? "" : r.entry().modeText(), 92));
        table.getColumns().add(Columns.text("Owner", r -> RootfsColumns.owner(r.entry()), 90));
        table.getColumns().add(Columns.text("Flags", r -> r.entry() == null ? ""
                : String.join(", ", r.entry().flags()), 120));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(RootfsTimeline.Row r, boolean empty) {
                super.updateItem(r, empty);
                getStyleClass().removeAll("timeline-mark", "timeline-alert");
                if (!empty && r != null) {
                    if (r.mark() != RootfsTimeline.Mark.ENTRY) {
                        getStyleClass().add("timeline-mark");
                    } else if (RootfsColumns.alarming(r.entry())) {
                        getStyleClass().add("timeline-alert");
                    }
                }
            }
        });
        table.setPlaceholder(Controls.placeholder(timeline.entries() == 0
                ? "No entry of the rootfs diff records a time." : "No change after the container was created."));
        TableCopy.install(table);

        sinceCreation.setId("rootfs-since-creation");
        sinceCreation.setDisable(timeline.created() == null);
        Tips.text(sinceCreation, timeline.created() == null
                ? "The checkpoint does not record when the container was created."
                : "The checkpoint records when the container was created, not when it started (which follows). "
                + "Tar times are often whole seconds: an entry of the creation's second counts as after it.");
        sinceCreation.selectedProperty().addListener((o, a, b) -> fill());
        count.setId("rootfs-timeline-count");
        strip.setId("rootfs-timeline-strip");
        strip.getStyleClass().add("timeline-strip");
        strip.setPrefHeight(34);
        strip.setMinHeight(34);
        strip.widthProperty().addListener((o, a, b) -> drawStrip());
        root.setTop(Controls.toolbar(sinceCreation, count));
        root.setCenter(table);
        root.setBottom(strip);
        fill();
    }

    Node node() {
        return root;
    }

    private void fill() {
        List<RootfsTimeline.Row> rows = timeline.rows(sinceCreation.isSelected());
        table.setItems(FXCollections.observableArrayList(rows));
        long entries = rows.stream().filter(r -> r.mark() == RootfsTimeline.Mark.ENTRY).count();
        count.setText(sinceCreation.isSelected()
                ? Units.count(entries) + " of " + Units.count(timeline.entries()) + " entries"
                : Units.count(entries) + (entries == 1 ? " entry" : " entries") + markText());
        drawStrip();
    }

    private String markText() {
        StringBuilder sb = new StringBuilder();
        if (timeline.created() != null) {
            sb.append("  ·  created ").append(RootfsColumns.time(timeline.created()));
        }
        if (timeline.checkpointed() != null) {
            sb.append("  ·  checkpointed ").append(RootfsColumns.time(timeline.checkpointed()));
        }
        return sb.toString();
    }

    /** Ticks for the shown rows on a line from the earliest to the latest time; the two marks taller. */
    private void drawStrip() {
        strip.getChildren().clear();
        List<RootfsTimeline.Row> rows = table.getItems();
        double w = strip.getWidth();
        if (rows.isEmpty() || w <= 40) {
            return;
        }
        Instant first = rows.get(0).time();
        Instant last = rows.get(0).time();
        for (RootfsTimeline.Row r : rows) {
            first = r.time().isBefore(first) ? r.time() : first;
            last = r.time().isAfter(last) ? r.time() : last;
        }
        double span = Math.max(1, Duration.between(first, last).toMillis());
        double left = 12;
        double width = w - 24;
        Line axis = new Line(left, 24, left + width, 24);
        axis.getStyleClass().add("timeline-axis");
        strip.getChildren().add(axis);
        for (RootfsTimeline.Row r : rows) {
            double x = left + width * Duration.between(first, r.time()).toMillis() / span;
            boolean mark = r.mark() != RootfsTimeline.Mark.ENTRY;
            Rectangle tick = new Rectangle(x - (mark ? 1.5 : 1), mark ? 4 : 14, mark ? 3 : 2, mark ? 26 : 14);
            tick.getStyleClass().add(mark ? "timeline-mark-tick"
                    : RootfsColumns.alarming(r.entry()) ? "timeline-alert-tick" : "timeline-tick");
            Tips.text(tick, RootfsColumns.time(r.time()) + "  " + what(r));
            strip.getChildren().add(tick);
        }
    }

    private String relative(RootfsTimeline.Row r) {
        if (r.mark() == RootfsTimeline.Mark.CREATED || r.sinceCreation() == null) {
            return "";
        }
        if (r.mark() == RootfsTimeline.Mark.ENTRY && RootfsTimeline.sameSecond(r.time(), timeline.created())) {
            return "same second";
        }
        return duration(r.sinceCreation());
    }

    /** "+2.25 s", "−5 d 3 h", "+41 min". */
    static String duration(Duration d) {
        String sign = d.isNegative() ? "−" : "+";
        Duration a = d.abs();
        long s = a.getSeconds();
        if (s < 60) {
            return sign + String.format(Locale.ROOT, "%.2f s", a.toMillis() / 1000.0);
        }
        if (s < 3600) {
            return sign + (s / 60) + " min " + (s % 60) + " s";
        }
        if (s < 86_400) {
            return sign + (s / 3600) + " h " + (s % 3600 / 60) + " min";
        }
        return sign + (s / 86_400) + " d " + (s % 86_400 / 3600) + " h";
    }

    static String what(RootfsTimeline.Row r) {
        return switch (r.mark()) {
            case CREATED -> "Container created (its start is not recorded)";
            case CHECKPOINTED -> "Checkpoint taken";
            case ENTRY -> {
                RootfsEntry e = r.entry();
                yield (e.hostile() != null ? "⚠ " : "") + e.path() + (e.link() != null ? "  →  " + e.link() : "");
            }
        };
    }
}
