package io.checkpointinspector.inspect;

import java.util.List;

/**
 * What a memory search found.
 *
 * @param hits          every hit, by process then address; at most the cap asked for
 * @param capped        more hits exist than the cap let through (the search stopped there)
 * @param bytesSearched dumped bytes read
 * @param processes     processes whose memory was searched
 * @param warnings      pages images missing or shorter than their pagemap, images that cannot be decoded
 */
public record MemorySearchResult(List<MemoryHit> hits, boolean capped, long bytesSearched, int processes,
        List<String> warnings) {

    public MemorySearchResult {
        hits = List.copyOf(hits);
        warnings = List.copyOf(warnings);
    }
}
