package io.checkpointinspector.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.checkpointinspector.inspect.Fixtures;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.model.ProcessInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML text itself: self-contained, every section, values from the checkpoint, hostile values inert. */
class HtmlReportTest {

    @Test
    void holdsEverySectionAndTheFactsOfTheFixture() throws Exception {
        ReportData data = ReportFixtures.report();
        String html = new HtmlReport(false).render(data);
        for (String id : HtmlReport.SECTIONS) {
            assertThat(html).contains("<section id=\"" + id + "\">");
        }
        var expected = Fixtures.expected();
        assertThat(html).contains(expected.get("containerId").asText())
                .contains("FIXTURE_GREETING").contains("hello-from-fixture")
                .contains("/tmp/worker-open.txt")
                .contains("/added/hello.txt").contains("/etc/fixture-delete-me").contains("root:root")
                .contains("<svg").contains("@media print")
                .contains(data.sourceSha256()).contains("2026-12-02T17:00:00Z").contains(Reports.toolVersion());
        // the pinned hit: its address and the matched bytes in bold
        assertThat(data.pinnedHits()).hasSize(1);
        assertThat(html).contains(data.pinnedHits().get(0).address()).contains("<b>C</b>");
        assertThat(html).contains("<details class=\"env\" open>");
        assertThat(new HtmlReport(true).render(data)).contains("<details class=\"env\">")
                .doesNotContain("<details class=\"env\" open>");
    }

    @Test
    void sha256IsTheOneSha256sumPrints() throws Exception {
        ReportData data = ReportFixtures.report();
        Process p = new ProcessBuilder("sha256sum", ReportFixtures.SOURCE.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(p.waitFor()).isZero();
        assertThat(data.sourceSha256()).isEqualTo(out.split("\\s+")[0]);
    }

    @Test
    void fetchesNothingAndRunsNothing() throws Exception {
        String html = new HtmlReport(false).render(ReportFixtures.report()).toLowerCase(java.util.Locale.ROOT);
        assertThat(html).doesNotContain("<script").doesNotContain("src=").doesNotContain("url(")
                .doesNotContain("@import").doesNotContain("<link").doesNotContain("http://")
                .doesNotContain("https://").contains("content-security-policy\" content=\"default-src 'none'");
        assertThat(html.replaceAll("href=\"#[a-z-]+\"", "")).doesNotContain("href=");
    }

    @Test
    void hostileValuesAreShownAsText() throws Exception {
        ReportData data = ReportFixtures.report();
        Checkpoint c = data.checkpoint();
        List<ProcessInfo> procs = new ArrayList<>();
        for (ProcessInfo p : c.processes()) {
            Map<String, String> env = new LinkedHashMap<>(p.env() == null ? Map.of() : p.env());
            env.put("EVIL", "</style><script>alert(1)</script><img src=http://example.invalid/x>\u0007");
            procs.add(new ProcessInfo(p.pid(), p.ppid(), p.pgid(), p.sid(), "<b>" + p.comm(), p.state(), p.exitCode(),
                    p.threads(), List.of("x\" onmouseover=\"y", "</pre>"), env, p.argsNote(), p.cwd(), p.root(),
                    p.files(), p.sockets(), p.memory()));
        }
        Checkpoint evil = new Checkpoint(c.schemaVersion(), c.source(), c.container(), c.criu(), c.sizes(), c.stats(),
                procs, c.mounts(), c.rootfsDiff(), c.entries(), List.of("<script>warning</script>"));
        String html = new HtmlReport(false).render(new ReportData(evil, data.sourceSha256(), null, data.generated(),
                data.toolVersion(), data.pinnedHits()));
        assertThat(html).doesNotContain("<script").doesNotContain("<img").doesNotContain("<b>sh")
                .contains("&lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt;").contains("\\x07")
                .contains("&lt;/pre&gt;").contains("x&quot; onmouseover=&quot;y");
    }

    @Test
    void neverWritesOverTheCheckpointOrThroughALink(@TempDir Path tmp) throws IOException {
        Path source = tmp.resolve("c.tar");
        Files.copy(ReportFixtures.SOURCE, source);
        assertThatThrownBy(() -> ReportFiles.write(source, source, "x")).hasMessageContaining("is the checkpoint");
        Path target = tmp.resolve("elsewhere.html");
        Path link = tmp.resolve("link.html");
        Files.createSymbolicLink(link, target);
        assertThatThrownBy(() -> ReportFiles.write(link, source, "x")).hasMessageContaining("symbolic link");
        assertThat(target).doesNotExist();
        assertThat(Files.size(source)).isEqualTo(Files.size(ReportFixtures.SOURCE));
        ReportFiles.write(tmp.resolve("r.html"), source, "<p>ok</p>");
        assertThat(tmp.resolve("r.html")).hasContent("<p>ok</p>");
    }
}
