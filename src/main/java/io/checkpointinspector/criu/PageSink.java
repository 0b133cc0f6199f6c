package io.checkpointinspector.criu;

/**
 * Receives dumped memory in pieces, each tagged with its virtual address, as {@link PagesScan} reads it. A piece
 * that starts where the previous one ended continues the same run of contiguous memory; any other address starts a
 * new one.
 */
public interface PageSink {

  /** len bytes of buf from off hold the memory at vaddr. */
  void feed(long vaddr, byte[] buf, int off, int len);

  /** The current run of contiguous memory ends here (a not-dumped range or the end of the image follows). */
  void endRun();

  /** True when feeding more is pointless (a cap was reached). */
  boolean full();
}
