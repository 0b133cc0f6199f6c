/**
 * A checkpoint → a report a person reads: one self-contained HTML file (inline CSS and SVG, no script, nothing
 * fetched) or the same content as JSON. No JavaFX here; the command line and the window only call it.
 */
package io.checkpointinspector.report;
