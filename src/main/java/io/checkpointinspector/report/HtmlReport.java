package io.checkpointinspector.report;

import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.model.CheckpointedContainer;
import io.checkpointinspector.model.DumpStats;
import io.checkpointinspector.model.FileInfo;
import io.checkpointinspector.model.MountInfo;
import io.checkpointinspector.model.ProcessInfo;
import io.checkpointinspector.model.RootfsEntry;
import io.checkpointinspector.model.SocketInfo;
import io.checkpointinspector.text.Units;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The report as one HTML file: inline CSS (with print rules) and inline SVG charts, no script, no link to anything
 * outside the file, and a Content-Security-Policy that forbids fetching even if a value tried. Every value from
 * the checkpoint is escaped; control characters are shown as \xNN.
 */
public final class HtmlReport {

    /** Section ids, in the order they appear (the tests look for them). */
    public static final List<String> SECTIONS = List.of("overview", "sizes", "phases", "processes", "files",
            "mounts", "memory", "rootfs", "warnings", "pinned", "provenance");

    private static final int MAX_TREE_DEPTH = 64;
    private static final String[] COLORS = {"#3b7dd8", "#e08a2c", "#8c8c8c", "#4caf50"};

    private final boolean collapseEnvironment;
    private final StringBuilder h = new StringBuilder(64 * 1024);

    /** collapseEnvironment: environment blocks start closed (they are &lt;details&gt;, opened with a click). */
    public HtmlReport(boolean collapseEnvironment) {
        this.collapseEnvironment = collapseEnvironment;
    }

    public String render(ReportData r) {
        Checkpoint c = r.checkpoint();
        CheckpointedContainer ci = c.container();
        String title = "Checkpoint report: " + (ci.name() == null ? "(unnamed container)" : ci.name());
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
                .append("style-src 'unsafe-inline'\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"").append(esc(r.toolVersion())).append("\">\n")
                .append("<title>").append(esc(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n")
                .append("</head>\n<body>\n<header>\n<h1>").append(esc(title)).append("</h1>\n<p class=\"sub\">")
                .append(esc(c.source().path())).append(" · SHA-256 <code>")
                .append(esc(r.sourceSha256() == null ? "(" + r.hashNote() + ")" : r.sourceSha256()))
                .append("</code> · generated ").append(esc(r.generated())).append(" by ").append(esc(r.toolVersion()))
                .append("</p>\n</header>\n<nav><ol>");
        for (String s : SECTIONS) {
            h.append("<li><a href=\"#").append(s).append("\">").append(heading(s)).append("</a></li>");
        }
        h.append("</ol></nav>\n<main>\n");
        overview(c);
        sizes(c);
        phases(c.stats());
        processes(c);
        files(c);
        mounts(c);
        memory(c);
        rootfs(c);
        warnings(c);
        pinned(r);
        provenance(r);
        h.append("</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private static String heading(String id) {
        return switch (id) {
            case "overview" -> "Overview";
            case "sizes" -> "Sizes";
            case "phases" -> "Dump phases";
            case "processes" -> "Process tree";
            case "files" -> "Open files and sockets";
            case "mounts" -> "Mounts";
            case "memory" -> "Memory";
            case "rootfs" -> "Root file-system changes";
            case "warnings" -> "Warnings";
            case "pinned" -> "Pinned memory hits";
            case "provenance" -> "About this report";
            default -> id;
        };
    }

    private void open(String id) {
        h.append("<section id=\"").append(id).append("\">\n<h2>").append(heading(id)).append("</h2>\n");
    }

    private void close() {
        h.append("</section>\n");
    }

    private void overview(Checkpoint c) {
        open("overview");
        CheckpointedContainer ci = c.container();
        h.append("<div class=\"cols\">");
        kv("Container", new String[][] {
                {"Engine", ci.engine()}, {"Name", ci.name()}, {"ID", ci.id()}, {"Image", ci.image()},
                {"Image ID", ci.imageId()}, {"Runtime", ci.runtime()}, {"Created", ci.created()},
                {"Checkpointed", ci.checkpointed()}, {"Pod", ci.pod()}, {"Namespace", ci.namespace()},
                {"IP", ci.ip()}, {"MAC", ci.mac()}});
        kv("Source and CRIU", new String[][] {
                {"Path", c.source().path()}, {"Format", c.source().description()},
                {"Size", Units.bytes(c.source().bytes()) + " (" + Units.exactBytes(c.source().bytes()) + ")"},
                {"CRIU version", c.criu().version()}, {"Images version", str(c.criu().imagesVersion())},
                {"Architecture", c.criu().arch()}, {"Page size", str(c.criu().pageSize())},
                {"Processes", String.valueOf(c.processes().size())},
                {"Threads", String.valueOf(c.processes().stream().mapToInt(p -> p.threads().size()).sum())}});
        h.append("</div>\n");
        if (!ci.annotations().isEmpty()) {
            h.append("<details open><summary>Annotations (").append(ci.annotations().size())
                    .append(")</summary>\n<table><thead><tr><th>Key</th><th>Value</th></tr></thead><tbody>");
            ci.annotations().forEach((k, v) -> h.append("<tr><td>").append(esc(k)).append("</td><td>").append(esc(v))
                    .append("</td></tr>"));
            h.append("</tbody></table></details>\n");
        }
        close();
    }

    private void kv(String caption, String[][] rows) {
        h.append("<table class=\"kv\"><caption>").append(esc(caption)).append("</caption><tbody>");
        for (String[] row : rows) {
            h.append("<tr><th>").append(esc(row[0])).append("</th><td>")
                    .append(row[1] == null || row[1].isEmpty() ? "<span class=\"none\">not recorded</span>" : esc(row[1]))
                    .append("</td></tr>");
        }
        h.append("</tbody></table>");
    }

    private void sizes(Checkpoint c) {
        open("sizes");
        long pages = c.sizes().memoryPagesBytes();
        long rootfs = c.sizes().rootfsDiffBytes();
        long other = Math.max(0, c.sizes().checkpointBytes() - pages);
        long total = Math.max(1, pages + rootfs + other);
        String[] names = {"Memory pages", "Root FS diff", "Other images"};
        long[] values = {pages, rootfs, other};
        int width = 720;
        h.append("<svg class=\"chart\" role=\"img\" aria-label=\"sizes\" width=\"").append(width)
                .append("\" height=\"70\" viewBox=\"0 0 ").append(width).append(" 70\">");
        double x = 0;
        for (int i = 0; i < values.length; i++) {
            double w = (double) width * values[i] / total;
            if (values[i] > 0) {
                h.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"28\" fill=\"%s\">"
                        + "<title>%s: %s</title></rect>", x, Math.max(1, w), COLORS[i], names[i],
                        Units.exactBytes(values[i])));
            }
            x += w;
        }
        int lx = 0;
        for (int i = 0; i < values.length; i++) {
            h.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"44\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"55\">%s %s</text>", lx, COLORS[i], lx + 16, names[i], Units.bytes(values[i])));
            lx += 240;
        }
        h.append("</svg>\n");
        h.append("<table><thead><tr><th>Part</th><th class=\"n\">Bytes</th><th class=\"n\">Size</th></tr></thead><tbody>");
        sizeRow("Checkpoint images (checkpoint/)", c.sizes().checkpointBytes());
        sizeRow("Memory pages (pages-*.img)", pages);
        sizeRow("Root FS diff (rootfs-diff.tar)", rootfs);
        sizeRow("Source file as stored", c.source().bytes());
        h.append("</tbody></table>\n");
        close();
    }

    private void sizeRow(String name, long bytes) {
        h.append("<tr><td>").append(esc(name)).append("</td><td class=\"n\">").append(Units.count(bytes))
                .append("</td><td class=\"n\">").append(Units.bytes(bytes)).append("</td></tr>");
    }

    private void phases(DumpStats s) {
        open("phases");
        if (s.freezingTimeUs() == null && s.frozenTimeUs() == null && s.memdumpTimeUs() == null
                && s.memwriteTimeUs() == null) {
            h.append("<p class=\"none\">The checkpoint holds no dump statistics (stats-dump).</p>\n");
        } else {
            long freezing = nz(s.freezingTimeUs());
            long memdump = nz(s.memdumpTimeUs());
            String[] names = {"Freezing", "Frozen", "Memory dump", "Memory write"};
            long[] start = {0, freezing, freezing, freezing + memdump};
            Long[] dur = {s.freezingTimeUs(), s.frozenTimeUs(), s.memdumpTimeUs(), s.memwriteTimeUs()};
            long total = 1;
            for (int i = 0; i < 4; i++) {
                total = Math.max(total, start[i] + nz(dur[i]));
            }
            int track = 480;
            h.append("<svg class=\"chart\" role=\"img\" aria-label=\"dump phases\" width=\"720\" height=\"124\""
                    + " viewBox=\"0 0 720 124\">");
            for (int i = 0; i < 4; i++) {
                int y = i * 30;
                double x0 = 120 + (double) track * start[i] / total;
                double w = dur[i] == null ? 0 : Math.max(2, (double) track * dur[i] / total);
                h.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\">%s</text>", y + 17, names[i]));
                if (dur[i] != null) {
                    h.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"18\" "
                            + "fill=\"%s\"><title>%s: %s</title></rect>", x0, y + 4, w, COLORS[i % 4], names[i],
                            Units.micros(dur[i])));
                }
                h.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>", x0 + w + 6, y + 17,
                        Units.micros(dur[i])));
            }
            h.append("</svg>\n<table><tbody>");
            String[][] rows = {{"Freezing time", us(s.freezingTimeUs())}, {"Frozen time", us(s.frozenTimeUs())},
                    {"Memory dump time", us(s.memdumpTimeUs())}, {"Memory write time", us(s.memwriteTimeUs())},
                    {"Pages scanned", str(s.pagesScanned())}, {"Pages skipped (in parent)", str(s.pagesSkippedParent())},
                    {"Pages written", str(s.pagesWritten())}, {"Pages lazy", str(s.pagesLazy())}};
            for (String[] row : rows) {
                h.append("<tr><th>").append(row[0]).append("</th><td class=\"n\">")
                        .append(row[1] == null ? "—" : esc(row[1])).append("</td></tr>");
            }
            h.append("</tbody></table>\n");
        }
        close();
    }

    private void processes(Checkpoint c) {
        open("processes");
        Map<Integer, List<ProcessInfo>> children = new HashMap<>();
        Set<Integer> pids = new HashSet<>();
        for (ProcessInfo p : c.processes()) {
            children.computeIfAbsent(p.ppid(), k -> new ArrayList<>()).add(p);
            pids.add(p.pid());
        }
        Set<ProcessInfo> drawn = Collections.newSetFromMap(new IdentityHashMap<>());
        h.append("<div class=\"tree\">\n");
        for (ProcessInfo p : c.processes()) {
            if (!pids.contains(p.ppid()) || p.ppid() == p.pid()) {
                tree(p, children, drawn);
            }
        }
        for (ProcessInfo p : c.processes()) {
            if (!drawn.contains(p)) {
                tree(p, children, drawn);
            }
        }
        h.append("</div>\n");
        close();
    }

    private record Pending(ProcessInfo process, int depth) {
    }

    /** Depth-first, without recursion: a crafted pstree may be deep or loop. Depth shows as indentation. */
    private void tree(ProcessInfo root, Map<Integer, List<ProcessInfo>> children, Set<ProcessInfo> drawn) {
        Deque<Pending> todo = new ArrayDeque<>();
        todo.push(new Pending(root, 0));
        while (!todo.isEmpty()) {
            Pending next = todo.pop();
            ProcessInfo p = next.process();
            if (!drawn.add(p)) {
                continue;
            }
            process(p, next.depth());
            List<ProcessInfo> kids = children.getOrDefault(p.pid(), List.of());
            for (int i = kids.size() - 1; i >= 0; i--) {
                if (kids.get(i).pid() != p.pid()) {
                    todo.push(new Pending(kids.get(i), Math.min(next.depth() + 1, MAX_TREE_DEPTH)));
                }
            }
        }
    }

    private void process(ProcessInfo p, int depth) {
        h.append("<div class=\"proc\" id=\"pid-").append(p.pid()).append("\" style=\"margin-left:")
                .append(depth * 1.5).append("em\">\n<div class=\"ph\"><span class=\"pid\">").append(p.pid())
                .append("</span> <b>").append(esc(p.comm())).append("</b> <span class=\"muted\">ppid ")
                .append(p.ppid()).append(" · ").append(esc(p.state())).append(" · ").append(p.threads().size())
                .append(p.threads().size() == 1 ? " thread" : " threads").append(" · cwd ")
                .append(esc(p.cwd() == null ? "—" : p.cwd())).append("</span></div>\n");
        if (p.cmdline() != null) {
            h.append("<pre class=\"cmd\">");
            for (int i = 0; i < p.cmdline().size(); i++) {
                h.append(i == 0 ? "" : " ").append(arg(p.cmdline().get(i)));
            }
            h.append("</pre>\n");
        }
        if (p.argsNote() != null) {
            h.append("<p class=\"note\">").append(esc(p.argsNote())).append("</p>\n");
        }
        if (p.env() != null) {
            h.append("<details class=\"env\"").append(collapseEnvironment ? "" : " open").append("><summary>Environment (")
                    .append(p.env().size()).append(")</summary>\n<table class=\"mono\"><tbody>");
            p.env().forEach((k, v) -> h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v))
                    .append("</td></tr>"));
            h.append("</tbody></table></details>\n");
        }
        h.append("</div>\n");
    }

    /** One argument, quoted when it holds spaces or is empty, with newlines kept visible. */
    private static String arg(String a) {
        boolean quote = a.isEmpty() || a.chars().anyMatch(ch -> ch == ' ' || ch == '\t' || ch == '\'' || ch == '"');
        String e = esc(a);
        return quote ? "<span class=\"q\">'</span>" + e + "<span class=\"q\">'</span>" : e;
    }

    private void files(Checkpoint c) {
        open("files");
        int files = c.processes().stream().mapToInt(p -> p.files().size()).sum();
        h.append("<table class=\"mono\"><caption>Open files (").append(files).append(")</caption><thead><tr>")
                .append("<th class=\"n\">PID</th><th>Process</th><th class=\"n\">FD</th><th>Type</th><th>Path</th>")
                .append("<th class=\"n\">Flags</th><th class=\"n\">Position</th></tr></thead><tbody>");
        for (ProcessInfo p : c.processes()) {
            for (FileInfo f : p.files()) {
                h.append("<tr><td class=\"n\">").append(p.pid()).append("</td><td>").append(esc(p.comm()))
                        .append("</td><td class=\"n\">").append(f.fd()).append("</td><td>").append(esc(f.type()))
                        .append("</td><td>").append(esc(f.path())).append("</td><td class=\"n\">")
                        .append(f.flags() == null ? "—" : "0" + Long.toOctalString(f.flags()))
                        .append("</td><td class=\"n\">").append(f.position() == null ? "—" : Units.count(f.position()))
                        .append("</td></tr>");
            }
        }
        h.append("</tbody></table>\n");
        int socks = c.processes().stream().mapToInt(p -> p.sockets().size()).sum();
        if (socks == 0) {
            h.append("<p class=\"none\">No sockets.</p>\n");
        } else {
            h.append("<table class=\"mono\"><caption>Sockets (").append(socks).append(")</caption><thead><tr>")
                    .append("<th class=\"n\">PID</th><th class=\"n\">FD</th><th>Family</th><th>Type</th>")
                    .append("<th>Protocol</th><th>State</th><th>Source</th><th>Destination</th></tr></thead><tbody>");
            for (ProcessInfo p : c.processes()) {
                for (SocketInfo s : p.sockets()) {
                    h.append("<tr><td class=\"n\">").append(p.pid()).append("</td><td class=\"n\">").append(s.fd())
                            .append("</td><td>").append(esc(s.family())).append("</td><td>").append(esc(s.type()))
                            .append("</td><td>").append(esc(s.protocol())).append("</td><td>").append(esc(s.state()))
                            .append("</td><td>").append(esc(endpoint(s.src(), s.srcPort()))).append("</td><td>")
                            .append(esc(endpoint(s.dst(), s.dstPort()))).append("</td></tr>");
                }
            }
            h.append("</tbody></table>\n");
        }
        close();
    }

    private void mounts(Checkpoint c) {
        open("mounts");
        if (c.mounts().isEmpty()) {
            h.append("<p class=\"none\">No mounts recorded (spec.dump).</p>\n");
        } else {
            h.append("<table class=\"mono mounts\"><thead><tr><th>Destination</th><th>Type</th><th>Source</th>")
                    .append("<th>Options</th></tr></thead><tbody>");
            for (MountInfo m : c.mounts()) {
                h.append("<tr><td>").append(esc(m.destination())).append("</td><td>").append(esc(m.type()))
                        .append("</td><td>").append(esc(m.source())).append("</td><td>")
                        .append(esc(String.join(",", m.options()))).append("</td></tr>");
            }
            h.append("</tbody></table>\n");
        }
        close();
    }

    private void memory(Checkpoint c) {
        open("memory");
        long max = 1;
        for (ProcessInfo p : c.processes()) {
            max = Math.max(max, p.memory().mappedBytes());
        }
        int rows = c.processes().size();
        int row = 22;
        h.append(String.format(Locale.ROOT, "<svg class=\"chart\" role=\"img\" aria-label=\"memory per process\" "
                + "width=\"720\" height=\"%d\" viewBox=\"0 0 720 %d\">", rows * row + 24, rows * row + 24));
        int y = 0;
        for (ProcessInfo p : c.processes()) {
            double wm = 420.0 * p.memory().mappedBytes() / max;
            double wd = 420.0 * p.memory().dumpedBytes() / max;
            h.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\">%d %s</text>", y + 15, p.pid(),
                    esc(clip(p.comm(), 14))));
            h.append(String.format(Locale.ROOT, "<rect x=\"150\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"#c9d9f2\">"
                    + "<title>mapped %s</title></rect>", y + 3, Math.max(1, wm), Units.exactBytes(p.memory().mappedBytes())));
            h.append(String.format(Locale.ROOT, "<rect x=\"150\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"#3b7dd8\">"
                    + "<title>dumped %s</title></rect>", y + 3, Math.max(0, wd), Units.exactBytes(p.memory().dumpedBytes())));
            h.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s / %s</text>", 156 + Math.max(1, wm),
                    y + 15, Units.bytes(p.memory().dumpedBytes()), Units.bytes(p.memory().mappedBytes())));
            y += row;
        }
        h.append(String.format(Locale.ROOT, "<rect x=\"150\" y=\"%d\" width=\"12\" height=\"12\" fill=\"#3b7dd8\"/>"
                + "<text x=\"166\" y=\"%d\">dumped</text><rect x=\"240\" y=\"%d\" width=\"12\" height=\"12\" "
                + "fill=\"#c9d9f2\"/><text x=\"256\" y=\"%d\">mapped</text>", y + 8, y + 19, y + 8, y + 19));
        h.append("</svg>\n<table><thead><tr><th class=\"n\">PID</th><th>Process</th><th class=\"n\">Areas</th>")
                .append("<th class=\"n\">Mapped</th><th class=\"n\">Dumped</th></tr></thead><tbody>");
        for (ProcessInfo p : c.processes()) {
            h.append("<tr><td class=\"n\">").append(p.pid()).append("</td><td>").append(esc(p.comm()))
                    .append("</td><td class=\"n\">").append(p.memory().vmaCount()).append("</td><td class=\"n\">")
                    .append(Units.bytes(p.memory().mappedBytes())).append("</td><td class=\"n\">")
                    .append(Units.bytes(p.memory().dumpedBytes())).append("</td></tr>");
        }
        h.append("</tbody></table>\n");
        close();
    }

    private void rootfs(Checkpoint c) {
        open("rootfs");
        var d = c.rootfsDiff();
        h.append("<p>").append(d.entries().size()).append(" entries added or changed (").append(d.files())
                .append(" regular files, ").append(Units.bytes(d.bytes())).append("), ").append(d.deleted().size())
                .append(" deleted.</p>\n");
        if (!d.entries().isEmpty()) {
            h.append("<table class=\"mono rootfs\"><caption>Added or changed (rootfs-diff.tar)</caption><thead><tr>")
                    .append("<th>Path</th><th>Type</th><th class=\"n\">Size</th><th>Mode</th><th>Owner</th>")
                    .append("<th>Modified</th><th>Link</th><th>SHA-256</th></tr>")
                    .append("</thead><tbody>");
            for (RootfsEntry e : d.entries()) {
                h.append("<tr><td>").append(esc(e.path())).append("</td><td>").append(esc(e.type()))
                        .append("</td><td class=\"n\">").append("file".equals(e.type()) ? Units.count(e.size()) : "")
                        .append("</td><td>").append(esc(e.mode())).append("</td><td>").append(esc(owner(e)))
                        .append("</td><td>").append(esc(e.modified())).append("</td><td>")
                        .append(e.link() == null ? "" : esc(e.link())).append("</td><td class=\"hash\">")
                        .append(esc(e.sha256())).append("</td></tr>");
            }
            h.append("</tbody></table>\n");
        }
        if (!d.deleted().isEmpty()) {
            h.append("<table class=\"mono deleted\"><caption>Deleted (deleted.files)</caption><tbody>");
            for (String p : d.deleted()) {
                h.append("<tr><td>").append(esc(p)).append("</td></tr>");
            }
            h.append("</tbody></table>\n");
        }
        close();
    }

    private void warnings(Checkpoint c) {
        open("warnings");
        if (c.warnings().isEmpty()) {
            h.append("<p class=\"none\">None: every part of the checkpoint could be read.</p>\n");
        } else {
            h.append("<ul class=\"warn\">");
            c.warnings().forEach(w -> h.append("<li>").append(esc(w)).append("</li>"));
            h.append("</ul>\n");
        }
        close();
    }

    private void pinned(ReportData r) {
        open("pinned");
        if (r.pinnedHits().isEmpty()) {
            h.append("<p class=\"none\">No memory search hits were pinned.</p>\n");
        } else {
            for (PinnedHit p : r.pinnedHits()) {
                h.append("<div class=\"hit\"><div class=\"ph\"><span class=\"pid\">").append(p.pid()).append("</span> ")
                        .append(esc(p.process())).append(" at <code>").append(esc(p.address())).append("</code> in ")
                        .append(esc(p.area())).append(p.query() == null ? "" : " · search " + esc(quote(p.query())))
                        .append("</div>\n<pre class=\"hex\">").append(hexdump(p)).append("</pre></div>\n");
            }
        }
        close();
    }

    private static String quote(String q) {
        return "“" + q + "”";
    }

    /** The hit's context bytes, sixteen a row, the match in bold. */
    private static String hexdump(PinnedHit p) {
        byte[] data;
        long base;
        try {
            data = java.util.HexFormat.of().parseHex(p.contextHex());
            base = Long.parseUnsignedLong(p.contextStart().substring(2), 16);
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            return esc(p.contextText());
        }
        StringBuilder s = new StringBuilder();
        for (int row = 0; row < data.length; row += 16) {
            s.append(String.format(Locale.ROOT, "%016x  ", base + row));
            StringBuilder ascii = new StringBuilder();
            for (int i = row; i < row + 16; i++) {
                if (i >= data.length) {
                    s.append("   ");
                    continue;
                }
                boolean m = i >= p.matchOffset() && i < p.matchOffset() + p.matchLength();
                int b = data[i] & 0xff;
                String hx = String.format(Locale.ROOT, "%02x", b);
                String ch = b >= 0x20 && b < 0x7f ? esc(String.valueOf((char) b)) : ".";
                s.append(m ? "<b>" + hx + "</b> " : hx + " ");
                ascii.append(m ? "<b>" + ch + "</b>" : ch);
            }
            s.append(' ').append(ascii).append('\n');
        }
        return s.toString();
    }

    private void provenance(ReportData r) {
        open("provenance");
        kv("Provenance", new String[][] {
                {"Source file", r.checkpoint().source().path()},
                {"SHA-256", r.sourceSha256() == null ? r.hashNote() : r.sourceSha256()},
                {"Source size", Units.exactBytes(r.checkpoint().source().bytes())},
                {"Generated (UTC)", r.generated()},
                {"Tool", r.toolVersion()}});
        h.append("<p class=\"muted\">Every value is read from the checkpoint; \"not recorded\" means the checkpoint ")
                .append("does not hold it. Secrets in command lines and environments are shown as they are.</p>\n");
        close();
    }

    private static String owner(RootfsEntry e) {
        String u = e.user() != null ? e.user() : e.uid() == null ? "?" : String.valueOf(e.uid());
        String g = e.group() != null ? e.group() : e.gid() == null ? "?" : String.valueOf(e.gid());
        return u + ":" + g;
    }

    private static String endpoint(String addr, Integer port) {
        return (addr == null || addr.isEmpty() ? "*" : addr) + (port == null ? "" : ":" + port);
    }

    private static long nz(Long v) {
        return v == null ? 0 : Math.max(0, v);
    }

    private static String us(Long v) {
        return v == null ? null : Units.micros(v) + " (" + Units.count(v) + " µs)";
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static String clip(String s, int n) {
        return s == null ? "" : s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    /** HTML-escaped text; control characters but newline and tab as \xNN, so nothing in a value can act as markup. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                case '\n', '\t' -> b.append(ch);
                default -> {
                    if (ch < 0x20 || ch == 0x7f || (ch >= 0x80 && ch < 0xa0)) {
                        b.append(String.format(Locale.ROOT, "\\x%02x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.toString();
    }

    private static final String CSS = """
            :root { --fg: #1d2329; --muted: #5f6b76; --line: #d5dbe1; --head: #f1f4f7; --accent: #3b7dd8; }
            * { box-sizing: border-box; }
            body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
                   color: var(--fg); margin: 0 auto; max-width: 1100px; padding: 24px; }
            header h1 { font-size: 24px; margin: 0 0 4px; }
            .sub, .muted { color: var(--muted); }
            .sub { word-break: break-all; margin: 0 0 12px; }
            nav ol { display: flex; flex-wrap: wrap; gap: 4px 16px; padding: 8px 12px; margin: 0 0 16px;
                     list-style: none; background: var(--head); border-radius: 6px; }
            nav a { color: var(--accent); text-decoration: none; }
            section { margin: 0 0 28px; }
            h2 { font-size: 18px; border-bottom: 2px solid var(--accent); padding-bottom: 4px; margin: 0 0 10px; }
            table { border-collapse: collapse; width: 100%; margin: 0 0 12px; }
            caption { text-align: left; font-weight: 600; padding: 4px 0; }
            th, td { text-align: left; vertical-align: top; padding: 3px 8px; border-bottom: 1px solid var(--line);
                     overflow-wrap: anywhere; }
            thead th { background: var(--head); }
            table.kv th { width: 130px; font-weight: 600; color: var(--muted); }
            .env th { width: 28%; }
            .mounts td:nth-child(2) { white-space: nowrap; }
            td.hash { font-size: 10px; min-width: 14em; }
            .rootfs td:nth-child(n+2):nth-child(-n+6) { white-space: nowrap; overflow-wrap: normal; }
            .cols { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
            .n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            .mono td, .mono th, pre, code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; }
            .none { color: var(--muted); font-style: italic; }
            .proc, .hit { border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; margin: 0 0 8px; }
            .pid { display: inline-block; min-width: 2.5em; padding: 0 6px; border-radius: 4px; background: var(--accent);
                   color: #fff; text-align: center; font-weight: 600; }
            pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 6px 0; background: var(--head);
                  padding: 6px 8px; border-radius: 4px; }
            .q { color: var(--muted); }
            details summary { cursor: pointer; font-weight: 600; margin: 4px 0; }
            .note { color: #8a5a00; margin: 4px 0; }
            ul.warn li { color: #8a1f11; }
            .deleted td { color: #8a1f11; text-decoration: line-through; }
            svg.chart { display: block; max-width: 100%; height: auto; margin: 4px 0 10px; font: 12px sans-serif; }
            svg text { fill: var(--fg); }
            pre.hex b { color: #b00020; }
            @media print {
              body { max-width: none; padding: 0; font-size: 10pt; }
              nav { display: none; }
              section { break-inside: auto; }
              h2 { break-after: avoid; }
              tr, .proc, .hit, svg { break-inside: avoid; }
              thead { display: table-header-group; }
              pre { background: none; border: 1px solid var(--line); }
              .pid { background: none; color: var(--fg); border: 1px solid var(--fg); }
              @page { margin: 15mm; }
            }
            """;
}
