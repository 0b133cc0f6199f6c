package io.checkpointinspector.diff;

import io.checkpointinspector.model.ProcessInfo;
import java.util.List;
import java.util.Map;

/** A process as the difference names it: pid, parent, command, and for an added one its environment. */
public record ProcessRef(int pid, int ppid, String comm, List<String> cmdline, String state, int threads,
        Map<String, String> env) {

    public ProcessRef {
        cmdline = cmdline == null ? null : List.copyOf(cmdline);
    }

    static ProcessRef of(ProcessInfo p) {
        return new ProcessRef(p.pid(), p.ppid(), p.comm(), p.cmdline(), p.state(), p.threads().size(), p.env());
    }

    /** The command line joined by spaces, or [comm] when it could not be recovered. */
    public String command() {
        return cmdline == null || cmdline.isEmpty() ? "[" + comm + "]" : String.join(" ", cmdline);
    }
}
