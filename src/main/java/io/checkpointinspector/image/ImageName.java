package io.checkpointinspector.image;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An image reference as {@code --tag} gives it, completed the way Podman completes a short name: without a registry
 * it is {@code localhost/NAME}, without a tag {@code :latest}. Digests are refused (a built image has no digest yet).
 */
public record ImageName(String reference) {

    // The distribution reference grammar: lowercase path components joined by separators, an optional domain
    // (with a port) in front, an optional tag.
    private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final Pattern PATH = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");

    /**
     * @throws IllegalArgumentException with the reason when text is no valid image name
     */
    public static ImageName parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an image name is needed (e.g. my-checkpoint:1)");
        }
        String t = text.strip();
        if (t.contains("@")) {
            throw new IllegalArgumentException("'" + t + "': a digest cannot be given, only a name and a tag");
        }
        if (t.length() > 255) {
            throw new IllegalArgumentException("image name longer than 255 characters");
        }
        String tag = "latest";
        int slash = t.lastIndexOf('/');
        int colon = t.lastIndexOf(':');
        String repo = t;
        if (colon > slash) {
            tag = t.substring(colon + 1);
            repo = t.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw new IllegalArgumentException("'" + t + "': invalid tag '" + tag + "'");
            }
        }
        String domain = "localhost";
        String path = repo;
        int first = repo.indexOf('/');
        if (first > 0) {
            String head = repo.substring(0, first);
            // as in the reference library: a first component with a dot or a port, or "localhost", is a registry
            if (head.contains(".") || head.contains(":") || head.equals("localhost")) {
                domain = head;
                path = repo.substring(first + 1);
                if (!DOMAIN.matcher(domain).matches()) {
                    throw new IllegalArgumentException("'" + t + "': invalid registry '" + domain + "'");
                }
            }
        }
        if (!PATH.matcher(path).matches()) {
            String why = path.equals(path.toLowerCase(Locale.ROOT)) ? "" : " (image names are lowercase)";
            throw new IllegalArgumentException("'" + t + "': invalid image name" + why);
        }
        return new ImageName(domain + "/" + path + ":" + tag);
    }

    @Override
    public String toString() {
        return reference;
    }
}
