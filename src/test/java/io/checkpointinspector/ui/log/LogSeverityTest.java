package io.checkpointinspector.ui.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Errors and warnings in the logs a checkpoint carries are told apart from the rest. */
class LogSeverityTest {

    @Test
    void criuAndPodmanErrorsAndWarningsAreRecognised() {
        assertThat(LogViewModel.severity("(00.013401) Error (criu/sk-unix.c:903): unix: Can't dump socket"))
                .isEqualTo("error");
        assertThat(LogViewModel.severity("time=\"2026-11-22T07:42:23Z\" level=error msg=\"oops\"")).isEqualTo("error");
        assertThat(LogViewModel.severity("(00.000588) Warn  (criu/kerndat.c:1104): Can't keep kdat cache"))
                .isEqualTo("warning");
        assertThat(LogViewModel.severity("level=warning msg=\"cgroup\"")).isEqualTo("warning");
        assertThat(LogViewModel.severity("(00.000001) Version: 4.1.1 (gitid 0)")).isNull();
        assertThat(LogViewModel.severity("(00.000120) Dumping errors_count.img")).isNull();
    }
}
