package io.checkpointinspector.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One task of the dumped process tree. Pids are as seen inside the container's pid namespace.
 * cmdline and env are null when they could not be recovered from the dumped memory; argsNote then says why
 * (and it also reports partial recovery).
 */
public record ProcessInfo(
        int pid,
        int ppid,
        int pgid,
        int sid,
        String comm,
        String state,
        Integer exitCode,
        List<ThreadInfo> threads,
        List<String> cmdline,
        Map<String, String> env,
        String argsNote,
        String cwd,
        String root,
        List<FileInfo> files,
        List<SocketInfo> sockets,
        MemoryInfo memory) {

    public ProcessInfo {
        threads = List.copyOf(threads);
        cmdline = cmdline == null ? null : List.copyOf(cmdline);
        files = List.copyOf(files);
        sockets = List.copyOf(sockets);
        env = env == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(env));
    }
}
