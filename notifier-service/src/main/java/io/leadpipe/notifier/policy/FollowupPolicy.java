package io.leadpipe.notifier.policy;

import io.leadpipe.schemas.common.FollowupPlay;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.followup.DecisionReason;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rule: a due step is SENT on the first consented channel unless the visitor said they are not
 * interested (CANCELLED), has no consent / too low a score / the wrong segments (SUPPRESSED), or is
 * in quiet hours, in the cooldown or over the frequency cap (DELAYED, never dropped).
 */
public final class FollowupPolicy {

  private final PolicyConfig config;
  private final Clock clock;

  public FollowupPolicy(PolicyConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  public PolicyConfig config() {
    return config;
  }

  /** The same policy with other settings (a strategy's guardrail overrides), on the same clock. */
  public FollowupPolicy withConfig(PolicyConfig other) {
    return new FollowupPolicy(other, clock);
  }

  /**
   * The steps of the sequence for a hesitation kind; kinds without their own sequence use the cart
   * one.
   */
  public List<PolicyConfig.Step> sequence(HesitationKind kind) {
    return config
        .sequences()
        .getOrDefault(
            kind, config.sequences().getOrDefault(HesitationKind.CART_ABANDONED, List.of()));
  }

  /** When step {@code index} (0-based) is due for a hesitation detected at {@code detectedAt}. */
  public Optional<Instant> dueAt(HesitationKind kind, int index, Instant detectedAt) {
    List<PolicyConfig.Step> steps = sequence(kind);
    return index < steps.size()
        ? Optional.of(detectedAt.plus(steps.get(index).delay()))
        : Optional.empty();
  }

  /**
   * The play a step sends: reminders remind, surveys ask, a reason play removes the likely
   * obstacle.
   */
  public PolicyConfig.PlaySpec play(StepType type, HesitationReason reason) {
    return switch (type) {
      case REMINDER -> new PolicyConfig.PlaySpec(FollowupPlay.REMINDER, Map.of());
      case SURVEY ->
          config
              .plays()
              .getOrDefault(
                  HesitationReason.UNKNOWN,
                  new PolicyConfig.PlaySpec(FollowupPlay.SURVEY, Map.of()));
      case REASON_PLAY ->
          config
              .plays()
              .getOrDefault(
                  reason,
                  config
                      .plays()
                      .getOrDefault(
                          HesitationReason.UNKNOWN,
                          new PolicyConfig.PlaySpec(FollowupPlay.SURVEY, Map.of())));
    };
  }

  /**
   * Stated answers that end the chase: nobody is worth chasing who no longer wants it or bought
   * elsewhere.
   */
  public static boolean endsFollowup(HesitationReason stated) {
    return stated == HesitationReason.NO_LONGER_INTERESTED
        || stated == HesitationReason.BOUGHT_ELSEWHERE;
  }

  public Decision decide(Prospect prospect, ContactHistory history) {
    return decide(prospect, history, clock.instant());
  }

  /**
   * Decides one due step at {@code now}; guardrails in order: stated reason, consent, audience,
   * timing.
   */
  public Decision decide(Prospect prospect, ContactHistory history, Instant now) {
    if (prospect.statedReason() != null && endsFollowup(prospect.statedReason())) {
      return Decision.cancel(DecisionReason.STATED_NOT_INTERESTED, prospect.statedReason().name());
    }
    Optional<String> channel =
        config.channels().stream()
            .filter(c -> "GRANTED".equals(prospect.consent().get(c)))
            .findFirst();
    if (channel.isEmpty()) {
      return Decision.suppress(
          DecisionReason.NO_CONSENT, "no granted consent on " + config.channels());
    }
    if (prospect.engagementScore() < config.minEngagementScore()) {
      return Decision.suppress(
          DecisionReason.BELOW_MIN_SCORE,
          "score " + prospect.engagementScore() + " < " + config.minEngagementScore());
    }
    if (!prospect.segments().containsAll(config.requiredSegments())
        || prospect.segments().stream().anyMatch(config.excludedSegments()::contains)) {
      return Decision.suppress(DecisionReason.SEGMENT_CONDITION, "segments " + prospect.segments());
    }
    Optional<Instant> quietEnd = quietHoursEnd(prospect.timezone(), now);
    if (quietEnd.isPresent()) {
      return Decision.delay(
          DecisionReason.QUIET_HOURS,
          quietEnd.get(),
          "quiet hours in " + zone(prospect.timezone()));
    }
    if (history.lastSentAt() != null && history.lastSentAt().plus(config.cooldown()).isAfter(now)) {
      return Decision.delay(
          DecisionReason.COOLDOWN,
          history.lastSentAt().plus(config.cooldown()),
          "cooldown " + config.cooldown());
    }
    List<Instant> inWindow =
        history.sentAt().stream()
            .filter(t -> t.plus(config.frequencyWindow()).isAfter(now))
            .sorted()
            .toList();
    if (config.frequencyCap() > 0 && inWindow.size() >= config.frequencyCap()) {
      Instant until =
          inWindow.get(inWindow.size() - config.frequencyCap()).plus(config.frequencyWindow());
      return Decision.delay(
          DecisionReason.FREQUENCY_CAP,
          until,
          config.frequencyCap() + " per " + config.frequencyWindow());
    }
    return Decision.send(channel.get());
  }

  /**
   * Whether a purchase at {@code purchaseAt} is within the attribution window of a send at {@code
   * sentAt}.
   */
  public boolean attributable(Instant sentAt, Instant purchaseAt) {
    return sentAt != null
        && !purchaseAt.isBefore(sentAt)
        && !purchaseAt.isAfter(sentAt.plus(config.attributionWindow()));
  }

  /**
   * When the quiet hours that contain {@code now} end in the visitor's zone; empty outside quiet
   * hours.
   */
  Optional<Instant> quietHoursEnd(String timezone, Instant now) {
    LocalTime start = config.quietStart();
    LocalTime end = config.quietEnd();
    if (start == null || end == null || start.equals(end)) {
      return Optional.empty();
    }
    ZonedDateTime local = now.atZone(zone(timezone));
    LocalTime t = local.toLocalTime();
    boolean wraps = start.isAfter(end); // e.g. 21:00 -> 08:00 crosses midnight
    boolean quiet =
        wraps ? (!t.isBefore(start) || t.isBefore(end)) : (!t.isBefore(start) && t.isBefore(end));
    if (!quiet) {
      return Optional.empty();
    }
    ZonedDateTime endToday = local.with(end);
    ZonedDateTime until = endToday.isAfter(local) ? endToday : local.plusDays(1).with(end);
    return Optional.of(until.toInstant());
  }

  private ZoneId zone(String timezone) {
    String id = timezone == null || timezone.isBlank() ? config.defaultTimezone() : timezone;
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      // An unknown zone from a client must not stop follow-ups: fall back to the configured
      // default.
      return ZoneId.of(config.defaultTimezone());
    }
  }
}
