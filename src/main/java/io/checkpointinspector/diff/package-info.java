/**
 * Two checkpoints → their difference: container and dump facts side by side, processes matched by pid and
 * command, open files, sockets and memory per process, root file-system changes. Plain records, no JavaFX; the
 * command line and the window only show what {@link io.checkpointinspector.diff.CheckpointDiffer} computes.
 */
package io.checkpointinspector.diff;
