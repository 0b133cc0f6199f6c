package io.checkpointinspector.ui.compare;

import java.util.List;

/**
 * One row of a comparison table: its status (added, removed, changed, same, unknown; styles the row) and the cell
 * texts in column order. detail: the text shown below the table when the row is selected (may be null).
 */
record DiffRow(String status, List<String> cells, String detail) {

    DiffRow {
        cells = List.copyOf(cells);
    }

    String cell(int i) {
        return i < cells.size() ? cells.get(i) : "";
    }
}
