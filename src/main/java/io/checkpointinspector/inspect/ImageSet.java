package io.checkpointinspector.inspect;

import com.google.protobuf.Message;
import io.checkpointinspector.criu.CriuImageException;
import io.checkpointinspector.criu.ImageReader;
import io.checkpointinspector.criu.ImageReader.DecodedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The CRIU images of one checkpoint, by file name within checkpoint/ (e.g. "core-1.img"). Images are kept as
 * bytes and decoded on first use: the model needs a handful of image kinds, and each kind decoded for the first
 * time costs start-up time for its protobuf classes.
 */
final class ImageSet {

    private final Map<String, byte[]> raw = new TreeMap<>();
    private final Map<String, Optional<DecodedImage>> decoded = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();

    void put(String fileName, String entryName, byte[] bytes) {
        raw.put(fileName, bytes);
        decoded.remove(fileName);
        entryNames.put(fileName, entryName);
    }

    private final Map<String, String> entryNames = new HashMap<>();

    Optional<DecodedImage> get(String fileName) {
        if (!raw.containsKey(fileName)) {
            return Optional.empty();
        }
        return decoded.computeIfAbsent(fileName, this::decode);
    }

    private Optional<DecodedImage> decode(String fileName) {
        try {
            DecodedImage image = ImageReader.read(entryNames.get(fileName), raw.get(fileName),
                    ImageReader.Limits.DEFAULT);
            warnings.addAll(image.warnings());
            return Optional.of(image);
        } catch (CriuImageException e) {
            warnings.add(e.getMessage());
            return Optional.empty();
        } catch (IOException e) {
            warnings.add(entryNames.get(fileName) + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Why {@code fileName} gave nothing: absent from the checkpoint, or present but not decodable. */
    String whyEmpty(String fileName) {
        return raw.containsKey(fileName) ? "cannot be decoded" : "is missing";
    }

    boolean has(String fileName) {
        return raw.containsKey(fileName);
    }

    <T extends Message> List<T> records(String fileName, Class<T> type) {
        return get(fileName).map(image -> image.recordsOf(type)).orElse(List.of());
    }

    <T extends Message> Optional<T> first(String fileName, Class<T> type) {
        return get(fileName).flatMap(image -> image.first(type));
    }

    /** File names of all images held, sorted. */
    Set<String> names() {
        return raw.keySet();
    }

    /** Problems met while decoding the images used so far. */
    List<String> warnings() {
        return warnings;
    }
}
