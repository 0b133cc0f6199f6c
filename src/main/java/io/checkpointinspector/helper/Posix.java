package io.checkpointinspector.helper;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.util.Arrays;

/** The few Linux calls the helper needs, through JNA (x86_64 and aarch64 glibc). */
public final class Posix {

    private static final int PR_SET_PDEATHSIG = 1;
    private static final int SIGTERM = 15;
    static final int O_RDONLY = 0;
    static final int O_NONBLOCK = 04000;
    static final int O_NOCTTY = 0400;
    static final int O_CLOEXEC = 02000000;

    private Posix() {
    }

    /** JNA binding, loaded on first use. */
    interface LibC extends Library {
        int prctl(int option, long arg2, long arg3, long arg4, long arg5);

        int geteuid();

        int getppid();

        int setfsuid(int uid);

        int setfsgid(int gid);

        int getgroups(int size, int[] list);

        long syscall(long number, Object... args);

        int open(String path, int flags);

        int close(int fd);

        Pointer getpwuid(int uid);

        int getgrouplist(String user, int group, int[] groups, IntByReference ngroups);
    }

    private static final class Holder {
        static final LibC C = Native.load("c", LibC.class);
    }

    private static LibC c() {
        return Holder.C;
    }

    public static int geteuid() {
        return c().geteuid();
    }

    static int getppid() {
        return c().getppid();
    }

    /** Asks the kernel for SIGTERM when the parent (thread) that started this process goes away. */
    static boolean dieWithParent() {
        return c().prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0) == 0;
    }

    /** setfsuid(2): per thread. Returns the fsuid now in effect (checked by asking again with -1). */
    static int setfsuid(int uid) {
        c().setfsuid(uid);
        return c().setfsuid(-1);
    }

    static int setfsgid(int gid) {
        c().setfsgid(gid);
        return c().setfsgid(-1);
    }

    static int[] getgroups() {
        int n = c().getgroups(0, null);
        int[] out = new int[Math.max(n, 0)];
        int got = n <= 0 ? 0 : c().getgroups(n, out);
        return Arrays.copyOf(out, Math.max(got, 0));
    }

    /**
     * Sets the supplementary groups of the calling thread only. glibc's setgroups() changes every thread of the
     * process; the raw system call changes the caller's credentials alone, which is what we want here.
     */
    static boolean setThreadGroups(int[] groups) {
        long nr = switch (System.getProperty("os.arch")) {
            case "aarch64" -> 159L;
            default -> 116L; // x86_64
        };
        return c().syscall(nr, (long) groups.length, groups.length == 0 ? null : groups) == 0;
    }

    static int open(String path, int flags) {
        return c().open(path, flags);
    }

    static void close(int fd) {
        if (fd >= 0) {
            c().close(fd);
        }
    }

    /** The login name and primary group of uid from the passwd database, or null. */
    static synchronized Account account(int uid) {
        Pointer pw = c().getpwuid(uid);
        if (pw == null) {
            return null;
        }
        // struct passwd on LP64 glibc: char *pw_name; char *pw_passwd; uid_t pw_uid; gid_t pw_gid; ...
        String name = pw.getPointer(0).getString(0);
        int gid = pw.getInt(2L * Native.POINTER_SIZE + 4);
        return new Account(name, gid);
    }

    static int[] groupList(String user, int gid) {
        int[] groups = new int[64];
        IntByReference n = new IntByReference(groups.length);
        if (c().getgrouplist(user, gid, groups, n) < 0) {
            groups = new int[n.getValue()];
            if (c().getgrouplist(user, gid, groups, n) < 0) {
                return new int[] {gid};
            }
        }
        return Arrays.copyOf(groups, n.getValue());
    }

    record Account(String name, int gid) {
    }
}
