package io.checkpointinspector.cli;

import io.checkpointinspector.criu.MemoryRead;
import io.checkpointinspector.inspect.MemoryDump;
import io.checkpointinspector.inspect.CheckpointInspector;
import io.checkpointinspector.inspect.InspectListener;
import io.checkpointinspector.inspect.MemoryAccess;
import io.checkpointinspector.inspect.MemoryFilter;
import io.checkpointinspector.inspect.MemoryHit;
import io.checkpointinspector.inspect.MemoryString;
import io.checkpointinspector.inspect.SearchPattern;
import io.checkpointinspector.inspect.StringsResult;
import io.checkpointinspector.criu.StringsScanner;
import io.checkpointinspector.inspect.MemorySearchResult;
import io.checkpointinspector.inspect.SearchPattern;
import io.checkpointinspector.inspect.VmaLookup;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.model.ProcessInfo;
import io.checkpointinspector.text.HexDump;
import io.checkpointinspector.text.Units;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "memory", mixinStandardHelpOptions = true,
        description = {"Process memory of a checkpoint: sizes per process, a search of every dumped byte, the "
                + "printable strings, or the bytes at a virtual address.",
                "Without --search*, --strings or --dump: one row per process with its mapped and dumped memory.",
                "--search-regex reads the bytes as ISO-8859-1 (any byte can match, e.g. \\x00) and finds matches "
                        + "up to 4096 bytes long, across page boundaries; (?i), (?s) work as in Java."})
final class MemoryCommand implements Callable<Integer> {

    enum Format { table, json }

    /** Default and largest --dump length. */
    static final int DEFAULT_DUMP = 256;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "checkpoint file or directory")
    Path source;

    @Option(names = "--pid", paramLabel = "N", description = "only this process (pid inside the container)")
    Integer pid;

    @Option(names = "--search", paramLabel = "TEXT", description = "find TEXT (UTF-8, case-sensitive unless -i)")
    String search;

    @Option(names = {"-i", "--ignore-case"}, description = "--search matches ASCII letters in either case")
    boolean ignoreCase;

    @Option(names = "--outside-tree",
            description = "also search the images of pids the process tree does not list (left by an earlier dump)")
    boolean outsideTree;

    @Option(names = "--search-hex", paramLabel = "HEX", description = "find these bytes, e.g. \"de ad be ef\"")
    String searchHex;

    @Option(names = "--search-regex", paramLabel = "REGEX",
            description = "find matches of a Java regular expression over the bytes read as ISO-8859-1")
    String searchRegex;

    @Option(names = "--search-utf16", paramLabel = "TEXT", description = "find TEXT encoded as UTF-16LE")
    String searchUtf16;

    @Option(names = "--strings", description = "list runs of printable ASCII and UTF-16LE characters, with addresses")
    boolean strings;

    @Option(names = "--min-length", paramLabel = "N", defaultValue = "4",
            description = "shortest run --strings lists, in characters (default: ${DEFAULT-VALUE})")
    int minLength;

    @Option(names = "--kind", paramLabel = "KINDS",
            description = "search only memory areas of these kinds, comma-separated: heap, stack, file, anon, "
                    + "shared, vdso")
    String kinds;

    @Option(names = "--perm", paramLabel = "PERMS",
            description = "search only memory areas that have all these permissions, e.g. rw, x, s")
    String perms;

    @Option(names = "--dump", paramLabel = "ADDR[:LEN]",
            description = "hex and ASCII of LEN bytes (default 256, at most 1 MiB) at virtual address ADDR "
                    + "(hex, e.g. 0x7f2fa931d000:64); needs --pid")
    String dump;

    @Option(names = "--max-hits", paramLabel = "N", defaultValue = "10000",
            description = "stop the search (or --strings) after N hits (default: ${DEFAULT-VALUE})")
    int maxHits;

    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE})")
    Format format;

    @picocli.CommandLine.Mixin
    ParentOption parent = new ParentOption();

    private record DumpRange(long address, int length, boolean capped) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int modes = (search != null ? 1 : 0) + (searchHex != null ? 1 : 0) + (searchRegex != null ? 1 : 0)
                + (searchUtf16 != null ? 1 : 0) + (strings ? 1 : 0) + (dump != null ? 1 : 0);
        if (modes > 1) {
            return usage(err, "give only one of --search, --search-hex, --search-regex, --search-utf16, --strings "
                    + "and --dump");
        }
        if (minLength < 1) {
            return usage(err, "--min-length must be at least 1");
        }
        if (dump != null && pid == null) {
            return usage(err, "--dump needs --pid");
        }
        if (maxHits < 1) {
            return usage(err, "--max-hits must be at least 1");
        }
        SearchPattern pattern;
        DumpRange range;
        MemoryFilter filter;
        try {
            if ((search != null && search.isEmpty()) || (searchUtf16 != null && searchUtf16.isEmpty())) {
                return usage(err, "--search needs some text");
            }
            pattern = search != null ? SearchPattern.text(search, ignoreCase)
                    : searchUtf16 != null ? SearchPattern.utf16(searchUtf16)
                    : searchRegex != null ? SearchPattern.regex(searchRegex)
                    : searchHex != null ? SearchPattern.hex(HexDump.parseHex(searchHex)) : null;
            range = dump != null ? dumpRange(dump) : null;
            filter = new MemoryFilter(pid == null ? OptionalInt.empty() : OptionalInt.of(pid),
                    MemoryFilter.parseKinds(kinds), perms == null ? "" : perms.trim());
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        if (filter.limitsAreas() && pattern == null && !strings) {
            return usage(err, "--kind and --perm go with a search or --strings");
        }
        Checkpoint checkpoint = new CheckpointInspector().inspect(source, InspectListener.NONE);
        boolean strayPid = pid != null && checkpoint.imagesOutsideTree().stream().anyMatch(o -> o.pid() == pid);
        if (pid != null && checkpoint.processes().stream().noneMatch(p -> p.pid() == pid)
                && !(strayPid && pattern != null)) {
            return usage(err, source + ": no process " + pid + " in this checkpoint");
        }
        var chain = parent.open(source, checkpoint);
        if (chain != null) {
            checkpoint = chain.apply(checkpoint);
            warn(err, chain.warnings());
        }
        MemoryAccess memory = new MemoryAccess(source, checkpoint, chain);
        if (pattern != null) {
            MemorySearchResult r = memory.search(pattern, filter, outsideTree, maxHits, InspectListener.NONE);
            out.print(format == Format.json ? JsonOutput.writeValue(searchJson(r)) + "\n" : searchTable(r, filter));
            warn(err, r.warnings());
        } else if (strings) {
            StringsResult r = memory.strings(filter, minLength, maxHits, InspectListener.NONE);
            out.print(format == Format.json ? JsonOutput.writeValue(stringsJson(r)) + "\n"
                    : stringsTable(r, filter));
            warn(err, r.warnings());
        } else if (range != null) {
            MemoryRead read = memory.read(pid, range.address(), range.length(), InspectListener.NONE);
            out.print(format == Format.json ? JsonOutput.writeValue(dumpJson(read)) + "\n" : dumpText(read,
                    checkpoint));
            if (range.capped()) {
                warn(err, List.of("--dump length capped at " + MemoryAccess.MAX_READ + " bytes"));
            }
        } else {
            out.print(format == Format.json ? JsonOutput.writeValue(listJson(checkpoint)) + "\n"
                    : listTable(checkpoint));
        }
        out.flush();
        err.flush();
        return 0;
    }

    private void warn(PrintWriter err, List<String> warnings) {
        for (String w : warnings) {
            err.println("warning: " + source + ": " + w);
        }
    }

    private static int usage(PrintWriter err, String message) {
        err.println("error: " + message);
        err.flush();
        return 1;
    }

    static DumpRange dumpRange(String text) {
        int colon = text.indexOf(':');
        String addr = colon < 0 ? text : text.substring(0, colon);
        long address;
        long length = DEFAULT_DUMP;
        try {
            address = VmaLookup.parseHex(addr);
            if (colon >= 0) {
                String len = text.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
                length = len.startsWith("0x") ? Long.parseLong(len.substring(2), 16) : Long.parseLong(len);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--dump wants ADDR[:LEN] with ADDR in hex, e.g. 0x7ffd4000:64; got \""
                    + text + "\"");
        }
        if (length < 1) {
            throw new IllegalArgumentException("--dump length must be at least 1");
        }
        boolean capped = length > MemoryAccess.MAX_READ;
        return new DumpRange(address, (int) Math.min(length, MemoryAccess.MAX_READ), capped);
    }

    private String listTable(Checkpoint c) {
        var chain = c.chain();
        boolean incremental = chain != null && chain.incremental();
        Table t = incremental ? new Table("PID", "PROCESS", "AREAS", "MAPPED", "DUMPED", "IN PARENT")
                : new Table("PID", "PROCESS", "AREAS", "MAPPED", "DUMPED");
        for (ProcessInfo p : selected(c)) {
            var m = p.memory();
            List<String> row = new ArrayList<>(List.of(String.valueOf(p.pid()), p.comm(),
                    String.valueOf(m == null ? 0 : m.vmaCount()), Units.bytes(m == null ? 0 : m.mappedBytes()),
                    Units.bytes(m == null ? 0 : m.dumpedBytes())));
            if (incremental) {
                long pages = chain.pagesInParentByPid().getOrDefault(p.pid(), 0L);
                row.add(Units.bytes(pages * pageSize(c)));
            }
            t.row(row.toArray(new String[0]));
        }
        return t.render() + (chain == null ? "" : chainLine(c));
    }

    /** What the chain means for the bytes: in the parent, read through it, or a pre-dump's own pages. */
    private static String chainLine(Checkpoint c) {
        var chain = c.chain();
        long bytes = chain.pagesInParent() * pageSize(c);
        if (chain.preDump()) {
            return "pre-dump: " + Units.count(chain.pagesInImage()) + " pages (" + Units.bytes(chain.pagesInImage()
                    * pageSize(c)) + ") of pids " + chain.pids() + ", no process tree; open its child with --parent "
                    + c.source().path() + "\n";
        }
        String link = chain.parentLink() == null ? "no parent link" : "checkpoint/parent -> " + chain.parentLink();
        if (!c.parents().isEmpty()) {
            var p = c.parents().get(0);
            return Units.count(chain.pagesInParent()) + " pages (" + Units.bytes(bytes) + ") are in the parent ("
                    + link + "), read through " + c.parents().size() + (c.parents().size() == 1 ? " parent: "
                    : " parents: ") + p.source() + (p.pagesMissing() > 0 ? "; " + Units.count(p.pagesMissing())
                    + " pages are not in it" : "") + "\n";
        }
        return Units.count(chain.pagesInParent()) + " pages (" + Units.bytes(bytes) + ") are in the parent checkpoint ("
                + link + ") and not in this one: open it with --parent FILE to read them\n";
    }

    private static int pageSize(Checkpoint c) {
        return c.criu() != null && c.criu().pageSize() != null ? c.criu().pageSize() : 4096;
    }

    private List<ProcessInfo> selected(Checkpoint c) {
        return c.processes().stream().filter(p -> pid == null || p.pid() == pid).toList();
    }

    private Object listJson(Checkpoint c) {
        List<Object> rows = new ArrayList<>();
        for (ProcessInfo p : selected(c)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("pid", p.pid());
            row.put("process", p.comm());
            row.put("memory", p.memory());
            rows.add(row);
        }
        return Map.of("processes", rows);
    }

    private static String area(String label) {
        return label == null ? "(outside every area)" : label.isEmpty() ? "[anonymous]" : label;
    }

    private static String scope(MemorySearchResult r, MemoryFilter filter) {
        return scope(r.bytesSearched(), r.processes(), filter);
    }

    private static String scope(long bytes, int processes, MemoryFilter filter) {
        String areas = filter.describeAreas();
        return Units.bytes(bytes) + " of dumped memory" + (areas.isEmpty() ? "" : " in " + areas) + " of "
                + processes + (processes == 1 ? " process" : " processes");
    }

    private static String stringsTable(StringsResult r, MemoryFilter filter) {
        Table t = new Table("PID", "PROCESS", "ADDRESS", "AREA", "ENCODING", "LENGTH", "TEXT");
        for (MemoryString s : r.strings()) {
            t.row(String.valueOf(s.pid()), s.process(), hex(s.address()), area(s.vmaLabel()),
                    s.encoding() == StringsScanner.Encoding.ASCII ? "ascii" : "utf-16le", String.valueOf(s.length()),
                    s.text().replace('\t', ' ') + (s.length() > s.text().length() ? "..." : ""));
        }
        String summary = Units.count(r.strings().size()) + (r.strings().size() == 1 ? " string" : " strings")
                + (r.capped() ? " (stopped at the cap; more exist: raise --max-hits)" : "") + " in "
                + scope(r.bytesSearched(), r.processes(), filter) + "\n";
        return (r.strings().isEmpty() ? "" : t.render()) + summary;
    }

    private static Object stringsJson(StringsResult r) {
        List<Object> rows = new ArrayList<>();
        for (MemoryString s : r.strings()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pid", s.pid());
            m.put("process", s.process());
            m.put("address", hex(s.address()));
            m.put("vma", s.vmaLabel());
            m.put("encoding", s.encoding() == StringsScanner.Encoding.ASCII ? "ascii" : "utf-16le");
            m.put("length", s.length());
            m.put("text", s.text());
            m.put("textComplete", s.length() == s.text().length());
            rows.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("strings", rows);
        m.put("capped", r.capped());
        m.put("bytesSearched", r.bytesSearched());
        m.put("processes", r.processes());
        m.put("warnings", r.warnings());
        return m;
    }

    private static String searchTable(MemorySearchResult r, MemoryFilter filter) {
        Table t = new Table("PID", "PROCESS", "ADDRESS", "AREA", "CONTEXT");
        for (MemoryHit h : r.hits()) {
            t.row(String.valueOf(h.pid()), h.inProcessTree() ? h.process() : NOT_IN_TREE, hex(h.address()),
                    area(h.vmaLabel()), h.preview());
        }
        String summary = Units.count(r.hits().size()) + (r.hits().size() == 1 ? " hit" : " hits")
                + (r.capped() ? " (stopped at the cap; more exist: raise --max-hits)" : "") + " in "
                + scope(r, filter) + "\n";
        return (r.hits().isEmpty() ? "" : t.render()) + summary;
    }

    private static Object searchJson(MemorySearchResult r) {
        List<Object> hits = new ArrayList<>();
        for (MemoryHit h : r.hits()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pid", h.pid());
            m.put("process", h.process());
            m.put("inProcessTree", h.inProcessTree());
            m.put("address", hex(h.address()));
            m.put("vma", h.vmaLabel());
            m.put("length", h.matchLength());
            m.put("contextAddress", hex(h.contextStart()));
            m.put("context", hexBytes(h.context()));
            m.put("preview", h.preview());
            hits.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hits", hits);
        m.put("capped", r.capped());
        m.put("bytesSearched", r.bytesSearched());
        m.put("processes", r.processes());
        m.put("warnings", r.warnings());
        return m;
    }

    private String dumpText(MemoryRead read, Checkpoint c) {
        VmaLookup areas = new VmaLookup(selected(c).get(0).memory() == null ? List.of()
                : selected(c).get(0).memory().vmas());
        String where = areas.find(read.vaddr()).map(v -> "in " + v.start() + "-" + v.end() + " " + v.prot() + " "
                + (v.label().isEmpty() ? "[anonymous]" : v.label())).orElse("outside every memory area");
        return "pid " + pid + ", " + Units.exactBytes(read.length()) + " at " + hex(read.vaddr()) + " (" + where
                + ")" + (read.complete() ? "" : ", " + Units.exactBytes(read.missingBytes()) + " not in the checkpoint")
                + "\n" + MemoryDump.of(read);
    }

    private Object dumpJson(MemoryRead read) {
        List<Object> gaps = new ArrayList<>();
        for (MemoryRead.Gap g : read.gaps()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("address", hex(g.vaddr()));
            m.put("length", g.length());
            m.put("reason", g.reason());
            gaps.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", pid);
        m.put("address", hex(read.vaddr()));
        m.put("length", read.length());
        m.put("data", hexBytes(read.data()));
        m.put("gaps", gaps);
        return m;
    }

    /** How a hit in the images of a pid outside the process tree is labelled. */
    static final String NOT_IN_TREE = "(not in the process tree)";

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    private static String hexBytes(byte[] data) {
        StringBuilder sb = new StringBuilder(data.length * 2);
        for (byte b : data) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }
}
