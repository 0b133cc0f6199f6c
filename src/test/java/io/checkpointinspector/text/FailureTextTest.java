package io.checkpointinspector.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** The one mapping from a failure to words, shared by the command line and the window. */
class FailureTextTest {

    @Test
    void fileSystemFailuresNameThePathInWords() {
        assertThat(FailureText.of(new NoSuchFileException("/x/cp.tar"))).isEqualTo("/x/cp.tar: no such file or directory");
        assertThat(FailureText.of(new AccessDeniedException("/x"))).isEqualTo("/x: permission denied");
        assertThat(FailureText.of(new NotDirectoryException("/x"))).isEqualTo("/x: not a directory");
        assertThat(FailureText.of(new FileSystemException("/x"))).isEqualTo("/x: cannot be read");
        // a reason given by the JDK is kept in its message
        assertThat(FailureText.of(new FileSystemException("/x", null, "Is a directory"))).isEqualTo("/x: Is a directory");
        assertThat(FailureText.of(new UncheckedIOException(new NoSuchFileException("/y"))))
                .isEqualTo("/y: no such file or directory");
    }

    @Test
    void inputFailuresAreTheEngineMessageAndNotBugs() {
        IOException bad = new IOException("cp.tar: entry checkpoint/core-1.img: truncated record");
        assertThat(FailureText.of(bad)).isEqualTo("cp.tar: entry checkpoint/core-1.img: truncated record");
        assertThat(FailureText.unexpected(bad)).isFalse();
        assertThat(FailureText.of(new EOFException())).isEqualTo("unexpected end of data");
        assertThat(FailureText.of(new IOException(" "))).isEqualTo("input/output error");
        assertThat(FailureText.of(new CancellationException())).isEqualTo("cancelled");
        assertThat(FailureText.unexpected(new CancellationException())).isFalse();
        assertThat(FailureText.of(null)).isEqualTo("unknown error");
    }

    @Test
    void bugsSaySoWithoutTheClassNameAndSayWhereTheDetailsAre() {
        IllegalStateException bug = new IllegalStateException("index 3 of 2\nmore lines");
        assertThat(FailureText.unexpected(bug)).isTrue();
        assertThat(FailureText.of(bug, "set X=1 for details"))
                .isEqualTo("internal error (please report; set X=1 for details): index 3 of 2");
        assertThat(FailureText.of(new NullPointerException())).isEqualTo("internal error (please report)");
        assertThat(FailureText.of(new StackOverflowError())).contains("nests too deeply");
        assertThat(FailureText.of(new OutOfMemoryError())).contains("out of memory").contains("-Xmx");
    }
}
