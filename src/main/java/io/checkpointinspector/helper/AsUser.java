package io.checkpointinspector.helper;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs file-system work with the calling user's file-system credentials, so the kernel itself decides what the
 * user may open or create.
 *
 * <p>setfsuid/setfsgid and the raw setgroups system call change only the calling thread, and Java threads are
 * kernel threads, so the work runs on a fresh thread that takes the user's identity, does the work and ends.
 * Other threads of the helper keep root's credentials throughout, and nothing can leak from one use to the next.
 * Dropping fsuid from 0 also drops the thread's file capabilities (CAP_DAC_OVERRIDE and friends).
 */
public final class AsUser {

    /** Work done as the user. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws IOException;
    }

    private AsUser() {
    }

    public static <T> T run(Caller caller, Work<T> work) throws IOException {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(asUser(caller, work));
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "as-uid-" + caller.uid());
        t.setDaemon(true);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while working as uid " + caller.uid(), e);
        }
        Throwable e = failure.get();
        if (e instanceof IOException io) {
            throw io;
        }
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e != null) {
            throw new IOException(e);
        }
        return result.get();
    }

    private static <T> T asUser(Caller caller, Work<T> work) throws IOException {
        int[] oldGroups = Posix.getgroups();
        boolean switched = false;
        try {
            if (!Posix.setThreadGroups(caller.groups())) {
                throw new IOException("cannot take the groups of uid " + caller.uid());
            }
            switched = true;
            if (Posix.setfsgid(caller.gid()) != caller.gid() || Posix.setfsuid(caller.uid()) != caller.uid()) {
                throw new IOException("cannot take the file-system identity of uid " + caller.uid());
            }
            return work.run();
        } finally {
            if (switched) {
                Posix.setfsuid(0);
                Posix.setfsgid(0);
                Posix.setThreadGroups(oldGroups);
            }
        }
    }
}
