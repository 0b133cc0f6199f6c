package io.checkpointinspector.inspect;

import java.util.List;

/**
 * What a strings listing found.
 *
 * @param strings       runs by process then address; at most the cap asked for
 * @param capped        more runs exist than the cap let through
 * @param bytesSearched dumped bytes looked at
 * @param processes     processes whose memory was looked at
 * @param warnings      as for a search
 */
public record StringsResult(List<MemoryString> strings, boolean capped, long bytesSearched, int processes,
        List<String> warnings) {

    public StringsResult {
        strings = List.copyOf(strings);
        warnings = List.copyOf(warnings);
    }
}
