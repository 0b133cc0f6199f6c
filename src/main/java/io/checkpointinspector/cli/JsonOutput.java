package io.checkpointinspector.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.checkpointinspector.model.Checkpoint;

/** The JSON form of the model: every key is always present (null when unknown), in the record's order. */
public final class JsonOutput {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonOutput() {
    }

    public static String write(Checkpoint checkpoint) {
        try {
            return MAPPER.writeValueAsString(checkpoint);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("model could not be written as JSON", e);
        }
    }
}
