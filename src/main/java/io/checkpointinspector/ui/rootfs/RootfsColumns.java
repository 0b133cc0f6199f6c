package io.checkpointinspector.ui.rootfs;

import io.checkpointinspector.inspect.RootfsIndex;

import io.checkpointinspector.model.RootfsEntry;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Predicate;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.util.Callback;

/** The header-fact columns of the rootfs tree (type, mode, owner, time, flags) and their highlighting. */
final class RootfsColumns {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    private RootfsColumns() {
    }

    /** "char 1,3", "regular", "dir": the tar type with a device's numbers (the link target is in the name). */
    static String type(RootfsEntry e) {
        if (e == null) {
            return "";
        }
        return e.devMajor() != null || e.devMinor() != null
                ? e.tarType() + " " + num(e.devMajor()) + "," + num(e.devMinor()) : e.tarType();
    }

    /** "root:root", or the ids when the header records no names. */
    static String owner(RootfsEntry e) {
        if (e == null) {
            return "";
        }
        String user = e.user() != null ? e.user() : num(e.uid());
        String group = e.group() != null ? e.group() : num(e.gid());
        return user + ":" + group;
    }

    static boolean specialMode(RootfsEntry e) {
        return e != null && (e.hasFlag("setuid") || e.hasFlag("setgid") || e.hasFlag("sticky"));
    }

    /** Flags that call for a look: everything but the sticky bit, which /tmp has by design. */
    static boolean alarming(RootfsEntry e) {
        return e != null && e.flags().stream().anyMatch(f -> !f.equals("sticky"));
    }

    static Instant time(RootfsEntry e) {
        if (e == null || e.modified() == null) {
            return null;
        }
        try {
            return Instant.parse(e.modified());
        } catch (java.time.DateTimeException x) {
            return null;
        }
    }

    /** UTC, with milliseconds only when the time has a fraction. */
    static String time(Instant t) {
        return t == null ? "" : (t.getNano() == 0 ? SECONDS : MILLIS).format(t) + " UTC";
    }

    /** Text cells that get style class cls when highlighted says so for the row's node. */
    static <T> Callback<TreeTableColumn<RootfsIndex.Node, T>, TreeTableCell<RootfsIndex.Node, T>> highlighted(
            java.util.function.Function<T, String> text, Predicate<RootfsIndex.Node> highlighted, String cls) {
        return c -> new TreeTableCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                RootfsIndex.Node n = empty || getTableRow() == null ? null : getTableRow().getItem();
                setText(empty || item == null ? null : text.apply(item));
                boolean on = n != null && highlighted.test(n);
                if (on && !getStyleClass().contains(cls)) {
                    getStyleClass().add(cls);
                } else if (!on) {
                    getStyleClass().remove(cls);
                }
            }
        };
    }

    private static String num(Long v) {
        return v == null ? "?" : v.toString();
    }
}
