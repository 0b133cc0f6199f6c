package io.checkpointinspector.criu;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Reads a pages image once, front to back, and hands every stored page to a {@link PageSink} with its virtual
 * address, as the pagemap index places it. Entries without bytes in the image (in the parent checkpoint, lazy,
 * not present) take no room in it and are never fed; virtually adjacent entries form one run, so matches across
 * them are found. Memory use is one read buffer, whatever the image size.
 */
public final class PagesScan {

  /** Bytes read per step: also how often progress and cancellation are looked at. */
  public static final int CHUNK = 1 << 20;

  /**
   * What one scan did.
   *
   * @param bytesRead bytes of the pages image read
   * @param truncated the image ended before the pagemap says it should
   * @param bytesSearched bytes handed to the sink (all read ones, or those inside the ranges asked for)
   */
  public record Outcome(long bytesRead, boolean truncated, long bytesSearched) {}

  private PagesScan() {}

  /**
   * Scans pages, the pages image of index from its first byte (not closed).
   *
   * @param progress told the bytes read after every chunk
   * @param cancelled polled after every chunk (as is the thread's interrupt flag)
   * @throws CancellationException when cancelled or interrupted
   */
  public static Outcome scan(PageMapIndex index, InputStream pages, PageSink matcher,
      LongConsumer progress, BooleanSupplier cancelled) throws IOException {
    return scan(index, pages, matcher, null, progress, cancelled);
  }

  /**
   * As above, feeding only the parts inside within (null: everything). The whole image is still read (it is one
   * stream), but what lies outside never reaches the sink.
   */
  public static Outcome scan(PageMapIndex index, InputStream pages, PageSink matcher, AddressRanges within,
      LongConsumer progress, BooleanSupplier cancelled) throws IOException {
    byte[] buf = new byte[CHUNK];
    long pos = 0;
    long fed = 0;
    for (PageMapIndex.Entry e : index.entries()) {
      if (e.fileOffset() < 0 || e.length() == 0) {
        continue;
      }
      if (within != null && within.bytesWithin(e.vaddr(), e.end()) == 0) {
        continue; // skipped below like any gap in the image
      }
      if (e.fileOffset() > pos) {
        long skipped = skip(pages, e.fileOffset() - pos, buf);
        pos += skipped;
        if (pos < e.fileOffset()) {
          matcher.endRun();
          return new Outcome(pos, true, fed);
        }
      }
      long done = 0;
      while (done < e.length()) {
        if (matcher.full()) {
          matcher.endRun();
          return new Outcome(pos, false, fed);
        }
        int want = (int) Math.min(buf.length, e.length() - done);
        int n = pages.readNBytes(buf, 0, want);
        if (n > 0) {
          if (within == null) {
            matcher.feed(e.vaddr() + done, buf, 0, n);
            fed += n;
          } else {
            within.feed(matcher, e.vaddr() + done, buf, 0, n);
            fed += within.bytesWithin(e.vaddr() + done, e.vaddr() + done + n);
          }
          done += n;
          pos += n;
        }
        progress.accept(pos);
        if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
          throw new CancellationException("memory search cancelled");
        }
        if (n < want) {
          matcher.endRun();
          return new Outcome(pos, true, fed);
        }
      }
    }
    matcher.endRun();
    return new Outcome(pos, false, fed);
  }

  private static long skip(InputStream in, long n, byte[] scratch) throws IOException {
    long done = 0;
    while (done < n) {
      long s = in.skip(n - done);
      if (s > 0) {
        done += s;
        continue;
      }
      int got = in.readNBytes(scratch, 0, (int) Math.min(scratch.length, n - done));
      if (got <= 0) {
        break;
      }
      done += got;
    }
    return done;
  }
}
