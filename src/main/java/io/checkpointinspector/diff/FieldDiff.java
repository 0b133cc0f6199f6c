package io.checkpointinspector.diff;

import java.util.Objects;

/**
 * One named value in both checkpoints, as text (null: the checkpoint does not record it). status is SAME,
 * CHANGED, or UNKNOWN when only one side records a value that the other could not recover (not counted as a
 * difference: nothing is guessed).
 */
public record FieldDiff(String name, String a, String b, Status status) {

    public enum Status { SAME, CHANGED, UNKNOWN }

    /** A field where a missing value on one side is a real difference (metadata, statistics). */
    public static FieldDiff of(String name, Object a, Object b) {
        String x = a == null ? null : a.toString();
        String y = b == null ? null : b.toString();
        return new FieldDiff(name, x, y, Objects.equals(x, y) ? Status.SAME : Status.CHANGED);
    }

    /** A field recovered from memory: null on one side means "not recoverable", not "changed". */
    public static FieldDiff recovered(String name, Object a, Object b) {
        FieldDiff d = of(name, a, b);
        return d.status() == Status.CHANGED && (a == null || b == null)
                ? new FieldDiff(name, d.a(), d.b(), Status.UNKNOWN) : d;
    }

    public boolean changed() {
        return status == Status.CHANGED;
    }
}
