package io.checkpointinspector.criu;

import java.io.IOException;

/**
 * A CRIU image could not be decoded: unknown or missing magic, a record larger than the
 * configured limit, too many records, and similar problems of the image's bytes.
 *
 * <p>Every message starts with the entry name so that it can be shown as is, e.g.
 * {@code "checkpoint/core-1.img: unknown image magic 0x1234abcd"}. It extends
 * {@link IOException} so that callers reading archives can handle I/O failures and malformed
 * images in one place; the readers in this package throw no other exception for malformed input.
 */
public class CriuImageException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String entryName;
  private final long offset;

  /**
   * @param entryName name of the image (archive entry or file name), may be null
   * @param offset byte offset in the image where the problem was found, or -1
   * @param message what is wrong, without the entry name
   */
  public CriuImageException(String entryName, long offset, String message) {
    super(format(entryName, offset, message));
    this.entryName = entryName;
    this.offset = offset;
  }

  private static String format(String entryName, long offset, String message) {
    String name = entryName == null || entryName.isEmpty() ? "<image>" : entryName;
    return offset >= 0 ? name + ": " + message + " (at byte " + offset + ")" : name + ": " + message;
  }

  /** The entry name given when reading, or null. */
  public String entryName() {
    return entryName;
  }

  /** Byte offset of the problem in the image, or -1 if not tied to a position. */
  public long offset() {
    return offset;
  }
}
