package io.checkpointinspector.inspect;

import io.checkpointinspector.model.CheckpointedContainer;
import io.checkpointinspector.model.RootfsDiff;
import io.checkpointinspector.model.RootfsEntry;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The rootfs changes in the order of their modification times, with the container's creation and the checkpoint
 * as marks between them. Times are those the checkpoint records; built once off the FX thread; immutable.
 */
public final class RootfsTimeline {

    /** What a row is: an entry of the diff, or one of the two recorded moments. */
    public enum Mark { ENTRY, CREATED, CHECKPOINTED }

    /**
     * One row. entry is null for a mark.
     *
     * @param sinceCreation time from the container's creation, null when the creation time is not recorded
     * @param afterCreation the entry was modified at or after the creation, at the precision of its time (tar
     *                      times are often whole seconds: an entry of the same second counts as after)
     */
    public record Row(Instant time, Mark mark, RootfsEntry entry, Duration sinceCreation, boolean afterCreation) {
    }

    private final List<Row> rows;
    private final Instant created;
    private final Instant checkpointed;

    private RootfsTimeline(List<Row> rows, Instant created, Instant checkpointed) {
        this.rows = List.copyOf(rows);
        this.created = created;
        this.checkpointed = checkpointed;
    }

    public static RootfsTimeline of(RootfsDiff diff, CheckpointedContainer container) {
        Instant created = parse(container.created());
        Instant checkpointed = parse(container.checkpointed());
        List<Row> rows = new ArrayList<>();
        for (RootfsEntry e : diff.entries()) {
            Instant t = parse(e.modified());
            if (t != null) {
                rows.add(new Row(t, Mark.ENTRY, e, since(created, t), isAfter(t, created)));
            }
        }
        if (created != null) {
            rows.add(new Row(created, Mark.CREATED, null, Duration.ZERO, true));
        }
        if (checkpointed != null) {
            rows.add(new Row(checkpointed, Mark.CHECKPOINTED, null, since(created, checkpointed), true));
        }
        // A time of whole seconds says "within that second": it sorts at the second's end, so the creation at
        // 07:42:18.797 comes before what was written at 07:42:18. Ties: creation, entries, checkpoint.
        rows.sort(Comparator.comparing((Row r) -> sortKey(r.time())).thenComparing(r -> r.mark().ordinal() == 0 ? 1
                : r.mark() == Mark.CREATED ? 0 : 2));
        return new RootfsTimeline(rows, created, checkpointed);
    }

    /** Every row, or (sinceCreation) the marks and the entries modified at or after the creation. */
    public List<Row> rows(boolean sinceCreation) {
        if (!sinceCreation || created == null) {
            return rows;
        }
        return rows.stream().filter(r -> r.mark() != Mark.ENTRY || r.afterCreation()).toList();
    }

    public Instant created() {
        return created;
    }

    public Instant checkpointed() {
        return checkpointed;
    }

    /** Entries with a time. */
    public long entries() {
        return rows.stream().filter(r -> r.mark() == Mark.ENTRY).count();
    }

    private static Instant sortKey(Instant t) {
        return t.getNano() == 0 ? t.plusNanos(999_999_999) : t;
    }

    /** True when t is a whole-second time in the same second as the creation: before or after cannot be told. */
    public static boolean sameSecond(Instant t, Instant created) {
        return created != null && t.getNano() == 0 && t.getEpochSecond() == created.getEpochSecond();
    }

    public static boolean isAfter(Instant t, Instant created) {
        if (created == null) {
            return true;
        }
        Instant reference = t.getNano() == 0 ? created.truncatedTo(ChronoUnit.SECONDS) : created;
        return !t.isBefore(reference);
    }

    private static Duration since(Instant created, Instant t) {
        return created == null ? null : Duration.between(created, t);
    }

    private static Instant parse(String iso) {
        if (iso == null) {
            return null;
        }
        try {
            return Instant.parse(iso);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
