package io.leadpipe.notifier.sequence;

import io.leadpipe.schemas.common.HesitationReason;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the notifier keeps of a visitor's profile: exactly what the sequence rules and the triggers
 * read, instead of the whole published profile (activity, scores' factors, history, ...) of every
 * visitor.
 *
 * @param userId null for an anonymous visitor
 * @param consent channel → ConsentStatus name (GRANTED, DENIED, REVOKED, UNKNOWN)
 * @param timezone null when unknown (the policy's default applies)
 * @param engagement the engagement score
 * @param segments ids of the segments the visitor is in
 * @param statedReason what the visitor answered when asked why they did not buy, null if never
 * @param statedReasonAt when they answered
 * @param lastSeen the visitor's last activity: an anonymous visitor's copy is forgotten a retention
 *     after it
 * @param stage the lifecycle stage name, null when unknown (a copy kept before strategies existed)
 * @param leadTypes the visitor's lead types as {@code dimension:VALUE} (strategy audiences)
 * @param fit the fit score
 * @param influence the influence score
 */
public record FollowupProfile(
    String userId,
    Map<String, String> consent,
    String timezone,
    double engagement,
    List<String> segments,
    HesitationReason statedReason,
    Instant statedReasonAt,
    Instant lastSeen,
    String stage,
    List<String> leadTypes,
    double fit,
    double influence) {

  public FollowupProfile {
    consent = consent == null ? Map.of() : Map.copyOf(consent);
    segments = segments == null ? List.of() : List.copyOf(segments);
    leadTypes = leadTypes == null ? List.of() : List.copyOf(leadTypes);
  }

  /** Without what only strategy audiences read. */
  public FollowupProfile(
      String userId,
      Map<String, String> consent,
      String timezone,
      double engagement,
      List<String> segments,
      HesitationReason statedReason,
      Instant statedReasonAt,
      Instant lastSeen) {
    this(
        userId,
        consent,
        timezone,
        engagement,
        segments,
        statedReason,
        statedReasonAt,
        lastSeen,
        null,
        List.of(),
        0.0,
        0.0);
  }

  /** No user id: nobody but the scoring side's inactivity retention ever removes such a profile. */
  public boolean anonymous() {
    return userId == null;
  }
}
