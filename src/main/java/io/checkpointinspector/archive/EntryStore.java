package io.checkpointinspector.archive;

import java.io.IOException;
import java.util.Optional;

/** Where a source's entries come from: an indexed tar range, a compressed stream, or a directory. */
interface EntryStore {

    void scan(EntryVisitor visitor) throws IOException;

    Optional<RandomAccessEntries> randomAccess();
}
