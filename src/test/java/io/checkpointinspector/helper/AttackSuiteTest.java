package io.checkpointinspector.helper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs src/test/scripts/attack-helper.sh: the helper started as root for the real Linux user ci-attacker (as
 * pkexec starts it), attacked through its protocol and the file system, with real podman behind it. Needs root
 * and the runtime of setup-runtime.sh; without them it skips with the reason, except under CI, where it fails.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class AttackSuiteTest {

    private static final Path SCRIPT = Path.of("src/test/scripts/attack-helper.sh");

    @Test
    void everyAttackIsRefusedAndNothingEscapes() throws Exception {
        List<String> missing = new ArrayList<>();
        if (Posix.geteuid() != 0) {
            missing.add("not running as root");
        }
        if (!Files.isExecutable(Path.of("/usr/bin/podman"))) {
            missing.add("podman is not installed");
        }
        if (!Files.isExecutable(Path.of("/usr/sbin/useradd"))) {
            missing.add("useradd is not installed");
        }
        if (!missing.isEmpty()) {
            String reason = "AttackSuiteTest: " + String.join("; ", missing);
            if ("true".equals(System.getenv("CI"))) {
                fail(reason + " — under CI this test must run, not skip");
            }
            System.out.println("SKIPPED " + reason);
            assumeTrue(false, reason);
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                .replace(File.pathSeparator + File.pathSeparator, File.pathSeparator);
        Process p = new ProcessBuilder("bash", SCRIPT.toString(), java, "-cp", classpath,
                HelperMain.class.getName()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        System.out.print(out);
        Matcher m = Pattern.compile("(?m)^(\\d+) attacks, (\\d+) refused, (\\d+) escapes$").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        assertThat(Integer.parseInt(m.group(3))).as(out).isZero();
        assertThat(m.group(2)).as(out).isEqualTo(m.group(1));
        assertThat(Integer.parseInt(m.group(1))).isGreaterThanOrEqualTo(30);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).doesNotContain("ESCAPE");
    }
}
