package io.checkpointinspector.ui.common;

import io.checkpointinspector.text.Units;
import java.util.Locale;
import java.util.function.LongConsumer;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;

/**
 * Shows bytes of a file or entry as text or hex, with what is shown and what was left out; with a seek handler
 * it pages through the whole entry (Previous, Next, Go to offset) so that every byte can be reached.
 */
public final class PreviewPane extends BorderPane {

    private final Label title = new Label();
    private final Label note = new Label();
    private final TextArea area = new TextArea();
    private final ToggleButton textButton = new ToggleButton("Text");
    private final ToggleButton hexButton = new ToggleButton("Hex");
    private final Label message = Controls.placeholder("");
    private final StackPane center = new StackPane();
    private final Button previous = new Button("Previous");
    private final Button next = new Button("Next");
    private final TextField offsetField = new TextField();
    private final Label range = Controls.styled("", "muted");
    private final HBox pager;
    private LongConsumer seek;
    private PreviewText current;
    private String exact;
    private long offset;
    private long shown;
    private long size;
    private long page;

    public PreviewPane() {
        getStyleClass().add("preview-pane");
        title.getStyleClass().add("preview-title");
        Tips.lazy(note, () -> exact);
        note.getStyleClass().add("preview-note");
        area.setEditable(false);
        area.getStyleClass().add("mono");
        area.setWrapText(false);
        ToggleGroup group = new ToggleGroup();
        textButton.setToggleGroup(group);
        hexButton.setToggleGroup(group);
        textButton.setOnAction(e -> showForm(false));
        hexButton.setOnAction(e -> showForm(true));
        HBox modes = new HBox(0, textButton, hexButton);
        modes.getStyleClass().add("segmented");
        setTop(Controls.toolbar(title, Controls.spring(), note, modes));
        center.setPadding(new Insets(0));
        setCenter(center);
        offsetField.setPromptText("offset, e.g. 0x1000");
        offsetField.setPrefColumnCount(12);
        offsetField.setId("preview-offset");
        offsetField.setOnAction(e -> goTo(offsetField.getText()));
        Button go = new Button("Go");
        go.setOnAction(e -> goTo(offsetField.getText()));
        previous.setOnAction(e -> seekTo(Math.max(0, offset - Math.max(1, page))));
        next.setId("preview-next");
        next.setOnAction(e -> seekTo(offset + shown));
        pager = Controls.toolbar(previous, next, range, Controls.spring(), offsetField, go);
        pager.getStyleClass().add("pager");
        showMessage("Nothing selected");
    }

    /** Pages through entries: handler is asked for the bytes at an offset, and answers with {@link #show}. */
    public void setOnSeek(LongConsumer handler) {
        seek = handler;
        page = 0;
    }

    public void showMessage(String text) {
        current = null;
        message.setText(text);
        center.getChildren().setAll(message);
        title.setText("");
        note.setText("");
        textButton.setDisable(true);
        hexButton.setDisable(true);
        setBottom(null);
    }

    /** Shows data, the first bytes of name whose whole size is size. */
    public void show(String name, byte[] data, long size, boolean truncated) {
        show(name, 0, data, size);
    }

    /** Shows data, read from offset of name whose whole size is size. */
    public void show(String name, long offset, byte[] data, long size) {
        this.offset = offset;
        this.shown = data.length;
        // The last page of an entry is short: stepping back goes by the longest page seen.
        this.page = Math.max(page, data.length);
        this.size = size;
        current = PreviewText.of(data, offset);
        title.setText(name);
        boolean partial = offset > 0 || data.length < size;
        note.setText(Units.bytes(size) + (partial ? " · " + Units.bytes(data.length) + " shown" : "")
                + (data.length > PreviewText.HEX_BYTES && current.binary()
                ? " · hex of first " + Units.bytes(PreviewText.HEX_BYTES) : ""));
        exact = Units.exactBytes(size);
        textButton.setDisable(current.binary());
        hexButton.setDisable(false);
        center.getChildren().setAll(area);
        showForm(current.binary());
        boolean paging = seek != null && partial;
        setBottom(paging ? pager : null);
        if (paging) {
            previous.setDisable(offset == 0);
            next.setDisable(offset + data.length >= size);
            range.setText(String.format(Locale.ROOT, "bytes 0x%x–0x%x of 0x%x", offset, offset + data.length, size));
        }
    }

    public String shownText() {
        return area.getText();
    }

    private void goTo(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace("_", "");
        try {
            long at = t.startsWith("0x") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
            seekTo(at);
            offsetField.getStyleClass().remove("invalid");
        } catch (NumberFormatException e) {
            if (!offsetField.getStyleClass().contains("invalid")) {
                offsetField.getStyleClass().add("invalid");
            }
        }
    }

    private void seekTo(long at) {
        if (seek != null) {
            // Pages start at multiples of 16 so hex rows keep their usual addresses.
            long clamped = Math.max(0, Math.min(at, Math.max(0, size - 1)));
            seek.accept(clamped & ~15L);
        }
    }

    private void showForm(boolean hex) {
        if (current == null) {
            return;
        }
        textButton.setSelected(!hex);
        hexButton.setSelected(hex);
        area.setText(hex ? current.hex() : current.text());
        area.positionCaret(0);
        area.setScrollTop(0);
    }
}
