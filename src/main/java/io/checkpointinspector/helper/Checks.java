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
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*";
    /**
     * An image reference for --create-image, by the grammar podman parses it with (the distribution reference
     * grammar): [domain[:port]/]path-component(/path-component)*[:tag], without a digest (a new image is tagged).
     */
    public static final Pattern IMAGE = Pattern.compile("^(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT
            + ")*(?::[0-9]+)?/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*(?::[\\w][\\w.-]{0,127})?$");
    private static final int MAX_IMAGE_NAME = 255;
    private static final Pattern PORT_RANGE = Pattern.compile("^([0-9]{1,5})(?:-([0-9]{1,5}))?$");
    private static final Pattern IPV4 = Pattern.compile("^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
            + "(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$");
    private static final Pattern IPV6 = Pattern.compile("^[0-9a-fA-F:.]{2,45}$");
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
        int colon = value.lastIndexOf(':');
        String name = colon > value.lastIndexOf('/') ? value.substring(0, colon) : value;
        if (name.length() > MAX_IMAGE_NAME || !IMAGE.matcher(value).matches()) {
            throw new RefusedException(Protocol.CODE_REFUSED, field + " is not an image name (podman's grammar: "
                    + "[registry[:port]/]name[/name...][:tag], names in lower case): " + RequestParser.printable(value));
        }
        return value;
    }

    /**
     * A --publish value by podman's grammar: [[ip:][hostPort]:]containerPort[/protocol], ports or ranges
     * (start-end) of 1-65535, a host range as long as the container range, an IPv6 address in brackets,
     * protocols tcp, udp, sctp (several joined by ',').
     */
    public static String port(String field, String value) throws RefusedException {
        noLeadingDash(field, value);
        String why = value.length() > 100 ? "too long" : portProblem(value);
        if (why != null) {
            throw new RefusedException(Protocol.CODE_REFUSED, field + " is not a port mapping ("
                    + "[[ip:][hostPort]:]containerPort[/tcp|udp|sctp]): " + RequestParser.printable(value) + ": " + why);
        }
        return value;
    }

    private static String portProblem(String value) {
        String rest = value;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            for (String proto : rest.substring(slash + 1).split(",", -1)) {
                if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
                    return "protocol '" + proto + "'";
                }
            }
            rest = rest.substring(0, slash);
        }
        String ip = null;
        if (rest.startsWith("[")) {
            int close = rest.indexOf("]:");
            if (close < 0) {
                return "an IPv6 address needs [address]:";
            }
            ip = rest.substring(1, close);
            if (!IPV6.matcher(ip).matches() || !ip.contains(":")) {
                return "not an IPv6 address: " + ip;
            }
            rest = rest.substring(close + 2);
        }
        String[] parts = rest.split(":", -1);
        if (parts.length > (ip == null ? 3 : 2)) {
            return "too many ':'";
        }
        if (ip == null && parts.length == 3) {
            if (!IPV4.matcher(parts[0]).matches()) {
                return "not an IPv4 address: " + parts[0];
            }
        }
        int[] container = range(parts[parts.length - 1]);
        if (container == null) {
            return "container port '" + parts[parts.length - 1] + "'";
        }
        if (parts.length >= 2) {
            String host = parts[parts.length - 2];
            if (!host.isEmpty()) {
                int[] h = range(host);
                if (h == null) {
                    return "host port '" + host + "'";
                }
                if (h[1] - h[0] != container[1] - container[0]) {
                    return "host and container ranges differ in length";
                }
            }
        }
        return null;
    }

    /** "80" or "80-90" as {start, end}, each 1-65535 and start <= end; null otherwise. */
    private static int[] range(String s) {
        java.util.regex.Matcher m = PORT_RANGE.matcher(s);
        if (!m.matches()) {
            return null;
        }
        int start = Integer.parseInt(m.group(1));
        int end = m.group(2) == null ? start : Integer.parseInt(m.group(2));
        return start < 1 || end > 65535 || start > end ? null : new int[] {start, end};
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
