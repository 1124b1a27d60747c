package io.leadpipe.scoring.admin;

/** No segment with this id exists (or it was deleted). */
public class SegmentNotFoundException extends RuntimeException {
  public SegmentNotFoundException(String segmentId) {
    super("no segment '" + segmentId + "'");
  }
}
