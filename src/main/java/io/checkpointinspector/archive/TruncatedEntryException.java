package io.checkpointinspector.archive;

/**
 * The archive ends inside an entry's data. Thrown out of the entry's content (or the skip past it) so that the
 * scan can stop there, keep everything read before, and report the cut once as a warning.
 */
final class TruncatedEntryException extends CheckpointFormatException {

    private static final long serialVersionUID = 1L;

    TruncatedEntryException(SourceRef source, String entry, long declared, long present, Throwable cause) {
        super(source.label(), entry, "truncated: declared " + declared + " bytes, " + present + " present", cause);
    }

    /** The one warning for a cut archive: which entry, and how many of its bytes are there. */
    static String warning(SourceRef source, String entry, long declared, long present) {
        return source.label() + ": the archive is cut short inside entry " + entry + " (" + declared
                + " bytes declared, " + present + " present): that entry is left out and nothing after it was read";
    }
}
