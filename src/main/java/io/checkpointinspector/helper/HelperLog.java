package io.checkpointinspector.helper;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** Every request and its outcome, one line each, on the helper's stderr (the window shows it in its log pane). */
public final class HelperLog {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private final PrintStream err;

    public HelperLog(PrintStream err) {
        this.err = err;
    }

    public void info(String message) {
        synchronized (err) {
            err.println(LocalTime.now().format(TIME) + " helper: " + message);
            err.flush();
        }
    }

    public void request(String id, String summary) {
        info("request " + id + ": " + summary);
    }

    public void outcome(String id, String outcome, long startNanos) {
        info("request " + id + " -> " + outcome + String.format(" (%.2f s)", (System.nanoTime() - startNanos) / 1e9));
    }
}
