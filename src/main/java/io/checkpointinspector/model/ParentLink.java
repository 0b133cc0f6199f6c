package io.checkpointinspector.model;

/**
 * One parent in a chain opened together with its child: the checkpoint that holds pages the link before it marks
 * PE_PARENT.
 *
 * @param depth         1 for the child's parent, 2 for its parent's parent, ...
 * @param source        the file or folder it was read from
 * @param imagesDir     the folder of its images within that source ("pre-checkpoint/")
 * @param linkTarget    the parent link that led here, as recorded (null when none named it)
 * @param role          {@link ChainInfo#PRE_DUMP} or "dump" (a full dump can be a parent too)
 * @param stats         its own stats-dump (for a pre-dump: the pre-dump's), all null when it has none
 * @param pids          pids with a pagemap in it
 * @param pagesHeld     pages its pages images hold
 * @param pagesSupplied pages of the child read from it
 * @param pagesMissing  pages the link before it marks PE_PARENT that it does not hold either
 */
public record ParentLink(int depth, String source, String imagesDir, String linkTarget, String role,
        DumpStats stats, java.util.List<Integer> pids, long pagesHeld, long pagesSupplied, long pagesMissing) {

    public ParentLink {
        pids = java.util.List.copyOf(pids);
    }
}
