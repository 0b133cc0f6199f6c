package io.checkpointinspector.inspect;

import io.checkpointinspector.model.RootfsDiff;
import io.checkpointinspector.model.RootfsEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The rootfs diff as a folder tree: entries of rootfs-diff.tar plus the paths of deleted.files, with the size and
 * file count of everything below each folder. Built once off the FX thread; immutable.
 */
public final class RootfsIndex {

    /** HOSTILE: an entry whose name escapes the root, is invalid or repeated (listed under {@link #HOSTILE_PATH}). */
    public enum Kind { FOLDER, FILE, SYMLINK, HARDLINK, OTHER, DELETED, HOSTILE }

    /** Path of the folder that lists hostile entries: no real path looks like it (real paths start with "/"). */
    public static final String HOSTILE_PATH = "(hostile entries)";

    /**
     * One node. entry is null for a folder that is only there because something below it changed (or was
     * deleted), and for deleted paths.
     *
     * @param size    bytes of the file, or of all files below a folder (hostile entries not counted)
     * @param files   files below a folder (1 for a file)
     * @param deleted deleted paths below a folder (1 for a deleted path)
     * @param hostile hostile entries below a folder (1 for a hostile entry)
     */
    public record Node(String name, String path, Kind kind, long size, int files, int deleted, int hostile,
            RootfsEntry entry, List<Node> children) {

        public Node {
            children = List.copyOf(children);
        }

        public boolean isFolder() {
            return kind == Kind.FOLDER;
        }

        public boolean isHostileFolder() {
            return path.equals(HOSTILE_PATH);
        }

        /** A node with other children, its counts summed again from them (a folder), or as it is (a leaf). */
        Node withChildren(List<Node> kids) {
            if (!isFolder()) {
                return this;
            }
            long s = 0;
            int f = 0;
            int d = 0;
            int h = 0;
            for (Node k : kids) {
                s += k.size();
                f += k.files();
                d += k.deleted();
                h += k.hostile();
            }
            return new Node(name, path, kind, s, f, d, h, entry, kids);
        }

        @Override
        public String toString() {
            return path;
        }
    }

    private static final Comparator<Node> ORDER = Comparator.comparing((Node n) -> !n.isHostileFolder())
            .thenComparing((Node n) -> !n.isFolder())
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
        Builder hostile = null;
        for (RootfsEntry e : diff.entries()) {
            if (e.hostile() != null) {
                // Not placed by its name: "../../etc/x" has no place in the tree, and a repeated name has one taken.
                if (hostile == null) {
                    hostile = new Builder("Hostile entries (never saved)", HOSTILE_PATH);
                    root.children.put("\0hostile", hostile);
                    count[0]++;
                }
                Builder b = new Builder(e.path(), e.path());
                b.entry = e;
                b.kind = Kind.HOSTILE;
                hostile.children.put("#" + hostile.children.size(), b);
                count[0]++;
                continue;
            }
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

    /**
     * The tree cut down to nodes whose path contains text (any case), with their folders; the counts of every folder
     * are those of what is kept.
     */
    public Node filtered(String text) {
        return filtered(text, false);
    }

    /** As {@link #filtered(String)}; flaggedOnly keeps only entries with a flag (setuid, device, hostile...). */
    public Node filtered(String text, boolean flaggedOnly) {
        String needle = text.toLowerCase(Locale.ROOT);
        Predicate<Node> match = n -> !n.path().equals("/") && n.path().toLowerCase(Locale.ROOT).contains(needle);
        Predicate<Node> keep = flaggedOnly ? n -> n.entry() != null && !n.entry().flags().isEmpty() : n -> true;
        Node kept = filter(root, match, keep, false);
        return kept == null ? new Node("/", "/", Kind.FOLDER, 0, 0, 0, 0, null, List.of()) : kept;
    }

    private static Node filter(Node n, Predicate<Node> match, Predicate<Node> keep, boolean parentMatched) {
        boolean self = parentMatched || match.test(n);
        if (!n.isFolder() || n.children().isEmpty()) {
            return self && keep.test(n) && !n.path().equals("/") ? n : null;
        }
        List<Node> kids = new ArrayList<>();
        for (Node c : n.children()) {
            Node k = filter(c, match, keep, self);
            if (k != null) {
                kids.add(k);
            }
        }
        boolean keepFolder = self && keep.test(n);
        if (kids.isEmpty() && !keepFolder && !n.path().equals("/")) {
            return null;
        }
        return n.withChildren(kids);
    }

    /** "file-9" before "file-10": runs of digits compare by value, the rest by character. */
    public static int natural(String a, String b) {
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
            int hostile = 0;
            for (Node n : kids) {
                hostile += n.hostile();
            }
            return switch (k) {
                case FOLDER -> new Node(name, path, k, size, files, deleted, hostile, entry, kids);
                case FILE -> new Node(name, path, kind, entry.size(), 1, 0, 0, entry, List.of());
                case DELETED -> new Node(name, path, kind, 0, 0, 1, 0, null, List.of());
                case HOSTILE -> new Node(name, path, kind, 0, 0, 0, 1, entry, List.of());
                default -> new Node(name, path, k, 0, 0, 0, 0, entry, List.of());
            };
        }
    }
}
