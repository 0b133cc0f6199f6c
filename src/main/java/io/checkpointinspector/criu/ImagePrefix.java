package io.checkpointinspector.criu;

/** What precedes the per-type magic of a CRIU image (images v1.1 and later). */
public enum ImagePrefix {
  /** IMG_COMMON_MAGIC 0x54564319 precedes the image magic (most images). */
  COMMON(0x54564319),
  /** IMG_SERVICE_MAGIC 0x55105940 precedes the image magic (stats-*, irmap-cache). */
  SERVICE(0x55105940),
  /** Only the image's own magic: inventory.img, and every image of the old v1 format. */
  NONE(0),
  /** No magic at all: raw images such as pages-N.img or iptables dumps. */
  RAW(0);

  private final int magic;

  ImagePrefix(int magic) {
    this.magic = magic;
  }

  /** The prefix magic value (0 for {@link #NONE} and {@link #RAW}). */
  public int magic() {
    return magic;
  }

  /** Hex form used in messages, e.g. {@code 0x54564319}. */
  public static String hex(int magic) {
    return String.format("0x%08x", magic);
  }
}
