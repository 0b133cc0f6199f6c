package io.checkpointinspector.helper;

import java.util.Arrays;

/**
 * The user on whose behalf the helper acts: PKEXEC_UID when started through pkexec, else the effective uid.
 * gid and groups come from the passwd and group databases; an unknown uid gets nogroup and no other groups, so
 * that a check made as that user can only fail closed.
 */
public record Caller(int uid, int gid, int[] groups) {

    private static final int NOGROUP = 65534;

    public Caller {
        groups = groups.clone();
    }

    @Override
    public int[] groups() {
        return groups.clone();
    }

    /** Looks up uid's primary and supplementary groups. */
    public static Caller of(int uid) {
        Posix.Account account = Posix.account(uid);
        if (account == null) {
            return new Caller(uid, NOGROUP, new int[0]);
        }
        return new Caller(uid, account.gid(), Posix.groupList(account.name(), account.gid()));
    }

    /** The calling user of this helper process, from PKEXEC_UID if set and valid, else the effective uid. */
    public static Caller ofProcess(String pkexecUid) {
        if (pkexecUid != null) {
            if (!pkexecUid.matches("[0-9]{1,10}")) {
                throw new IllegalArgumentException("PKEXEC_UID is not a number: " + pkexecUid);
            }
            return of(Integer.parseInt(pkexecUid));
        }
        return of(Posix.geteuid());
    }

    @Override
    public String toString() {
        return "uid " + uid + " gid " + gid + " groups " + Arrays.toString(groups);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Caller c && c.uid == uid && c.gid == gid && Arrays.equals(c.groups, groups);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * uid + gid) + Arrays.hashCode(groups);
    }
}
