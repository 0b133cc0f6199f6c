package io.checkpointinspector.runtime;

import java.util.List;

/** The helper's list: the containers of every runtime that answered, and notes on those that did not. */
public record ContainerListing(List<ContainerInfo> containers, List<String> notes) {

    public ContainerListing {
        containers = List.copyOf(containers);
        notes = List.copyOf(notes);
    }
}
