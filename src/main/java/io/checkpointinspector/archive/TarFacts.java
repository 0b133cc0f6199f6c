package io.checkpointinspector.archive;

/**
 * What a tar header says about an entry beyond its name, size and mode, exactly as recorded (pax records
 * override the header fields).
 *
 * @param typeflag  the header's type byte ('0' regular, '1' hard link, '2' symlink, '3' character device,
 *                  '4' block device, '5' directory, '6' FIFO, '7' contiguous file, NUL old regular file, ...)
 * @param uid       owner id, -1 when the field does not parse
 * @param gid       group id, -1 when the field does not parse
 * @param userName  owner name, null when the header has no field for it (v7), "" when empty
 * @param groupName group name, null when the header has no field for it (v7), "" when empty
 * @param devMajor  device major number, -1 when absent or unparsable (only meaningful for '3' and '4')
 * @param devMinor  device minor number, -1 when absent or unparsable
 */
public record TarFacts(char typeflag, long uid, long gid, String userName, String groupName, long devMajor,
        long devMinor) {

    /** For entries that come from somewhere other than a tar header (directories on disk). */
    public static final TarFacts NONE = new TarFacts('?', -1, -1, null, null, -1, -1);

    public boolean isDevice() {
        return typeflag == '3' || typeflag == '4';
    }

    TarFacts withPax(java.util.Map<String, String> pax) {
        if (pax == null) {
            return this;
        }
        return new TarFacts(typeflag, paxNumber(pax.get("uid"), uid), paxNumber(pax.get("gid"), gid),
                pax.getOrDefault("uname", userName), pax.getOrDefault("gname", groupName), devMajor, devMinor);
    }

    private static long paxNumber(String value, long fallback) {
        if (value == null || value.length() > 20) {
            return fallback;
        }
        try {
            long v = Long.parseLong(value.trim());
            return v >= 0 ? v : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
