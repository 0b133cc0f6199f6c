package io.checkpointinspector.inspect;

import io.checkpointinspector.model.RootfsDiff;
import io.checkpointinspector.model.RootfsEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rootfs diff as a folder tree: entries of rootfs-diff.tar plus the paths of deleted.files, with the size and
 * file count of everything below each folder. Built once off the FX thread; immutable.
 */
public final class RootfsIndex {

    public enum Kind { FOLDER, FILE, SYMLINK, HARDLINK, OTHER, DELETED }

    /**
     * One node. entry is null for a folder that is only there because something below it changed (or was
     * deleted), and for deleted paths.
     *
     * @param size    bytes of the file, or of all files below a folder
     * @param files   files below a folder (1 for a file)
     * @param deleted deleted paths below a folder (1 for a deleted path)
     */
    public record Node(String name, String path, Kind kind, long size, int files, int deleted, RootfsEntry entry,
            List<Node> children) {

        public Node {
            children = List.copyOf(children);
        }

        public boolean isFolder() {
            return kind == Kind.FOLDER;
        }

        @Override
        public String toString() {
            return path;
        }
    }

    private static final Comparator<Node> ORDER = Comparator.comparing((Node n) -> !n.isFolder())
            .thenComparing(Node::name, RootfsIndex::natural);

    private final Node root;
    private final int nodes;

    private RootfsIndex(Node root, int nodes) {
        this.root = root;
        this.nodes = nodes;
    }

    public static RootfsIndex of(RootfsDiff diff) {
        Builder root = new Builder("/", "/");
        root.kind = Kind.FOLDER;
        int[] count = {0};
        for (RootfsEntry e : diff.entries()) {
            Builder b = root.at(e.path(), count);
            b.entry = e;
            b.kind = kindOf(e.type());
        }
        for (String d : diff.deleted()) {
            Builder b = root.at(d, count);
            if (b.entry == null && b.children.isEmpty()) {
                b.kind = Kind.DELETED;
            }
        }
        return new RootfsIndex(root.build(), count[0]);
    }

    public Node root() {
        return root;
    }

    /** Nodes below the root. */
    public int size() {
        return nodes;
    }

    /** The tree cut down to nodes whose path contains text (any case), with their folders. */
    public Node filtered(String text) {
        String needle = text.toLowerCase(Locale.ROOT);
        Node kept = filter(root, needle);
        return kept == null ? new Node("/", "/", Kind.FOLDER, 0, 0, 0, null, List.of()) : kept;
    }

    private static Node filter(Node n, String needle) {
        boolean self = n.path().toLowerCase(Locale.ROOT).contains(needle) && !n.path().equals("/");
        if (self && !n.isFolder()) {
            return n;
        }
        List<Node> kids = new ArrayList<>();
        for (Node c : n.children()) {
            Node k = self ? c : filter(c, needle);
            if (k != null) {
                kids.add(k);
            }
        }
        if (!self && kids.isEmpty() && !n.path().equals("/")) {
            return null;
        }
        return new Node(n.name(), n.path(), n.kind(), n.size(), n.files(), n.deleted(), n.entry(), kids);
    }

    /** "file-9" before "file-10": runs of digits compare by value, the rest by character. */
    static int natural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int ei = i;
                int ej = j;
                while (ei < a.length() && Character.isDigit(a.charAt(ei))) {
                    ei++;
                }
                while (ej < b.length() && Character.isDigit(b.charAt(ej))) {
                    ej++;
                }
                String da = a.substring(i, ei).replaceFirst("^0+(?=.)", "");
                String db = b.substring(j, ej).replaceFirst("^0+(?=.)", "");
                int c = da.length() != db.length() ? Integer.compare(da.length(), db.length()) : da.compareTo(db);
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b);
    }

    private static Kind kindOf(String type) {
        return switch (type) {
            case "dir" -> Kind.FOLDER;
            case "file" -> Kind.FILE;
            case "symlink" -> Kind.SYMLINK;
            case "hardlink" -> Kind.HARDLINK;
            default -> Kind.OTHER;
        };
    }

    private static final class Builder {
        final String name;
        final String path;
        final Map<String, Builder> children = new LinkedHashMap<>();
        Kind kind = Kind.FOLDER;
        RootfsEntry entry;

        Builder(String name, String path) {
            this.name = name;
            this.path = path;
        }

        Builder at(String fullPath, int[] count) {
            Builder b = this;
            for (String segment : fullPath.split("/")) {
                if (segment.isEmpty()) {
                    continue;
                }
                Builder parent = b;
                if (parent.kind != Kind.FOLDER) {
                    // Something below a non-folder: it must be a folder after all.
                    parent.kind = Kind.FOLDER;
                }
                b = parent.children.computeIfAbsent(segment, s -> {
                    count[0]++;
                    return new Builder(s, (parent.path.equals("/") ? "" : parent.path) + "/" + s);
                });
            }
            return b;
        }

        Node build() {
            List<Node> kids = new ArrayList<>(children.size());
            long size = 0;
            int files = 0;
            int deleted = 0;
            for (Builder c : children.values()) {
                Node n = c.build();
                kids.add(n);
                size += n.size();
                files += n.files();
                deleted += n.deleted();
            }
            kids.sort(ORDER);
            Kind k = kids.isEmpty() ? kind : Kind.FOLDER;
            return switch (k) {
                case FOLDER -> new Node(name, path, k, size, files, deleted, entry, kids);
                case FILE -> new Node(name, path, kind, entry.size(), 1, 0, entry, List.of());
                case DELETED -> new Node(name, path, kind, 0, 0, 1, null, List.of());
                default -> new Node(name, path, k, 0, 0, 0, entry, List.of());
            };
        }
    }
}
