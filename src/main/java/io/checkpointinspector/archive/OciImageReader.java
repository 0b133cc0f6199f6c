package io.checkpointinspector.archive;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Follows index.json → (nested indexes) → manifest → layers to the checkpoint layer of an OCI layout. */
final class OciImageReader {

    private static final Set<String> INDEX_TYPES = Set.of("application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");
    private static final int MAX_MANIFESTS = 64;
    private static final int MAX_DEPTH = 4;
    static final String REF_NAME = "org.opencontainers.image.ref.name";

    private record Candidate(JsonNode manifest, Map<String, String> annotations) {
    }

    private final ImageJson json;
    private final BlobStore blobs;
    private final LayerProbe probe;
    private final SourceRef source;
    private final Warnings warnings;

    OciImageReader(ImageJson json, BlobStore blobs, LayerProbe probe, SourceRef source, Warnings warnings) {
        this.json = json;
        this.blobs = blobs;
        this.probe = probe;
        this.source = source;
        this.warnings = warnings;
    }

    ImageSelection resolve() throws IOException {
        JsonNode index = json.read("index.json")
                .orElseThrow(() -> source.fail(null, "not a checkpoint: OCI layout without index.json"));
        Map<String, String> annotations = new LinkedHashMap<>();
        ImageJson.copyStrings(index.path("annotations"), annotations);
        List<Candidate> candidates = new ArrayList<>();
        collect(index, annotations, 0, candidates);
        if (candidates.isEmpty()) {
            throw source.fail("index.json", "not a checkpoint: the OCI layout lists no image manifest");
        }
        for (Candidate candidate : candidates) {
            Optional<ImageSelection> selection = choose(candidate);
            if (selection.isPresent()) {
                if (candidates.size() > 1) {
                    warnings.add("the OCI layout holds " + candidates.size() + " images; showing "
                            + Optional.ofNullable(selection.get().imageName()).orElse("the first checkpoint image"));
                }
                return selection.get();
            }
        }
        throw source.fail(null, "not a checkpoint: no image layer holds config.dump, spec.dump or checkpoint/");
    }

    private void collect(JsonNode index, Map<String, String> inherited, int depth, List<Candidate> out)
            throws IOException {
        for (JsonNode descriptor : index.path("manifests")) {
            if (out.size() >= MAX_MANIFESTS) {
                warnings.add("more than " + MAX_MANIFESTS + " manifests: the rest are not considered");
                return;
            }
            Map<String, String> annotations = new LinkedHashMap<>(inherited);
            ImageJson.copyStrings(descriptor.path("annotations"), annotations);
            Optional<String> path = ImageJson.blobPath(descriptor);
            Optional<JsonNode> node = path.isPresent() ? json.read(path.get()) : Optional.empty();
            if (node.isEmpty()) {
                warnings.add("manifest " + EntryCatalog.printable(descriptor.path("digest").asText("?"))
                        + " is missing from the OCI layout");
                continue;
            }
            JsonNode manifest = node.get();
            String mediaType = descriptor.path("mediaType").asText(manifest.path("mediaType").asText(""));
            if (INDEX_TYPES.contains(mediaType) || manifest.has("manifests")) {
                if (depth < MAX_DEPTH) {
                    ImageJson.copyStrings(manifest.path("annotations"), annotations);
                    collect(manifest, annotations, depth + 1, out);
                }
            } else if (manifest.path("layers").isArray()) {
                out.add(new Candidate(manifest, annotations));
            }
        }
    }

    private Optional<ImageSelection> choose(Candidate candidate) throws IOException {
        JsonNode manifest = candidate.manifest();
        Map<String, String> annotations = new LinkedHashMap<>(candidate.annotations());
        ImageJson.copyStrings(manifest.path("annotations"), annotations);
        JsonNode chosen = null;
        FileSlice layer = null;
        String chosenPath = null;
        JsonNode layers = manifest.path("layers");
        for (JsonNode descriptor : layers) {
            Optional<String> path = ImageJson.blobPath(descriptor);
            Optional<FileSlice> slice = path.isPresent() ? blobs.find(path.get()) : Optional.empty();
            if (slice.isEmpty()) {
                throw source.fail(path.orElse(null), "image layer " + EntryCatalog.printable(
                        descriptor.path("digest").asText("?")) + " is missing");
            }
            if (layers.size() == 1 || probe.holdsCheckpoint(slice.get(), path.get())) {
                chosen = descriptor;
                layer = slice.get();
                chosenPath = path.get();
                break;
            }
        }
        if (chosen == null) {
            return Optional.empty();
        }
        ImageJson.copyStrings(chosen.path("annotations"), annotations);
        addConfigLabels(manifest.path("config"), annotations);
        String mediaType = chosen.path("mediaType").asText(null);
        return Optional.of(new ImageSelection(layer, chosenPath, mediaType, annotations,
                annotations.get(REF_NAME)));
    }

    private void addConfigLabels(JsonNode configDescriptor, Map<String, String> annotations) throws IOException {
        Optional<String> path = ImageJson.blobPath(configDescriptor);
        Optional<JsonNode> config = path.isPresent() ? json.read(path.get()) : Optional.empty();
        if (config.isEmpty()) {
            warnings.add("the image config is missing: its labels are not shown");
            return;
        }
        ImageJson.copyStrings(config.get().path("config").path("Labels"), annotations);
    }
}
