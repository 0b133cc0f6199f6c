package io.checkpointinspector.ui.memory;

import io.checkpointinspector.ui.common.Controls;
import io.checkpointinspector.ui.common.Shown;
import java.util.function.LongConsumer;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;

/**
 * Memory as hex and ASCII rows by virtual address, with not-dumped ranges said in words; Previous and Next page
 * through the range the page belongs to (a memory area).
 */
final class MemoryBytesPane extends BorderPane {

    private final Label title = Controls.styled("", "preview-title");
    private final Label note = Controls.styled("", "preview-note");
    private final TextArea area = new TextArea();
    private final Label message = Controls.placeholder("");
    private final Button previous = new Button("Previous");
    private final Button next = new Button("Next");
    private final HBox pager;
    private MemoryBytesModel.Page page;
    private LongConsumer seek;
    private java.util.function.Consumer<String> goTo;
    private final javafx.scene.control.TextField goToField = new javafx.scene.control.TextField();
    /** [address, length] to select once the page holding it is shown; null: none. */
    private long[] highlight;

    MemoryBytesPane(String id, String empty) {
        getStyleClass().add("preview-pane");
        area.setEditable(false);
        area.setWrapText(false);
        area.getStyleClass().add("mono");
        area.setId(id);
        previous.setId(id + "-previous");
        next.setId(id + "-next");
        previous.setOnAction(e -> step(-1));
        next.setOnAction(e -> step(1));
        goToField.setId(id + "-goto");
        goToField.setPromptText("Go to 0x… or +offset");
        goToField.setPrefColumnCount(14);
        goToField.setVisible(false);
        goToField.managedProperty().bind(goToField.visibleProperty());
        goToField.setOnAction(e -> {
            if (goTo != null) {
                goTo.accept(goToField.getText().trim());
            }
        });
        io.checkpointinspector.ui.common.Tips.text(goToField, "A virtual address (hex, e.g. 0x7ffd4000) or an offset"
                + " into the area (+4096, +0x1000); Enter goes there");
        title.setMinWidth(0);
        setTop(Controls.toolbar(title, Controls.spring(), note, goToField));
        pager = Controls.toolbar(previous, next);
        pager.getStyleClass().add("pager");
        showMessage(empty);
    }

    /** Called with the address of the page wanted by Previous and Next. */
    void setOnSeek(LongConsumer handler) {
        seek = handler;
    }

    /** Shows the Go to field; handler gets what was typed (an address, or +offset into the area). */
    void setOnGoTo(java.util.function.Consumer<String> handler) {
        goTo = handler;
        goToField.setVisible(handler != null);
    }

    /** Selects length bytes at address in the next page shown (the one asked for with them). */
    void highlight(long address, int length) {
        highlight = new long[] {address, Math.max(1, length)};
    }

    private void applyHighlight() {
        if (highlight == null || page == null || highlight[0] < page.pageStart() || highlight[0] >= page.pageEnd()) {
            return;
        }
        int[] range = textRange(area.getText(), highlight[0], highlight[1]);
        if (range != null) {
            area.selectRange(range[0], range[1]);
            highlight = null;
        }
    }

    /**
     * Where the hex digits of [address, address + length) sit in rows of HexDump text ("%016x  " then 16 bytes
     * "xx " with one more space after the eighth): [start, end) of the text to select, or null.
     */
    static int[] textRange(String text, long address, long length) {
        int start = -1;
        int end = -1;
        int lineStart = 0;
        long last = address + length - 1;
        while (lineStart < text.length()) {
            int lineEnd = text.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = text.length();
            }
            if (lineEnd - lineStart >= 18 + 16 * 3 && text.charAt(lineStart + 16) == ' ') {
                long row;
                try {
                    row = Long.parseUnsignedLong(text.substring(lineStart, lineStart + 16), 16);
                } catch (NumberFormatException e) {
                    row = -1;
                }
                if (row != -1 && start < 0 && address - row >= 0 && address - row < 16) {
                    start = lineStart + column((int) (address - row));
                }
                if (row != -1 && last - row >= 0 && last - row < 16) {
                    end = lineStart + column((int) (last - row)) + 2;
                    break;
                }
            }
            lineStart = lineEnd + 1;
        }
        return start >= 0 && end > start ? new int[] {start, end} : null;
    }

    private static int column(int byteInRow) {
        return 18 + 3 * byteInRow + (byteInRow > 7 ? 1 : 0);
    }

    void showMessage(String text) {
        page = null;
        message.setText(text);
        title.setText("");
        note.setText("");
        setCenter(message);
        setBottom(null);
    }

    /** A page, or the message in its place. */
    void show(Shown<MemoryBytesModel.Page> shown) {
        if (shown.hasValue()) {
            show(shown.value());
        } else {
            showMessage(shown.message());
        }
    }

    void show(MemoryBytesModel.Page p) {
        page = p;
        title.setText(p.title());
        note.setText(p.note());
        area.setText(p.text());
        area.positionCaret(0);
        area.setScrollTop(0);
        setCenter(area);
        boolean paging = seek != null && (p.pageStart() > p.from() || p.pageEnd() < p.to());
        setBottom(paging ? pager : null);
        previous.setDisable(p.pageStart() <= p.from());
        next.setDisable(p.pageEnd() >= p.to());
        applyHighlight();
    }

    /** The selected text: the highlighted bytes after a jump. */
    String selectedText() {
        return area.getSelectedText();
    }

    String shownText() {
        return page == null ? message.getText() : area.getText();
    }

    private void step(int direction) {
        if (page == null || seek == null) {
            return;
        }
        long at = direction > 0 ? page.pageEnd() : Math.max(page.from(), page.pageStart()
                - MemoryBytesModel.PAGE_BYTES);
        seek.accept(at);
    }
}
