package io.leadpipe.schemas.visitor;

/**
 * The record key of every visitor topic: the userId when the visitor is known, else the
 * anonymousId. Keying by visitor keeps one visitor's events in one partition, in order. Producers
 * (ingest) and the streams applications use this one rule so a record never needs re-keying when it
 * was produced by us; identity stitching (anonymous → known) maps keys to a canonical id
 * downstream.
 */
public final class VisitorId {

  private VisitorId() {}

  /** The visitor key, or null when the event names neither id (such an event is rejected). */
  public static String of(String userId, String anonymousId) {
    return userId != null && !userId.isEmpty() ? userId : anonymousId;
  }
}
