package io.checkpointinspector.inspect;

import com.google.protobuf.Message;
import io.checkpointinspector.criu.ImageReader.DecodedImage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The decoded CRIU images of one checkpoint, by file name within checkpoint/ (e.g. "core-1.img"). */
final class ImageSet {

    private final Map<String, DecodedImage> byName = new TreeMap<>();

    void put(String fileName, DecodedImage image) {
        byName.put(fileName, image);
    }

    Optional<DecodedImage> get(String fileName) {
        return Optional.ofNullable(byName.get(fileName));
    }

    boolean has(String fileName) {
        return byName.containsKey(fileName);
    }

    <T extends Message> List<T> records(String fileName, Class<T> type) {
        DecodedImage image = byName.get(fileName);
        return image == null ? List.of() : image.recordsOf(type);
    }

    <T extends Message> Optional<T> first(String fileName, Class<T> type) {
        DecodedImage image = byName.get(fileName);
        return image == null ? Optional.empty() : image.first(type);
    }

    Map<String, DecodedImage> all() {
        return byName;
    }
}
