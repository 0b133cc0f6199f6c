package io.checkpointinspector.helper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Writes progress, result and error lines; one whole line at a time, from any thread. */
public final class ResponseWriter {

    private final ObjectMapper json = new ObjectMapper();
    private final OutputStream out;

    public ResponseWriter(OutputStream out) {
        this.out = out;
    }

    public ObjectNode object() {
        return json.createObjectNode();
    }

    public ObjectMapper json() {
        return json;
    }

    public void progress(String id, String message) {
        ObjectNode n = head(id, Protocol.TYPE_PROGRESS);
        n.put(Protocol.MESSAGE, message);
        write(n);
    }

    public void result(String id, JsonNode result) {
        ObjectNode n = head(id, Protocol.TYPE_RESULT);
        n.set(Protocol.RESULT, result);
        write(n);
    }

    public void error(String id, String code, String message) {
        ObjectNode n = head(id, Protocol.TYPE_ERROR);
        n.put(Protocol.CODE, code);
        n.put(Protocol.MESSAGE, message);
        write(n);
    }

    private ObjectNode head(String id, String type) {
        ObjectNode n = json.createObjectNode();
        if (id == null) {
            n.putNull(Protocol.ID);
        } else {
            n.put(Protocol.ID, id);
        }
        n.put(Protocol.TYPE, type);
        return n;
    }

    private void write(ObjectNode n) {
        try {
            byte[] line = (json.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8);
            synchronized (out) {
                out.write(line);
                out.flush();
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
