package io.checkpointinspector.discover;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Reads small JSON files of an engine's store, refusing big ones instead of reading them whole. */
final class BoundedJson {

    private final ObjectMapper mapper = new ObjectMapper();

    /** The JSON in file; IOException naming the file when it is larger than max, a symlink, or malformed. */
    JsonNode read(Path file, long max) throws IOException {
        if (Files.isSymbolicLink(file)) {
            throw new IOException(file + ": a symlink, not followed");
        }
        byte[] data;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        }
        if (data.length > max) {
            throw new IOException(file + ": larger than " + max + " bytes, not read");
        }
        return parse(file, data);
    }

    JsonNode parse(Path file, byte[] data) throws IOException {
        try {
            return mapper.readTree(data);
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": malformed JSON: " + e.getOriginalMessage());
        }
    }
}
