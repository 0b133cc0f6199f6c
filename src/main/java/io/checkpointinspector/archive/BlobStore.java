package io.checkpointinspector.archive;

import java.io.IOException;
import java.util.Optional;

/** Files of an image container (OCI layout or docker archive), by path relative to its root. */
interface BlobStore {

    /** The file range holding path, or empty when there is no such regular file. */
    Optional<FileSlice> find(String path) throws IOException;
}
