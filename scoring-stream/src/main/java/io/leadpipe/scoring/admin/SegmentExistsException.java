package io.leadpipe.scoring.admin;

/** A create for an id that already exists: update it with PUT instead. */
public class SegmentExistsException extends RuntimeException {
  public SegmentExistsException(String segmentId) {
    super(
        "segment '"
            + segmentId
            + "' already exists; update it with PUT /admin/segments/"
            + segmentId);
  }
}
