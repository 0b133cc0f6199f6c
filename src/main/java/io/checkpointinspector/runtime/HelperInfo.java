package io.checkpointinspector.runtime;

/** The helper's answer to hello. Versions are null when the program is missing. */
public record HelperInfo(int protocol, String helperVersion, int euid, int callerUid, String podman,
        String podmanVersion, String criu, String criuVersion, boolean criuCheckOk, String criuCheck, String ctr,
        String containerdVersion) {

    /** Without containerd. */
    public HelperInfo(int protocol, String helperVersion, int euid, int callerUid, String podman,
            String podmanVersion, String criu, String criuVersion, boolean criuCheckOk, String criuCheck) {
        this(protocol, helperVersion, euid, callerUid, podman, podmanVersion, criu, criuVersion, criuCheckOk,
                criuCheck, null, null);
    }

    /** containerd answered hello's ctr version. */
    public boolean containerdPresent() {
        return containerdVersion != null;
    }

    public boolean podmanPresent() {
        return podmanVersion != null;
    }

    /** Why checkpoint and restore cannot work, or null when they can. */
    public String unusableReason() {
        if (podmanVersion == null && containerdVersion == null) {
            return "podman is not installed (" + podman + ")" + (ctr == null ? ""
                    : " and containerd does not answer (" + ctr + ")");
        }
        if (criuVersion == null) {
            return "CRIU is not installed (" + criu + ")";
        }
        if (!criuCheckOk) {
            return "criu check failed: " + criuCheck;
        }
        if (euid != 0) {
            return "the helper does not run as root";
        }
        return null;
    }
}
