package io.checkpointinspector.ui.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Loads, on a background thread, the classes the views need when the first checkpoint is shown, so that the FX
 * thread does not read and define several hundred classes from the jar right when the Overview should appear.
 * Classes are loaded without being initialised: no static initialiser runs off the FX thread.
 *
 * <p>The list (preload-classes.txt) is the JavaFX and ui classes a cold JVM loaded between starting a load and
 * showing the views, from {@code -Xlog:class+load}; names missing on other platforms are skipped. A stale list
 * only costs speed.
 */
public final class ClassPreload implements Runnable {

    static final String LIST = "/io/checkpointinspector/ui/preload-classes.txt";

    @Override
    public void run() {
        ClassLoader loader = ClassPreload.class.getClassLoader();
        try (InputStream in = ClassPreload.class.getResourceAsStream(LIST)) {
            if (in == null) {
                return;
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String name;
            while ((name = reader.readLine()) != null) {
                load(name.trim(), loader);
            }
        } catch (IOException e) {
            // Only a speed-up: nothing to report.
        }
    }

    private static void load(String name, ClassLoader loader) {
        if (name.isEmpty() || name.startsWith("#")) {
            return;
        }
        try {
            Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            // Not on this platform or this version: skip.
        }
    }
}
