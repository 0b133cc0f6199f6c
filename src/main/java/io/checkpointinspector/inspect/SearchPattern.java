package io.checkpointinspector.inspect;

import io.checkpointinspector.criu.PatternMatcher;
import java.nio.charset.StandardCharsets;

/**
 * What a memory search looks for: bytes, matched exactly or with ASCII letters in either case. The one place a
 * search turns into a matcher, so that further kinds of pattern have one place to go.
 *
 * @param bytes      at least one byte
 * @param ignoreCase ASCII letters match in either case
 */
public record SearchPattern(byte[] bytes, boolean ignoreCase) {

    public SearchPattern {
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("nothing to search for");
        }
        bytes = bytes.clone();
    }

    public static SearchPattern exact(byte[] bytes) {
        return new SearchPattern(bytes, false);
    }

    public static SearchPattern text(String text, boolean ignoreCase) {
        return new SearchPattern(text.getBytes(StandardCharsets.UTF_8), ignoreCase);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    PatternMatcher matcher(int before, int after, int maxMatches) {
        return new PatternMatcher(bytes, ignoreCase, before, after, maxMatches);
    }
}
