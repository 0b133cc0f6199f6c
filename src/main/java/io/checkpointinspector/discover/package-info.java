/**
 * Finding checkpoints where engines and users keep them: kubelet's checkpoint folder, Podman's checkpoint images in
 * local storage (read in place from the layer's directory), containerd's checkpoint images in its content store, and
 * the folders of recently opened checkpoints. Every scan is bounded (depth, entries, time) and says when a bound cut
 * it short; a place that cannot be read is a note, a broken candidate a row with its error.
 */
package io.checkpointinspector.discover;
