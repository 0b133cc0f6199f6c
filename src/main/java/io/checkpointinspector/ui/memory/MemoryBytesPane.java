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
        setTop(Controls.toolbar(title, Controls.spring(), note));
        pager = Controls.toolbar(previous, next);
        pager.getStyleClass().add("pager");
        showMessage(empty);
    }

    /** Called with the address of the page wanted by Previous and Next. */
    void setOnSeek(LongConsumer handler) {
        seek = handler;
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
