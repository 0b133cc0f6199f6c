package io.checkpointinspector;

import io.checkpointinspector.cli.CommandLineApp;
import io.checkpointinspector.cli.FastCommands;
import io.checkpointinspector.ui.DesktopApp;
import java.util.OptionalInt;

/** Entry point: no arguments (or only paths) start the window; a sub-command runs the command line without a display. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        OptionalInt fast = FastCommands.run(args);
        if (fast.isPresent()) {
            System.exit(fast.getAsInt());
        }
        if (CommandLineApp.isCommand(args)) {
            System.exit(CommandLineApp.run(args));
        }
        DesktopApp.launchWindow(args);
    }
}
