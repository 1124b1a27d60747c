package io.leadpipe.ingest.event;

/**
 * The record key of every visitor topic: the userId when the visitor is known, else the anonymousId.
 * Keying by visitor keeps one visitor's events in one partition, in order. Identity stitching
 * (anonymous → known) happens downstream from identify/alias events; this rule is the only place
 * ingest decides a key.
 */
public final class VisitorId {

  private VisitorId() {}

  public static String of(String userId, String anonymousId) {
    return userId != null ? userId : anonymousId;
  }
}
