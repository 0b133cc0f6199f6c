package io.checkpointinspector.model;

import java.util.List;

/**
 * CRIU images named after a pid that the process tree (pstree.img) does not list, e.g. left in a checkpoint
 * directory by an earlier dump. They are no process of this checkpoint: listed, and searched only on request.
 *
 * @param pid    the pid in the image names
 * @param images file names within checkpoint/ (core-N.img, mm-N.img, pagemap-N.img, the pages image its pagemap
 *               names when no process of the tree names it, ...)
 */
public record OutsideTreeImages(int pid, List<String> images) {

    public OutsideTreeImages {
        images = List.copyOf(images);
    }
}
