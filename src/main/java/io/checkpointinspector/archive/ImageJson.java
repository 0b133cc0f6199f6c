package io.checkpointinspector.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.CharConversionException;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads the small JSON documents of an image (index, manifests, configs) with a size cap. */
final class ImageJson {

    private static final JsonTrees READER = new JsonTrees();
    // algorithm ":" encoded, per the OCI descriptor grammar; keeps digests from becoming paths like "../x"
    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{1,256}");

    private final BlobStore blobs;
    private final OpenOptions options;
    private final SourceRef source;

    ImageJson(BlobStore blobs, OpenOptions options, SourceRef source) {
        this.blobs = blobs;
        this.options = options;
        this.source = source;
    }

    /** The parsed document at path, or empty when there is no such file. */
    Optional<JsonNode> read(String path) throws IOException {
        Optional<FileSlice> slice = blobs.find(path);
        if (slice.isEmpty()) {
            return Optional.empty();
        }
        FileSlice s = slice.get();
        if (s.length() > options.maxMetadataBytes()) {
            throw source.fail(path, "image metadata of " + s.length() + " bytes exceeds the limit of "
                    + options.maxMetadataBytes() + " bytes");
        }
        byte[] data = new byte[(int) s.length()];
        int n = s.length() == 0 ? 0 : s.read(0, data, 0, data.length);
        if (n != data.length) {
            throw source.fail(path, "truncated: declared " + data.length + " bytes, " + Math.max(0, n) + " present");
        }
        return Optional.of(parse(data, path, source));
    }

    /** data parsed as JSON; a failure names path. */
    static JsonNode parse(byte[] data, String path, SourceRef source) throws IOException {
        try {
            return READER.read(data);
        } catch (JsonProcessingException e) {
            throw source.fail(path, "malformed JSON: " + e.getOriginalMessage());
        } catch (CharConversionException e) {
            // Jackson guesses UTF-16/32 from the first bytes and its UTF-32 reader reports bad code points this way
            throw source.fail(path, "malformed JSON: " + e.getMessage());
        }
    }

    /** "blobs/ALG/ENCODED" for a descriptor's digest, or empty when the digest is malformed. */
    static Optional<String> blobPath(JsonNode descriptor) {
        String digest = descriptor.path("digest").asText("");
        if (!DIGEST.matcher(digest).matches()) {
            return Optional.empty();
        }
        int colon = digest.indexOf(':');
        return Optional.of("blobs/" + digest.substring(0, colon) + "/" + digest.substring(colon + 1));
    }

    /** Copies the string members of an object (annotations, labels) into into. */
    static void copyStrings(JsonNode object, Map<String, String> into) {
        if (object == null || !object.isObject()) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode v = f.getValue();
            into.put(f.getKey(), v.isValueNode() ? v.asText() : v.toString());
        }
    }
}
