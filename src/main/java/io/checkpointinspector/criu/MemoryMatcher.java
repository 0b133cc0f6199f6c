package io.checkpointinspector.criu;

import java.util.List;

/** A {@link PageSink} that finds matches, each with a little context, up to a cap. */
public interface MemoryMatcher extends PageSink {

  /** Matches found so far in the order found (call {@link #endRun()} first for complete contexts). */
  List<PatternMatcher.Match> matches();

  /** True when one more match than the cap was seen. */
  boolean capped();
}
