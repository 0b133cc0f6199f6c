package io.checkpointinspector.archive;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the checkpoint layer of a docker archive: manifest.json lists, per image, "Config" and "Layers" paths
 * ("HEX.tar", "ID/layer.tar" or "blobs/sha256/HEX"). Docker archives carry no annotations; config labels are
 * collected.
 */
final class DockerArchiveReader {

    private static final int MAX_IMAGES = 64;

    private final ImageJson json;
    private final BlobStore blobs;
    private final LayerProbe probe;
    private final SourceRef source;
    private final Warnings warnings;

    DockerArchiveReader(ImageJson json, BlobStore blobs, LayerProbe probe, SourceRef source, Warnings warnings) {
        this.json = json;
        this.blobs = blobs;
        this.probe = probe;
        this.source = source;
        this.warnings = warnings;
    }

    /** Whether manifest.json has the docker-archive shape (an array of objects with "Layers"). */
    static boolean looksLikeDockerManifest(JsonNode manifest) {
        return manifest.isArray() && manifest.size() > 0 && manifest.get(0).path("Layers").isArray();
    }

    ImageSelection resolve() throws IOException {
        JsonNode manifest = json.read("manifest.json")
                .orElseThrow(() -> source.fail(null, "not a checkpoint: docker archive without manifest.json"));
        if (!looksLikeDockerManifest(manifest)) {
            throw source.fail("manifest.json", "not a docker-archive manifest (no \"Layers\")");
        }
        int images = Math.min(manifest.size(), MAX_IMAGES);
        for (int i = 0; i < images; i++) {
            Optional<ImageSelection> selection = choose(manifest.get(i));
            if (selection.isPresent()) {
                if (manifest.size() > 1) {
                    warnings.add("the docker archive holds " + manifest.size() + " images; showing "
                            + Optional.ofNullable(selection.get().imageName()).orElse("image " + (i + 1)));
                }
                return selection.get();
            }
        }
        throw source.fail(null, "not a checkpoint: no image layer holds config.dump, spec.dump or checkpoint/");
    }

    private Optional<ImageSelection> choose(JsonNode image) throws IOException {
        JsonNode layers = image.path("Layers");
        for (JsonNode layerPath : layers) {
            String path = layerPath.asText("");
            FileSlice slice = blobs.find(path).orElseThrow(() -> source.fail(EntryCatalog.printable(path),
                    "image layer listed in manifest.json is missing"));
            if (layers.size() == 1 || probe.holdsCheckpoint(slice, path)) {
                Map<String, String> labels = new LinkedHashMap<>();
                String config = image.path("Config").asText(null);
                Optional<JsonNode> configJson = config == null ? Optional.empty() : json.read(config);
                if (configJson.isPresent()) {
                    ImageJson.copyStrings(configJson.get().path("config").path("Labels"), labels);
                } else {
                    warnings.add("the image config is missing: its labels are not shown");
                }
                String name = image.path("RepoTags").path(0).asText(null);
                return Optional.of(new ImageSelection(slice, path, null, labels, name));
            }
        }
        return Optional.empty();
    }
}
