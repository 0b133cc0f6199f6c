package io.checkpointinspector.model;

import java.util.List;

/**
 * What one checkpoint says about a pre-dump chain (CRIU {@code pre-dump} / {@code --prev-images-dir}, runc
 * {@code --pre-dump} / {@code --parent-path}, Podman {@code --pre-checkpoint} / {@code --with-previous}).
 *
 * @param role          {@link #INCREMENTAL}: a dump whose pagemaps keep pages in a parent; {@link #PRE_DUMP}: a
 *                      pre-dump (memory pages only, no process tree)
 * @param imagesDir     the folder of the CRIU images within the source ("checkpoint/", "pre-checkpoint/")
 * @param parentLink    the {@code parent} symlink's target exactly as recorded, or null without one
 * @param parentDir     where that link lands within this source ("pre-checkpoint/"), or null when it leaves it
 * @param parentNote    what the link means here (where the parent must come from), or null
 * @param pagesInParent pages the pagemaps mark PE_PARENT (bytes not in this checkpoint)
 * @param pagesInImage  pages whose bytes this checkpoint's pages images hold
 * @param pids          pids with a pagemap image, ascending
 * @param pagesInParentByPid pagesInParent per pid (pids without such pages left out)
 */
public record ChainInfo(String role, String imagesDir, String parentLink, String parentDir, String parentNote,
        long pagesInParent, long pagesInImage, List<Integer> pids, java.util.Map<Integer, Long> pagesInParentByPid) {

    public static final String INCREMENTAL = "incremental";
    public static final String PRE_DUMP = "pre-dump";

    public ChainInfo {
        pids = List.copyOf(pids);
        pagesInParentByPid = java.util.Map.copyOf(pagesInParentByPid);
    }

    public boolean incremental() {
        return INCREMENTAL.equals(role);
    }

    public boolean preDump() {
        return PRE_DUMP.equals(role);
    }
}
