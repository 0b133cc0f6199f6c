package io.checkpointinspector.ui;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The demo: a real small Podman checkpoint (zstd) bundled in the jar. It is copied to a temporary file
 * (java.io.tmpdir/checkpoint-inspector-demo-*.tar.zst) because the engine reads files; the copy is deleted when
 * the window closes, and on JVM exit at the latest.
 */
public final class DemoCheckpoint {

    static final String RESOURCE = "/io/checkpointinspector/demo/podman-zstd.tar.zst";

    private Path copy;

    public synchronized Path path() throws IOException {
        if (copy != null && Files.isRegularFile(copy)) {
            return copy;
        }
        try (InputStream in = DemoCheckpoint.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new NoSuchFileException(RESOURCE, null, "the demo checkpoint is missing from the application");
            }
            Path file = Files.createTempFile("checkpoint-inspector-demo-", ".tar.zst");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            copy = file;
            return file;
        }
    }

    public synchronized boolean isDemo(Path p) {
        return copy != null && copy.equals(p);
    }

    public synchronized void delete() {
        if (copy != null) {
            try {
                Files.deleteIfExists(copy);
            } catch (IOException e) {
                // deleteOnExit remains as the fallback.
            }
            copy = null;
        }
    }
}
