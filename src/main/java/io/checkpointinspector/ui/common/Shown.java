package io.checkpointinspector.ui.common;

/**
 * What a view model gives a pane to show: a value, or a message in its place ("Reading x…", "Cannot read x: …").
 *
 * @param value   what to show, or null when a message stands in its place
 * @param message the message, or null when a value is shown
 * @param error   whether the message says that something failed
 */
public record Shown<T>(T value, String message, boolean error) {

    public static <T> Shown<T> value(T value) {
        return new Shown<>(value, null, false);
    }

    public static <T> Shown<T> message(String message) {
        return new Shown<>(null, message, false);
    }

    public static <T> Shown<T> error(String message) {
        return new Shown<>(null, message, true);
    }

    public boolean hasValue() {
        return value != null;
    }
}
