package io.checkpointinspector.cli;

import io.checkpointinspector.helper.HelperMain;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "helper", mixinStandardHelpOptions = true,
        description = {"The privileged helper: speaks the helper protocol (newline-delimited JSON) on stdin/stdout, "
                + "logs to stderr. Started by the app (directly as root, else through pkexec); not for people."})
final class HelperCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        return HelperMain.run();
    }
}
