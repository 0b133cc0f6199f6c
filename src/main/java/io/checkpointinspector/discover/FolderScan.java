package io.checkpointinspector.discover;

import io.checkpointinspector.archive.CheckpointSources;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Looks through a folder for checkpoints, by content: a file whose first 512 bytes are zstd, gzip or a tar header,
 * a folder holding config.dump, spec.dump, checkpoint/, inventory.img or an OCI layout. Symlinks are never followed;
 * a folder that is a checkpoint is read, not descended into.
 */
final class FolderScan {

    private final CheckpointReading reading;

    FolderScan(CheckpointReading reading) {
        this.reading = reading;
    }

    void scan(Place place, ScanContext scan) {
        Path root = place.path();
        try {
            BasicFileAttributes attrs = Files.readAttributes(root, BasicFileAttributes.class);
            if (!attrs.isDirectory()) {
                scan.skipped(place, new java.nio.file.NotDirectoryException(root.toString()));
                return;
            }
        } catch (IOException e) {
            scan.skipped(place, e);
            return;
        }
        if (isCheckpointFolder(root)) {
            candidateFolder(root, place, scan);
            return;
        }
        Walk walk = new Walk(place, scan);
        try {
            walk.folder(root, 1);
        } catch (IOException e) {
            scan.skipped(place, e);
            return;
        }
        if (walk.entriesCut) {
            scan.cut(place + ": stopped after " + scan.limits().maxEntries() + " entries (the entries bound)");
        }
        if (walk.deeperFolders > 0) {
            scan.cut(place + ": " + walk.deeperFolders + (walk.deeperFolders == 1 ? " folder" : " folders")
                    + " deeper than " + scan.limits().maxDepth() + " not searched (the depth bound)");
        }
        if (walk.unreadable > 0) {
            scan.note(place + ": " + walk.unreadable + (walk.unreadable == 1 ? " entry" : " entries")
                    + " skipped, permission denied");
        }
    }

    private final class Walk {
        private final Place place;
        private final ScanContext scan;
        private int entries;
        private boolean entriesCut;
        private int deeperFolders;
        private int unreadable;

        Walk(Place place, ScanContext scan) {
            this.place = place;
            this.scan = scan;
        }

        void folder(Path dir, int depth) throws IOException {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
                for (Path child : children) {
                    if (scan.stop()) {
                        return;
                    }
                    if (++entries > scan.limits().maxEntries()) {
                        entriesCut = true;
                        return;
                    }
                    BasicFileAttributes a;
                    try {
                        a = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    } catch (IOException e) {
                        unreadable++;
                        continue;
                    }
                    if (a.isRegularFile()) {
                        file(child, a.size());
                    } else if (a.isDirectory()) {
                        if (isCheckpointFolder(child)) {
                            candidateFolder(child, place, scan);
                        } else if (depth < scan.limits().maxDepth()) {
                            try {
                                folder(child, depth + 1);
                            } catch (IOException e) {
                                unreadable++;
                            }
                            if (entriesCut) {
                                return;
                            }
                        } else {
                            deeperFolders++;
                        }
                    }
                }
            }
        }

        private void file(Path file, long size) {
            byte[] head = new byte[512];
            int n;
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                n = in.readNBytes(head, 0, head.length);
            } catch (IOException e) {
                unreadable++;
                return;
            }
            if (!CheckpointSources.mayBeArchive(head, n)) {
                return;
            }
            if (CheckpointSources.isCompressed(head, n) && size > scan.limits().maxCompressedBytes()) {
                scan.add(ScanContext.key(file), CheckpointReading.tooBig(file, place.kind(), size,
                        scan.limits().maxCompressedBytes()));
                return;
            }
            try {
                scan.add(ScanContext.key(file), reading.read(file, place.kind(), null, scan));
            } catch (CheckpointReading.NotACheckpoint e) {
                // an ordinary tar or compressed file: not listed
            }
        }
    }

    private void candidateFolder(Path dir, Place place, ScanContext scan) {
        if (scan.stop()) {
            return;
        }
        try {
            scan.add(ScanContext.key(dir), reading.read(dir, place.kind(), null, scan));
        } catch (CheckpointReading.NotACheckpoint e) {
            // e.g. a folder with an index.json that is no OCI layout
        }
    }

    static boolean isCheckpointFolder(Path dir) {
        return regular(dir, "config.dump") || regular(dir, "spec.dump") || regular(dir, "inventory.img")
                || (Files.isDirectory(dir.resolve("checkpoint"), LinkOption.NOFOLLOW_LINKS)
                        && regular(dir.resolve("checkpoint"), "inventory.img"))
                || regular(dir, "oci-layout");
    }

    private static boolean regular(Path dir, String name) {
        return Files.isRegularFile(dir.resolve(name), LinkOption.NOFOLLOW_LINKS);
    }
}
