/**
 * Opening container checkpoints (Podman, CRI-O, containerd, CRIU) for reading: {@link
 * io.checkpointinspector.archive.CheckpointSources#open} gives a {@link
 * io.checkpointinspector.archive.CheckpointSource} with one sequential {@code scan} and, where the bytes allow,
 * random access.
 *
 * <h2>Recognition</h2>
 * By content only: zstd magic 28 B5 2F FD (or a zstd skippable frame), gzip 1F 8B, a tar header ("ustar" at
 * offset 257 or a valid v7 checksum), or a directory. Inside a tar, config.dump / spec.dump / checkpoint/ make it a
 * checkpoint; oci-layout / index.json an OCI archive; a manifest.json listing "Layers" a docker archive.
 *
 * <h2>Reading without extracting</h2>
 * Tars are parsed by our own bounded reader ({@code TarReader}); commons-compress 1.28's TarArchiveInputStream
 * has no limits for pax headers or GNU long names and gives no data offsets. An uncompressed tar is indexed by
 * walking headers and seeking over data, then read with positional FileChannel reads. Compressed tars are
 * streamed: {@code open} decompresses at most the first 256 entries / 64 MiB to recognise them, each {@code scan}
 * decompresses once, to the end (so truncation and checksums are verified), never to disk.
 *
 * <h2>Images</h2>
 * {@code podman image save} writes blobs before index.json / manifest.json. The outer tar (uncompressed, as podman
 * writes it) is therefore indexed first, headers only; the manifest is then read by position and the checkpoint
 * layer found without a second pass. A single layer is taken as the checkpoint; of several, the first whose first
 * entries include a checkpoint marker. An uncompressed layer is indexed in place (random access at outer offset +
 * inner offset); a gzip/zstd layer is streamed. A compressed outer image archive is refused with a clear message
 * (it would need a decompression pass before the manifest is known). Annotations are collected from index,
 * index descriptors, manifest, layer descriptor and config labels, later ones winning.
 *
 * <h2>Hostile input</h2>
 * Names are normalised ("./" dropped); names with ".." segments or a leading "/" are skipped with a warning.
 * Duplicate names keep the first entry (so streaming and random access agree) with a warning noting that
 * extracting tools keep the last. Links are reported with their target, never followed; they, directories and
 * devices have no content, and header-only tar types carry no data even if they declare some (as in Go's
 * archive/tar, which wrote these archives). Global pax headers are validated but not applied. Every failure of the
 * data surfaces as {@link io.checkpointinspector.archive.CheckpointFormatException} naming the source and entry;
 * limits are in {@link io.checkpointinspector.archive.OpenOptions}. Data after the end-of-archive marker is
 * reported as a warning. Directory sources never follow links below the named directory and re-check each file
 * when opening it.
 */
package io.checkpointinspector.archive;
