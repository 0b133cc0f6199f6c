package io.checkpointinspector.inspect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The uncompressed fixture with two entries damaged in place (sizes kept): core-12.img's records become garbage
 * and deleted.files stops being JSON. The engine reads the rest and reports three warnings.
 */
public final class BrokenFixture {

    private BrokenFixture() {
    }

    public static Path write(Path target) throws IOException {
        byte[] tar = Files.readAllBytes(Fixtures.path("podman-none.tar"));
        damage(tar, "checkpoint/core-12.img", (byte) 0xff);
        damage(tar, "deleted.files", (byte) '{');
        Files.write(target, tar);
        return target;
    }

    private static void damage(byte[] tar, String name, byte fill) {
        byte[] wanted = name.getBytes(StandardCharsets.US_ASCII);
        for (int off = 0; off + 512 <= tar.length; off += 512) {
            if (Arrays.equals(tar, off, off + wanted.length, wanted, 0, wanted.length) && tar[off + wanted.length] == 0) {
                String octal = new String(tar, off + 124, 12, StandardCharsets.US_ASCII).replace("\0", "").trim();
                int size = Integer.parseInt(octal, 8);
                Arrays.fill(tar, off + 512 + 8, off + 512 + size, fill);
                return;
            }
        }
        throw new IllegalStateException(name + " not found in the fixture");
    }
}
