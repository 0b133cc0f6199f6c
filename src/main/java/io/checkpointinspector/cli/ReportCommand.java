package io.checkpointinspector.cli;

import io.checkpointinspector.inspect.InspectListener;
import io.checkpointinspector.report.HtmlReport;
import io.checkpointinspector.report.ReportData;
import io.checkpointinspector.report.ReportFiles;
import io.checkpointinspector.report.Reports;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write a report of one checkpoint: a self-contained HTML file (no script, nothing fetched;"
                + " prints well) or the same content as JSON.")
final class ReportCommand implements Callable<Integer> {

    enum Format { html, json }

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "where to write (default: standard output)")
    Path output;

    @Option(names = "--format", defaultValue = "html", description = "html or json (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--collapse-env", description = "html: environments start collapsed")
    boolean collapseEnv;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "checkpoint file or directory")
    Path source;

    @Override
    public Integer call() throws Exception {
        ReportData data = new Reports(Clock.systemUTC()).build(source, InspectListener.NONE, List.of());
        String text = format == Format.json ? JsonOutput.writeValue(Reports.jsonModel(data)) + "\n"
                : new HtmlReport(collapseEnv).render(data);
        var err = spec.commandLine().getErr();
        if (output == null || output.toString().equals("-")) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        } else {
            ReportFiles.write(output, source, text);
            err.println("wrote " + output + " (" + text.length() + " characters, SHA-256 of the source "
                    + (data.sourceSha256() == null ? "not taken: " + data.hashNote() : data.sourceSha256()) + ")");
        }
        String path = data.checkpoint().source().path();
        for (String w : data.checkpoint().warnings()) {
            err.println("warning: " + (w.startsWith(path) ? "" : path + ": ") + w);
        }
        err.flush();
        return 0;
    }
}
