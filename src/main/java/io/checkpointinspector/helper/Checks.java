package io.checkpointinspector.helper;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Checks on request values that need no file system. Each failure is a {@link RefusedException}. */
public final class Checks {

    /** Podman's own pattern for container names; a hex id matches it too. */
    public static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$");
    public static final Pattern HEX_ID = Pattern.compile("^[0-9a-f]{1,64}$");
    public static final Pattern REQUEST_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$");
    /** An image reference for --create-image: registry/path:tag, lower-case repository. */
    public static final Pattern IMAGE = Pattern.compile("^[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$");
    /** A --publish value: [ip:][hostPort:]containerPort[-end][/tcp|udp|sctp]. */
    public static final Pattern PORT = Pattern.compile(
            "^(\\[?[0-9a-fA-F.:]+\\]?:)?([0-9]{0,5}(-[0-9]{1,5})?:)?[0-9]{1,5}(-[0-9]{1,5})?(/(tcp|udp|sctp))?$");
    private static final int MAX_NAME = 253;
    private static final int MAX_PATH = 4095;

    private Checks() {
    }

    /** No value handed to podman may look like an option. */
    public static void noLeadingDash(String field, String value) throws RefusedException {
        if (value.startsWith("-")) {
            throw new RefusedException(Protocol.CODE_REFUSED, field + " must not start with '-'");
        }
    }

    public static String containerRef(String field, String value) throws RefusedException {
        noLeadingDash(field, value);
        if (value.length() > MAX_NAME || !NAME.matcher(value).matches()) {
            throw new RefusedException(Protocol.CODE_REFUSED,
                    field + " is not a container name or id (allowed: [a-zA-Z0-9][a-zA-Z0-9_.-]*)");
        }
        return value;
    }

    public static String image(String field, String value) throws RefusedException {
        noLeadingDash(field, value);
        if (value.length() > MAX_NAME || !IMAGE.matcher(value).matches()) {
            throw new RefusedException(Protocol.CODE_REFUSED, field + " is not an image name");
        }
        return value;
    }

    public static String port(String field, String value) throws RefusedException {
        noLeadingDash(field, value);
        if (value.length() > 64 || !PORT.matcher(value).matches()) {
            throw new RefusedException(Protocol.CODE_REFUSED, field + " is not a port mapping: " + value);
        }
        return value;
    }

    /** An absolute path that is already normalised (no ".", "..", "//" or trailing "/"), without NUL. */
    public static Path absoluteNormalPath(String field, String value) throws RefusedException {
        noLeadingDash(field, value);
        if (value.isEmpty() || value.length() > MAX_PATH || value.indexOf('\0') >= 0) {
            throw new RefusedException(Protocol.CODE_REFUSED, field + " is not a usable path");
        }
        Path p;
        try {
            p = Path.of(value);
        } catch (InvalidPathException e) {
            throw new RefusedException(Protocol.CODE_REFUSED, field + " is not a usable path");
        }
        if (!p.isAbsolute()) {
            throw new RefusedException(Protocol.CODE_REFUSED, field + " must be an absolute path: " + value);
        }
        if (!p.normalize().toString().equals(value) || p.getParent() == null) {
            throw new RefusedException(Protocol.CODE_REFUSED, field + " must be a normalised path (no '.', '..', "
                    + "'//' or trailing '/'): " + value);
        }
        return p;
    }
}
