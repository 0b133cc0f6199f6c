package io.checkpointinspector.helper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A stand-in for podman and criu: a shell script that records its arguments (one per line, in args-N) and acts
 * like podman for the commands the helper uses. A container named "slow" takes 30 s to checkpoint.
 */
final class FakePodman {

    static final String SCRIPT = """
            #!/bin/sh
            here=$(dirname "$0")
            n=$(ls "$here" | grep -c '^args-' || true)
            printf '%s\\n' "$@" > "$here/args-$n"
            case "$1" in
              --version) echo "Version: 4.1.1"; exit 0 ;;
              check) echo "Looks good."; exit 0 ;;
              version) echo "4.3.1"; exit 0 ;;
              ps) echo '[{"Id":"aaaa1111"}]'; exit 0 ;;
            esac
            case "$2" in
              exists)
                [ "$4" = taken ] && exit 0
                exit 1 ;;
              inspect)
                echo '[{"Id":"aaaa1111","Name":"web","ImageName":"localhost/ci-busybox:latest",'
                echo '"Created":"2024-01-01T00:00:00Z","State":{"Status":"running",'
                echo '"CheckpointedAt":"0001-01-01T00:00:00Z"}}]'
                exit 0 ;;
              checkpoint)
                for a in "$@"; do
                  case "$a" in
                    --export=*) printf 'fake archive\\n' > "${a#--export=}" ;;
                    slow) echo "checkpointing slowly" >&2; exec sleep 30 ;;
                    broken) echo "Error: container broken is not running" >&2; exit 125 ;;
                  esac
                done
                echo "freezing" >&2
                echo '{"podman_checkpoint_duration": 1000, "container_statistics": [{"Id": "aaaa1111",'
                echo '"runtime_checkpoint_duration": 900, "criu_statistics": {"freezing_time": 10,'
                echo '"frozen_time": 20, "memdump_time": 30, "memwrite_time": 40, "pages_scanned": 50,'
                echo '"pages_written": 60}}]}'
                exit 0 ;;
              restore)
                cat > "$here/stdin-$n"
                echo '{"podman_restore_duration": 7, "container_statistics": [{"Id": "bbbb2222",'
                echo '"runtime_restore_duration": 5, "criu_statistics": {"restore_time": 3}}]}'
                exit 0 ;;
            esac
            echo "Error: unexpected arguments" >&2
            exit 125
            """;

    final Path dir;
    final Path executable;

    FakePodman(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.executable = dir.resolve("podman");
        Files.writeString(executable, SCRIPT);
        Files.setPosixFilePermissions(executable, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    HelperConfig config(Caller caller, Path workDir) {
        return new HelperConfig(executable, executable, caller, workDir, "test");
    }

    /** The arguments of every run whose arguments contain word, in order. */
    List<String> argsOf(String word) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith("args-")).sorted().toList()) {
                List<String> args = Files.readAllLines(p);
                if (args.contains(word)) {
                    return args;
                }
            }
        }
        throw new AssertionError("podman never ran with " + word);
    }
}
