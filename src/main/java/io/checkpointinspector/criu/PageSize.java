package io.checkpointinspector.criu;

import java.util.List;
import java.util.OptionalInt;

/**
 * Page size of a dumped process. CRIU images do not record it (x86-64 uses 4 KiB; aarch64 and
 * ppc64 kernels may use 16 or 64 KiB), but the saved auxiliary vector in mm-N.img
 * ({@code mm_saved_auxv}, key/value pairs) holds {@code AT_PAGESZ}.
 */
public final class PageSize {
  /** 4096, the default when nothing better is known. */
  public static final int DEFAULT = 4096;

  /** Auxiliary vector key of the page size. */
  public static final long AT_PAGESZ = 6;

  private PageSize() {}

  /** AT_PAGESZ from a saved auxv ({@code key, value, key, value, ...}) if plausible. */
  public static OptionalInt fromSavedAuxv(List<Long> auxv) {
    if (auxv == null) {
      return OptionalInt.empty();
    }
    for (int i = 0; i + 1 < auxv.size(); i += 2) {
      long key = auxv.get(i);
      if (key == 0) {
        break; // AT_NULL
      }
      if (key == AT_PAGESZ) {
        long v = auxv.get(i + 1);
        return isValid(v) ? OptionalInt.of((int) v) : OptionalInt.empty();
      }
    }
    return OptionalInt.empty();
  }

  /** A power of two between 4 KiB and 1 MiB. */
  public static boolean isValid(long pageSize) {
    return pageSize >= 4096 && pageSize <= (1 << 20) && Long.bitCount(pageSize) == 1;
  }
}
