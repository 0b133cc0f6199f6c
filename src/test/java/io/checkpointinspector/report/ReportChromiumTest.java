package io.checkpointinspector.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The report in a real browser, Debian's headless chromium, with the network off (its own empty network namespace
 * when we are root, and a proxy to nowhere in any case): the DOM it built holds every section, a screenshot is
 * taken (target/screenshots/report-*.png), and printing gives a PDF of several pages. Under CI a missing chromium
 * fails the test instead of skipping it.
 */
class ReportChromiumTest {

    static final Path OUT = Path.of("target/report-test");
    static final Path SHOTS = Path.of("target/screenshots");
    static Path html;

    @BeforeAll
    static void write() throws IOException {
        boolean installed = Files.isExecutable(Path.of("/usr/bin/chromium"));
        if (!installed) {
            String reason = "Debian's chromium is not installed (apt-get install chromium)";
            if (System.getenv("CI") != null) {
                fail(reason + " — under CI this test must run, not skip");
            }
            assumeTrue(false, reason);
        }
        Files.createDirectories(OUT);
        Files.createDirectories(SHOTS);
        html = OUT.resolve("report.html").toAbsolutePath();
        ReportData data = ReportFixtures.report();
        ReportFiles.write(html, ReportFixtures.SOURCE, new HtmlReport(false).render(data));
    }

    @Test
    void chromiumBuildsEverySectionOffline() throws Exception {
        String dom = chromium("--dump-dom", html.toUri().toString());
        for (String id : HtmlReport.SECTIONS) {
            assertThat(dom).as("section " + id).contains("<section id=\"" + id + "\">");
        }
        assertThat(dom).contains("<h2>Process tree</h2>").contains("<h2>Root file-system changes</h2>")
                .contains("<h2>Pinned memory hits</h2>").contains("CKPT-INSPECTOR-MARKER")
                .contains("<svg").contains("<details class=\"env\" open=\"\">").doesNotContain("<script");
    }

    @Test
    void screenshotsShowTheReport() throws Exception {
        for (String size : List.of("1200,1800", "1200,9000")) {
            Path shot = SHOTS.resolve(size.startsWith("1200,1") ? "report-top.png" : "report-full.png").toAbsolutePath();
            Files.deleteIfExists(shot);
            chromium("--hide-scrollbars", "--window-size=" + size, "--screenshot=" + shot, html.toUri().toString());
            byte[] png = Files.readAllBytes(shot);
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');
            // width and height from the IHDR chunk: what was asked for
            int w = java.nio.ByteBuffer.wrap(png, 16, 4).getInt();
            assertThat(w).isEqualTo(1200);
            assertThat(png.length).isGreaterThan(50_000);   // a blank page compresses to a few kilobytes
        }
    }

    @Test
    void printsToSeveralPages() throws Exception {
        Path pdf = OUT.resolve("report.pdf").toAbsolutePath();
        Files.deleteIfExists(pdf);
        chromium("--no-pdf-header-footer", "--print-to-pdf=" + pdf, html.toUri().toString());
        String text = new String(Files.readAllBytes(pdf), StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("%PDF");
        long pages = java.util.regex.Pattern.compile("/Type\\s*/Page[^s]").matcher(text).results().count();
        assertThat(pages).isGreaterThanOrEqualTo(2);
    }

    /** Runs headless chromium with the network off and returns its stdout. */
    static String chromium(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root && Files.isExecutable(Path.of("/usr/bin/unshare"))) {
            cmd.addAll(List.of("/usr/bin/unshare", "--net"));   // no network interface at all, not even loopback up
        }
        Path profile = Files.createTempDirectory(OUT.toAbsolutePath(), "chromium-profile");
        cmd.addAll(List.of("/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--no-first-run", "--disable-default-apps",
                "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                "--user-data-dir=" + profile));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(OUT.resolve("chromium-stderr.txt").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(p.exitValue()).as("chromium exit code; " + Files.readString(OUT.resolve("chromium-stderr.txt")))
                .isZero();
        return out;
    }
}
