package io.checkpointinspector.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The real checkpoints under src/test/resources/fixtures and the truth recorded when they were made. */
public final class Fixtures {

    public static final Path DIR = Path.of("src/test/resources/fixtures");

    /** Every form the fixture script writes; all hold the same container and process tree. */
    public static final List<String> ALL = List.of("podman-zstd.tar.zst", "podman-gzip.tar.gz", "podman-none.tar",
            "oci-archive.tar", "docker-archive.tar");

    private Fixtures() {
    }

    public static Path path(String name) {
        return DIR.resolve(name);
    }

    public static JsonNode expected() {
        try {
            return new ObjectMapper().readTree(Files.readString(DIR.resolve("expected.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The elements of a JSON array as text. */
    public static List<String> texts(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** A JSON object's fields as text, in order. */
    public static Map<String, String> map(JsonNode object) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
