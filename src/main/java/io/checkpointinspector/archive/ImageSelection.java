package io.checkpointinspector.archive;

import java.util.Map;

/**
 * The checkpoint layer chosen from an image.
 *
 * @param layer       file range of the layer blob
 * @param layerPath   its path in the image container (for messages)
 * @param mediaType   media type from the manifest, or null (docker archives carry none)
 * @param annotations index/manifest/layer annotations and config labels
 * @param imageName   a reference name (ref.name annotation or RepoTags), or null
 */
record ImageSelection(FileSlice layer, String layerPath, String mediaType, Map<String, String> annotations,
        String imageName) {
}
