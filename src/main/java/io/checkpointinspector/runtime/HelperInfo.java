package io.checkpointinspector.runtime;

/** The helper's answer to hello. Versions are null when the program is missing. */
public record HelperInfo(int protocol, String helperVersion, int euid, int callerUid, String podman,
        String podmanVersion, String criu, String criuVersion, boolean criuCheckOk, String criuCheck) {

    public boolean podmanPresent() {
        return podmanVersion != null;
    }

    /** Why checkpoint and restore cannot work, or null when they can. */
    public String unusableReason() {
        if (podmanVersion == null) {
            return "podman is not installed (" + podman + ")";
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
