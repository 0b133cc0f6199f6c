package io.checkpointinspector.diff;

import io.checkpointinspector.model.FileInfo;
import io.checkpointinspector.model.SocketInfo;
import java.util.List;

/**
 * A process found in both checkpoints. fields: command line, state, threads, cwd, root, parent, side by side;
 * env: one row per environment key whose value differs (null value: the key is absent on that side).
 */
public record ProcessChange(
        ProcessRef a,
        ProcessRef b,
        List<FieldDiff> fields,
        List<FieldDiff> env,
        List<FileInfo> filesOpened,
        List<FileInfo> filesClosed,
        List<SocketInfo> socketsOpened,
        List<SocketInfo> socketsClosed,
        MemoryChange memory,
        boolean changed) {

    public ProcessChange {
        fields = List.copyOf(fields);
        env = List.copyOf(env);
        filesOpened = List.copyOf(filesOpened);
        filesClosed = List.copyOf(filesClosed);
        socketsOpened = List.copyOf(socketsOpened);
        socketsClosed = List.copyOf(socketsClosed);
    }
}
