package io.leadpipe.scoring.identity.admin;

/** No merge record with that id (never made, or erased). */
public class MergeNotFoundException extends RuntimeException {
  public MergeNotFoundException(String mergeId) {
    super("No merge " + mergeId);
  }
}
