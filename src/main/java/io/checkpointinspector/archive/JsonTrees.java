package io.checkpointinspector.archive;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Reads a JSON document into a tree with jackson-core's parser, building the nodes directly: what
 * {@code ObjectMapper.readTree} gives (last of duplicate keys wins, int/long/big integers, doubles, an empty
 * document is a missing node, what follows the first value is not read) without initialising databind's mapper,
 * which is about a tenth of a short command's run.
 */
public final class JsonTrees {

    private final JsonFactory factory;

    /** A reader with the parser's own default limits. */
    public JsonTrees() {
        this(StreamReadConstraints.defaults());
    }

    public JsonTrees(StreamReadConstraints limits) {
        factory = JsonFactory.builder().streamReadConstraints(limits).build();
    }

    public JsonNode read(String json) throws IOException {
        try (JsonParser p = factory.createParser(json)) {
            return document(p);
        }
    }

    /** The encoding is detected from the first bytes (UTF-8, UTF-16, UTF-32), as the parser does. */
    public JsonNode read(byte[] json) throws IOException {
        try (JsonParser p = factory.createParser(json)) {
            return document(p);
        }
    }

    private static JsonNode document(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        return t == null ? JsonNodeFactory.instance.missingNode() : value(p, t);
    }

    private static JsonNode value(JsonParser p, JsonToken t) throws IOException {
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (t) {
            case START_OBJECT: {
                ObjectNode o = f.objectNode();
                // nextFieldName, as databind reads objects: the parser's errors are then worded as readTree's
                for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                    o.replace(name, value(p, p.nextToken()));
                }
                if (p.currentToken() != JsonToken.END_OBJECT) {
                    throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected " + p.currentToken()
                            + " in an object");
                }
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = f.arrayNode();
                for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
                    a.add(value(p, v));
                }
                return a;
            }
            case VALUE_STRING:
                return f.textNode(p.getText());
            case VALUE_NUMBER_INT:
                return switch (p.getNumberType()) {
                    case INT -> f.numberNode(p.getIntValue());
                    case LONG -> f.numberNode(p.getLongValue());
                    default -> f.numberNode(p.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT:
                return f.numberNode(p.getDoubleValue());
            case VALUE_TRUE:
                return f.booleanNode(true);
            case VALUE_FALSE:
                return f.booleanNode(false);
            case VALUE_NULL:
                return f.nullNode();
            default:
                // parsers of JSON text give no other token where a value starts
                throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected " + t);
        }
    }
}
