package io.checkpointinspector.cli;

import io.checkpointinspector.discover.CheckpointFinder;
import io.checkpointinspector.discover.FoundCheckpoint;
import io.checkpointinspector.discover.Place;
import io.checkpointinspector.discover.PlaceKind;
import io.checkpointinspector.discover.Places;
import io.checkpointinspector.discover.ScanLimits;
import io.checkpointinspector.discover.ScanReport;
import io.checkpointinspector.text.Units;
import io.checkpointinspector.ui.AppPreferences;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"Find checkpoints on this machine: kubelet's checkpoint folder, Podman's and containerd's"
                + " checkpoint images in local storage, the folders of the checkpoints the window opened recently,"
                + " and --path folders. One row each, newest first.",
                "Places that cannot be read are listed as notes at the end; the scan is bounded and says when a bound"
                        + " cut it short."})
final class ListCommand implements Callable<Integer> {

    enum Format { table, json }

    @Spec
    CommandSpec spec;

    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--path", paramLabel = "DIR", description = "also look in this folder (repeatable)")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--only-paths", description = "look only in the --path folders")
    boolean onlyPaths;

    @Option(names = "--max-depth", defaultValue = "2", paramLabel = "N",
            description = "folder levels searched below each folder place (default: ${DEFAULT-VALUE})")
    int maxDepth;

    @Option(names = "--max-entries", defaultValue = "5000", paramLabel = "N",
            description = "entries looked at per place (default: ${DEFAULT-VALUE})")
    int maxEntries;

    @Option(names = "--timeout", defaultValue = "10", paramLabel = "SECONDS",
            description = "time bound of the whole scan (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Override
    public Integer call() {
        if (maxDepth < 1 || maxEntries < 1 || timeoutSeconds < 1) {
            spec.commandLine().getErr().println("error: --max-depth, --max-entries and --timeout must be at least 1");
            return 2;
        }
        List<Place> places = new ArrayList<>();
        if (!onlyPaths) {
            places.addAll(Places.defaults(Path.of(System.getProperty("user.home")), recent()));
        }
        paths.forEach(p -> places.add(new Place(p.toAbsolutePath().normalize(), PlaceKind.USER)));
        ScanLimits limits = new ScanLimits(maxDepth, maxEntries, Duration.ofSeconds(timeoutSeconds),
                ScanLimits.defaults().maxCompressedBytes());
        ScanReport report = new CheckpointFinder(limits).scan(places);
        var out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(JsonOutput.writeValue(json(report)));
        } else {
            out.print(table(report));
        }
        out.flush();
        return 0;
    }

    static String table(ScanReport report) {
        StringBuilder sb = new StringBuilder();
        if (!report.rows().isEmpty()) {
            Table table = new Table("CHECKPOINTED", "CONTAINER", "ENGINE", "IMAGE", "SIZE", "FOUND IN", "SOURCE",
                    "PROBLEM");
            for (FoundCheckpoint r : report.rows()) {
                table.row(r.checkpointed(), r.container(), r.engine(), r.image(),
                        r.bytes() == null ? null : Units.bytes(r.bytes()),
                        r.place().label() + (r.where() == null ? "" : ", " + r.where()), r.path(), problem(r));
            }
            sb.append(table.render());
        }
        sb.append(Units.count(report.rows().size(), "checkpoint", "checkpoints")).append(" found in ")
                .append(Units.count(report.places().size(), "place", "places")).append(" (")
                .append(report.elapsedMillis()).append(" ms)").append(report.cutShort() ? "; the scan was cut short"
                        : "").append('\n');
        if (!report.notes().isEmpty()) {
            sb.append("notes:\n");
            report.notes().forEach(n -> sb.append("  ").append(n).append('\n'));
        }
        return sb.toString();
    }

    /** Why a row could not be read, or what reading it found broken. */
    static String problem(FoundCheckpoint r) {
        if (r.error() != null || r.warnings().isEmpty()) {
            return r.error();
        }
        String first = r.warnings().get(0);
        String path = r.path() == null ? null : r.path() + ": ";
        if (path != null && first.startsWith(path)) {
            first = first.substring(path.length());
        }
        return r.warnings().size() == 1 ? "warning: " + first
                : r.warnings().size() + " warnings, the first: " + first;
    }

    private static Map<String, Object> json(ScanReport report) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", 1);
        m.put("checkpoints", report.rows());
        List<Map<String, Object>> places = new ArrayList<>();
        for (Place p : report.places()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("path", p.path().toString());
            pm.put("kind", p.kind());
            places.add(pm);
        }
        m.put("places", places);
        m.put("notes", report.notes());
        m.put("elapsedMillis", report.elapsedMillis());
        m.put("cutShort", report.cutShort());
        return m;
    }

    /**
     * The window's recent checkpoints, from the same preference store. java.util.prefs creates its folder (and says
     * so on stderr) on first use: when the folder is not there, the window never stored any, so it is not touched.
     */
    private static List<String> recent() {
        Path store = Path.of(System.getProperty("java.util.prefs.userRoot", System.getProperty("user.home")),
                ".java", ".userPrefs");
        if (!Files.isDirectory(store)) {
            return List.of();
        }
        try {
            return AppPreferences.user().recent();
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
