package io.checkpointinspector.inspect;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import io.checkpointinspector.archive.JsonTrees;
import java.io.IOException;

/** The one JSON reader for side files, with nesting and length limits for hostile input. */
final class Json {

    static final int MAX_DEPTH = 200;
    static final int MAX_STRING = 16 * 1024 * 1024;
    static final int MAX_NUMBER = 100;

    private static final JsonTrees READER = new JsonTrees(StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH)
            .maxStringLength(MAX_STRING)
            .maxNumberLength(MAX_NUMBER)
            .build());

    static JsonNode read(String json) throws IOException {
        return READER.read(json);
    }

    /**
     * Why a side file is not readable JSON, in our words: a limit we set says which, a syntax error says where;
     * never the library's class or method names.
     */
    static String why(java.io.IOException e) {
        if (e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException c) {
            String m = String.valueOf(c.getOriginalMessage());
            if (m.contains("nesting")) {
                return "nesting deeper than " + MAX_DEPTH + " levels";
            }
            if (m.contains("String value length")) {
                return "a string longer than " + MAX_STRING + " characters";
            }
            if (m.contains("Number value length")) {
                return "a number longer than " + MAX_NUMBER + " digits";
            }
            return "beyond the reading limits";
        }
        String message = e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                ? String.valueOf(j.getOriginalMessage()) : String.valueOf(e.getMessage());
        int nl = message.indexOf('\n');
        message = nl < 0 ? message : message.substring(0, nl);
        message = message.replaceAll("\\s*\\(for [^)]*\\)|\\s*\\(from `[^`]*`\\)", "");
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null
                && j.getLocation().getLineNr() > 0) {
            message += " at line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr();
        }
        return message;
    }

    private Json() {
    }
}
