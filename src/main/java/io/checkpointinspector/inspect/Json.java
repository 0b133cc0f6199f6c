package io.checkpointinspector.inspect;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The one JSON reader for side files, with nesting and length limits for hostile input. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(200)
                .maxStringLength(16 * 1024 * 1024)
                .maxNumberLength(100)
                .build());
    }

    private Json() {
    }
}
