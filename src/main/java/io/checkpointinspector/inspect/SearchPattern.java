package io.checkpointinspector.inspect;

import io.checkpointinspector.criu.MemoryMatcher;
import io.checkpointinspector.criu.PatternMatcher;
import io.checkpointinspector.criu.RegexMatcher;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** What a memory search looks for: exact bytes (text, UTF-16LE text, hex) or a regular expression. */
public sealed interface SearchPattern {

    /** A matcher for one process, keeping at most maxHits matches. */
    MemoryMatcher matcher(int contextBefore, int contextAfter, int maxHits);

    /** Words for the user: "text \"abc\"". */
    String describe();

    /** Exactly these bytes. */
    record Bytes(byte[] bytes, String describe) implements SearchPattern {
        public Bytes {
            if (bytes.length == 0) {
                throw new IllegalArgumentException("nothing to search for");
            }
            bytes = bytes.clone();
        }

        @Override
        public MemoryMatcher matcher(int contextBefore, int contextAfter, int maxHits) {
            return new PatternMatcher(bytes, contextBefore, contextAfter, maxHits);
        }
    }

    /** These bytes with ASCII letters in either case ("Path" finds "PATH" and "path"). */
    record FoldedBytes(byte[] bytes, String describe) implements SearchPattern {
        public FoldedBytes {
            if (bytes.length == 0) {
                throw new IllegalArgumentException("nothing to search for");
            }
            bytes = bytes.clone();
        }

        @Override
        public MemoryMatcher matcher(int contextBefore, int contextAfter, int maxHits) {
            return new PatternMatcher(bytes, true, contextBefore, contextAfter, maxHits);
        }
    }

    /** UTF-8 text, ASCII letters in either case when ignoreCase. */
    static SearchPattern text(String text, boolean ignoreCase) {
        return ignoreCase ? new FoldedBytes(text.getBytes(StandardCharsets.UTF_8), "text \"" + text
                + "\" (ignoring case)") : text(text);
    }

    /** A Java regular expression over the bytes read as ISO-8859-1; a match is at most window bytes long. */
    record Regex(Pattern pattern, int window) implements SearchPattern {
        @Override
        public MemoryMatcher matcher(int contextBefore, int contextAfter, int maxHits) {
            return new RegexMatcher(pattern, contextBefore, contextAfter, window, maxHits);
        }

        @Override
        public String describe() {
            return "regular expression /" + pattern.pattern() + "/";
        }
    }

    /** UTF-8 text. */
    static SearchPattern text(String text) {
        return new Bytes(text.getBytes(StandardCharsets.UTF_8), "text \"" + text + "\"");
    }

    /** UTF-16LE text (as Windows and Java-internal strings may hold it). */
    static SearchPattern utf16(String text) {
        return new Bytes(text.getBytes(StandardCharsets.UTF_16LE), "UTF-16LE text \"" + text + "\"");
    }

    static SearchPattern hex(byte[] bytes) {
        return new Bytes(bytes, "hex bytes");
    }

    /** A regex with the default window; a syntax error becomes an IllegalArgumentException with Java's words. */
    static SearchPattern regex(String regex) {
        if (regex.isEmpty()) {
            throw new IllegalArgumentException("nothing to search for");
        }
        try {
            return new Regex(Pattern.compile(regex), RegexMatcher.DEFAULT_WINDOW);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("not a valid regular expression: "
                    + e.getDescription() + " near index " + e.getIndex() + " of \"" + regex + "\"");
        }
    }
}
