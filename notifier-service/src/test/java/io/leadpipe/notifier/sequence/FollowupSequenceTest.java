package io.leadpipe.notifier.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.leadpipe.notifier.policy.FollowupPolicy;
import io.leadpipe.notifier.policy.PolicyConfig;
import io.leadpipe.notifier.policy.PolicyConfig.Step;
import io.leadpipe.notifier.policy.StepType;
import io.leadpipe.notifier.sequence.FollowupSequence.Decided;
import io.leadpipe.notifier.sequence.FollowupSequence.Detection;
import io.leadpipe.notifier.sequence.FollowupSequence.Outcome;
import io.leadpipe.notifier.sequence.FollowupSequence.Purchase;
import io.leadpipe.notifier.sequence.FollowupSequence.Resolution;
import io.leadpipe.notifier.sequence.FollowupSequence.Send;
import io.leadpipe.notifier.testing.Fixtures;
import io.leadpipe.notifier.topology.FollowupProfiles;
import io.leadpipe.schemas.common.ConsentStatus;
import io.leadpipe.schemas.common.FollowupPlay;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.followup.DecisionOutcome;
import io.leadpipe.schemas.followup.DecisionReason;
import io.leadpipe.schemas.hesitation.HesitationStatus;
import io.leadpipe.schemas.hesitation.ResolutionOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The follow-up sequence's rules without Kafka: state and inputs in, state, decisions and sends
 * out.
 */
class FollowupSequenceTest {

  /** 10:00 UTC, outside the default quiet hours (21:00-08:00); the test profiles live in UTC. */
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  private static final Duration HOUR = Duration.ofHours(1);
  private static final FollowupProfile CONSENTING =
      FollowupProfiles.of(Fixtures.consenting("v-1", "UTC"));

  private final FollowupSequence rules = sequence(PolicyConfig.defaults());

  private static FollowupSequence sequence(PolicyConfig config) {
    // The clock is never read: every rule takes its time explicitly.
    return new FollowupSequence(
        new FollowupPolicy(config, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)));
  }

  private static Instant t(Duration sinceT0) {
    return T0.plus(sinceT0);
  }

  private static Detection detection(
      String id, HesitationKind kind, HesitationReason reason, Instant detectedAt) {
    return new Detection(id, kind, reason, detectedAt, detectedAt.minus(Duration.ofHours(2)));
  }

  /**
   * A cart abandoned for PRICE, detected at T0: reminder at 1 h, discount at 24 h, survey at 72 h.
   */
  private FollowupState cartAtT0() {
    return rules
        .onDetected(
            FollowupState.NONE,
            detection("h-1", HesitationKind.CART_ABANDONED, HesitationReason.PRICE, T0))
        .state();
  }

  private static Resolution resolution(
      String id, HesitationStatus status, ResolutionOutcome outcome, Instant at) {
    return new Resolution(
        id,
        status,
        outcome,
        outcome == ResolutionOutcome.CONVERTED ? "o-1" : null,
        outcome == ResolutionOutcome.CONVERTED ? 89.0 : null,
        at);
  }

  private static FollowupProfile stated(HesitationReason reason, Instant at) {
    return new FollowupProfile(
        CONSENTING.userId(),
        CONSENTING.consent(),
        CONSENTING.timezone(),
        CONSENTING.engagement(),
        CONSENTING.segments(),
        reason,
        at,
        CONSENTING.lastSeen());
  }

  // ---- starting a sequence

  @Test
  void aDetectionSchedulesTheFirstStepAtItsDelayFromDetection() {
    Outcome o =
        rules.onDetected(
            FollowupState.NONE,
            detection("h-1", HesitationKind.CART_ABANDONED, HesitationReason.PRICE, T0));

    assertThat(o.applied()).isTrue();
    assertThat(o.decisions()).isEmpty();
    assertThat(o.send()).isEmpty();
    assertThat(o.state().running())
        .isEqualTo(
            new FollowupState.Running(
                "h-1",
                HesitationKind.CART_ABANDONED,
                HesitationReason.PRICE,
                T0,
                T0.minus(Duration.ofHours(2)),
                0,
                t(HOUR)));
  }

  @Test
  void eachKindStartsWithItsOwnFirstStep() {
    FollowupState price =
        rules
            .onDetected(
                FollowupState.NONE,
                detection("h-1", HesitationKind.PRICE_WATCHING, HesitationReason.PRICE, T0))
            .state();
    FollowupState browse =
        rules
            .onDetected(
                FollowupState.NONE,
                detection("h-2", HesitationKind.BROWSE_ABANDONED, HesitationReason.REVIEWS, T0))
            .state();

    assertThat(price.running().dueAt()).isEqualTo(t(Duration.ofHours(2)));
    assertThat(browse.running().dueAt()).isEqualTo(t(Duration.ofHours(24)));
  }

  @Test
  void aKindWithoutStepsStartsNothingAndARedeliveryIsLookedAtAgain() {
    FollowupSequence none =
        sequence(
            PolicyConfig.defaults()
                .withSequences(Map.of(HesitationKind.CART_ABANDONED, List.of())));
    Detection d = detection("h-1", HesitationKind.CART_ABANDONED, HesitationReason.PRICE, T0);

    Outcome o = none.onDetected(FollowupState.NONE, d);

    assertThat(o.applied()).isTrue();
    assertThat(o.state().active()).isFalse();
    assertThat(o.state().lastHesitationId()).isNull();
    assertThat(none.onDetected(o.state(), d).applied()).isTrue();
  }

  @Test
  void aRedeliveredDetectionChangesNothingWhileRunningOrAfterwards() {
    Detection d = detection("h-1", HesitationKind.CART_ABANDONED, HesitationReason.PRICE, T0);
    FollowupState running = cartAtT0();

    Outcome again = rules.onDetected(running, d);
    assertThat(again.applied()).isFalse();
    assertThat(again.state()).isEqualTo(running);
    assertThat(again.decisions()).isEmpty();

    FollowupState cancelled = rules.onPurchase(running, new Purchase("o-1", 89.0, t(HOUR))).state();
    assertThat(rules.onDetected(cancelled, d).applied()).isFalse();
  }

  @Test
  void anOlderDetectionArrivingLateDoesNotSupersedeTheRunningOne() {
    FollowupState running = cartAtT0();

    Outcome older =
        rules.onDetected(
            running,
            detection(
                "h-0",
                HesitationKind.CHECKOUT_ABANDONED,
                HesitationReason.SHIPPING,
                T0.minusSeconds(60)));

    assertThat(older.applied()).isFalse();
    assertThat(older.state().running().hesitationId()).isEqualTo("h-1");
  }

  @Test
  void aNewerDetectionSupersedesTheRunningSequenceWithACancellation() {
    Instant later = t(Duration.ofMinutes(10));

    Outcome o =
        rules.onDetected(
            cartAtT0(),
            detection("h-2", HesitationKind.CHECKOUT_ABANDONED, HesitationReason.SHIPPING, later));

    assertThat(o.decisions())
        .extracting(
            Decided::triggerId,
            Decided::outcome,
            Decided::reason,
            Decided::detail,
            Decided::play,
            Decided::at)
        .containsExactly(
            tuple(
                "h-1#1",
                DecisionOutcome.CANCELLED,
                DecisionReason.OTHER,
                "superseded by h-2",
                FollowupPlay.REMINDER,
                later));
    assertThat(o.state().running().hesitationId()).isEqualTo("h-2");
    assertThat(o.state().running().dueAt()).isEqualTo(later.plus(HOUR));
    assertThat(o.state().lastHesitationId()).isEqualTo("h-1");
  }

  // ---- due steps

  @Test
  void theSequenceRemindsThenPlaysThenAsksAndEnds() {
    Outcome first = rules.fire(cartAtT0(), t(HOUR), CONSENTING);
    Outcome second = rules.fire(first.state(), t(Duration.ofHours(24)), CONSENTING);
    Outcome third = rules.fire(second.state(), t(Duration.ofHours(72)), CONSENTING);

    assertThat(List.of(first, second, third))
        .extracting(o -> o.send().orElseThrow())
        .extracting(Send::triggerId, Send::step, Send::stepType, Send::play, Send::channel)
        .containsExactly(
            tuple("h-1#1", 1, StepType.REMINDER, FollowupPlay.REMINDER, "email"),
            tuple("h-1#2", 2, StepType.REASON_PLAY, FollowupPlay.DISCOUNT_OFFER, "email"),
            tuple("h-1#3", 3, StepType.SURVEY, FollowupPlay.SURVEY, "email"));
    assertThat(List.of(first, second, third))
        .flatExtracting(Outcome::decisions)
        .extracting(Decided::outcome, Decided::reason)
        .containsOnly(tuple(DecisionOutcome.SENT, DecisionReason.OK));
    assertThat(first.state().running().dueAt()).isEqualTo(t(Duration.ofHours(24)));
    assertThat(second.state().running().dueAt()).isEqualTo(t(Duration.ofHours(72)));
    assertThat(third.state().active()).isFalse();
    assertThat(third.state().lastHesitationId()).isEqualTo("h-1");
    assertThat(third.state().lastSentAt()).isEqualTo(t(Duration.ofHours(72)));
  }

  @Test
  void aSendCarriesThePlaysAttributesItsStepTypeAndAnOfferDeadline() {
    FollowupState afterReminder = rules.fire(cartAtT0(), t(HOUR), CONSENTING).state();
    Send reminder = rules.fire(cartAtT0(), t(HOUR), CONSENTING).send().orElseThrow();
    Send offer =
        rules.fire(afterReminder, t(Duration.ofHours(24)), CONSENTING).send().orElseThrow();

    assertThat(reminder.deadline()).isNull();
    assertThat(reminder.attributes()).containsExactly(Map.entry("step-type", "REMINDER"));
    assertThat(offer.deadline()).isEqualTo(t(Duration.ofHours(24 + 48)));
    assertThat(offer.attributes())
        .containsOnly(Map.entry("discount-percent", "10"), Map.entry("step-type", "REASON_PLAY"));
    assertThat(offer.hesitationId()).isEqualTo("h-1");
    assertThat(offer.kind()).isEqualTo(HesitationKind.CART_ABANDONED);
    assertThat(offer.reason()).isEqualTo(HesitationReason.PRICE);
    assertThat(offer.at()).isEqualTo(t(Duration.ofHours(24)));
  }

  @Test
  void aStepFiredLateSchedulesTheNextOneNoEarlierThanNow() {
    Instant late =
        t(Duration.ofHours(30)); // the reminder (1 h) fires after the play's time (24 h) has passed

    Outcome o = rules.fire(cartAtT0(), late, CONSENTING);

    assertThat(o.state().running().stepIndex()).isEqualTo(1);
    assertThat(o.state().running().dueAt()).isEqualTo(late);
  }

  @Test
  void quietHoursDelayTheStepUntilMorningAndItGoesOutThen() {
    Instant evening = Instant.parse("2026-11-23T20:30:00Z");
    FollowupState s =
        rules
            .onDetected(
                FollowupState.NONE,
                detection("h-1", HesitationKind.CART_ABANDONED, HesitationReason.PRICE, evening))
            .state();
    Instant morning = Instant.parse("2026-11-24T08:00:00Z");

    Outcome delayed = rules.fire(s, evening.plus(HOUR), CONSENTING);

    assertThat(delayed.send()).isEmpty();
    assertThat(delayed.decisions())
        .extracting(Decided::triggerId, Decided::outcome, Decided::reason, Decided::delayedUntil)
        .containsExactly(
            tuple("h-1#1", DecisionOutcome.DELAYED, DecisionReason.QUIET_HOURS, morning));
    assertThat(delayed.state().running().stepIndex()).isZero();
    assertThat(delayed.state().running().dueAt()).isEqualTo(morning);

    Outcome sent = rules.fire(delayed.state(), morning, CONSENTING);
    assertThat(sent.send()).map(Send::triggerId).contains("h-1#1");
  }

  @Test
  void theCooldownDelaysAStepThatWouldFollowTooSoon() {
    FollowupSequence quick =
        sequence(
            PolicyConfig.defaults()
                .withSequences(
                    Map.of(
                        HesitationKind.CART_ABANDONED,
                        List.of(
                            new Step(StepType.REMINDER, HOUR),
                            new Step(StepType.REASON_PLAY, Duration.ofHours(2))))));
    FollowupState s =
        quick
            .onDetected(
                FollowupState.NONE,
                detection("h-1", HesitationKind.CART_ABANDONED, HesitationReason.PRICE, T0))
            .state();
    s = quick.fire(s, t(HOUR), CONSENTING).state();

    Outcome o = quick.fire(s, t(Duration.ofHours(2)), CONSENTING);

    assertThat(o.decisions())
        .extracting(Decided::outcome, Decided::reason, Decided::delayedUntil)
        .containsExactly(
            tuple(
                DecisionOutcome.DELAYED,
                DecisionReason.COOLDOWN,
                t(HOUR).plus(Duration.ofHours(16))));
    assertThat(o.state().running().dueAt()).isEqualTo(t(HOUR).plus(Duration.ofHours(16)));
  }

  @Test
  void theFrequencyCapDelaysTheStepUntilTheOldestSendLeavesTheWindow() {
    FollowupSequence capped =
        sequence(
            PolicyConfig.defaults()
                .withSequences(
                    Map.of(
                        HesitationKind.CART_ABANDONED,
                        List.of(
                            new Step(StepType.REMINDER, HOUR),
                            new Step(StepType.REASON_PLAY, Duration.ofHours(2)))))
                .withGuardrails(
                    1, Duration.ofDays(7), Duration.ZERO, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT));
    FollowupState s =
        capped
            .onDetected(
                FollowupState.NONE,
                detection("h-1", HesitationKind.CART_ABANDONED, HesitationReason.PRICE, T0))
            .state();
    s = capped.fire(s, t(HOUR), CONSENTING).state();
    Instant oldestLeaves = t(HOUR).plus(Duration.ofDays(7));

    Outcome overCap = capped.fire(s, t(Duration.ofHours(2)), CONSENTING);

    assertThat(overCap.decisions())
        .extracting(Decided::outcome, Decided::reason, Decided::delayedUntil)
        .containsExactly(
            tuple(DecisionOutcome.DELAYED, DecisionReason.FREQUENCY_CAP, oldestLeaves));
    assertThat(overCap.state().running().dueAt()).isEqualTo(oldestLeaves);
    assertThat(capped.fire(overCap.state(), oldestLeaves, CONSENTING).send())
        .map(Send::triggerId)
        .contains("h-1#2");
  }

  @Test
  void onlySendsTheFrequencyCapStillCountsAreKept() {
    FollowupSequence spaced =
        sequence(
            PolicyConfig.defaults()
                .withSequences(
                    Map.of(
                        HesitationKind.CART_ABANDONED,
                        List.of(
                            new Step(StepType.REMINDER, HOUR),
                            new Step(StepType.SURVEY, Duration.ofDays(9))))));
    FollowupState s =
        spaced
            .onDetected(
                FollowupState.NONE,
                detection("h-1", HesitationKind.CART_ABANDONED, HesitationReason.PRICE, T0))
            .state();

    FollowupState first = spaced.fire(s, t(HOUR), CONSENTING).state();
    FollowupState second = spaced.fire(first, t(Duration.ofDays(9)), CONSENTING).state();

    assertThat(first.sentAt()).containsExactly(t(HOUR));
    assertThat(second.sentAt())
        .containsExactly(t(Duration.ofDays(9))); // 9 days on, the first is out of the 7
    assertThat(second.lastSentAt()).isEqualTo(t(Duration.ofDays(9)));
  }

  @Test
  void withoutConsentEveryStepIsSuppressedAndTheSequenceMovesOn() {
    FollowupProfile refusing =
        FollowupProfiles.of(Fixtures.profile("v-1", "UTC", Map.of("email", ConsentStatus.DENIED)));

    Outcome o = rules.fire(cartAtT0(), t(HOUR), refusing);

    assertThat(o.send()).isEmpty();
    assertThat(o.decisions())
        .extracting(Decided::outcome, Decided::reason, Decided::channel)
        .containsExactly(tuple(DecisionOutcome.SUPPRESSED, DecisionReason.NO_CONSENT, null));
    assertThat(o.state().running().stepIndex()).isEqualTo(1);
    assertThat(o.state().lastSentAt()).isNull();
    assertThat(o.state().sentAt()).isEmpty();
  }

  @Test
  void beforeAnyProfileArrivesNothingIsSent() {
    Outcome o = rules.fire(cartAtT0(), t(HOUR), null);

    assertThat(o.decisions())
        .extracting(Decided::outcome, Decided::reason)
        .containsExactly(tuple(DecisionOutcome.SUPPRESSED, DecisionReason.NO_CONSENT));
  }

  @Test
  void notInterestedStatedDuringThisHesitationEndsTheSequenceWithoutMarkingItRun() {
    Outcome o = rules.fire(cartAtT0(), t(HOUR), stated(HesitationReason.NO_LONGER_INTERESTED, T0));

    assertThat(o.decisions())
        .extracting(Decided::outcome, Decided::reason)
        .containsExactly(tuple(DecisionOutcome.CANCELLED, DecisionReason.STATED_NOT_INTERESTED));
    assertThat(o.state().active()).isFalse();
    assertThat(o.state().lastHesitationId()).isNull();
  }

  @Test
  void aReasonStatedBeforeThisHesitationStartedDoesNotCount() {
    Instant beforeStart =
        T0.minus(Duration.ofHours(3)); // the hesitation started 2 h before its detection

    Outcome o =
        rules.fire(cartAtT0(), t(HOUR), stated(HesitationReason.NO_LONGER_INTERESTED, beforeStart));

    assertThat(o.decisions()).extracting(Decided::outcome).containsExactly(DecisionOutcome.SENT);
  }

  // ---- cancellation

  @Test
  void aPurchaseCancelsThePendingStep() {
    Instant at = t(Duration.ofMinutes(30));

    Outcome o = rules.onPurchase(cartAtT0(), new Purchase("o-1", 89.0, at));

    assertThat(o.decisions())
        .extracting(
            Decided::triggerId,
            Decided::outcome,
            Decided::reason,
            Decided::detail,
            Decided::at,
            Decided::hesitationReason)
        .containsExactly(
            tuple(
                "h-1#1",
                DecisionOutcome.CANCELLED,
                DecisionReason.PURCHASED,
                "purchase",
                at,
                HesitationReason.PRICE));
    assertThat(o.state().active()).isFalse();
    assertThat(o.state().lastHesitationId()).isEqualTo("h-1");
  }

  @Test
  void aPurchaseWithNothingRunningAndNothingSentDecidesNothing() {
    Outcome o = rules.onPurchase(FollowupState.NONE, new Purchase("o-1", 89.0, T0));

    assertThat(o.applied()).isTrue();
    assertThat(o.decisions()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "RESOLVED, CONVERTED, PURCHASED",
    "CLOSED, NO_LONGER_INTERESTED, STATED_NOT_INTERESTED",
    "CLOSED, BOUGHT_ELSEWHERE, STATED_NOT_INTERESTED",
    "CLOSED, NOT_QUALIFIED, NOT_QUALIFIED",
    "CLOSED, EXPIRED, NOT_QUALIFIED",
    "CLOSED, OTHER, NOT_QUALIFIED",
    "CLOSED, , NOT_QUALIFIED"
  })
  void theEndOfTheHesitationCancelsItsSequenceWithWhy(
      HesitationStatus status, ResolutionOutcome outcome, DecisionReason why) {
    Instant at = t(Duration.ofMinutes(30));

    Outcome o = rules.onResolution(cartAtT0(), resolution("h-1", status, outcome, at));

    assertThat(o.decisions())
        .extracting(
            Decided::triggerId, Decided::outcome, Decided::reason, Decided::detail, Decided::at)
        .containsExactly(
            tuple("h-1#1", DecisionOutcome.CANCELLED, why, "hesitation " + status, at));
    assertThat(o.state().active()).isFalse();
  }

  @Test
  void theEndOfAnotherHesitationLeavesTheRunningSequenceAlone() {
    Outcome o =
        rules.onResolution(
            cartAtT0(), resolution("h-0", HesitationStatus.CLOSED, ResolutionOutcome.EXPIRED, T0));

    assertThat(o.decisions()).isEmpty();
    assertThat(o.state().running().hesitationId()).isEqualTo("h-1");
  }

  @ParameterizedTest
  @EnumSource(
      value = HesitationReason.class,
      names = {"NO_LONGER_INTERESTED", "BOUGHT_ELSEWHERE"})
  void anAnswerThatTheyAreNotInterestedCancels(HesitationReason answer) {
    Outcome o = rules.onFeedback(cartAtT0(), answer, t(Duration.ofMinutes(5)));

    assertThat(o.decisions())
        .extracting(Decided::outcome, Decided::reason, Decided::detail)
        .containsExactly(
            tuple(DecisionOutcome.CANCELLED, DecisionReason.STATED_NOT_INTERESTED, answer.name()));
    assertThat(o.state().active()).isFalse();
  }

  @Test
  void aStatedReasonChoosesTheNextReasonPlay() {
    FollowupState browse =
        rules
            .onDetected(
                FollowupState.NONE,
                detection("h-1", HesitationKind.BROWSE_ABANDONED, HesitationReason.PRICE, T0))
            .state();

    FollowupState answered = rules.onFeedback(browse, HesitationReason.SHIPPING, t(HOUR)).state();
    Send play = rules.fire(answered, t(Duration.ofHours(24)), CONSENTING).send().orElseThrow();

    assertThat(play.play()).isEqualTo(FollowupPlay.FREE_SHIPPING);
    assertThat(play.reason()).isEqualTo(HesitationReason.SHIPPING);
  }

  @ParameterizedTest
  @EnumSource(
      value = HesitationReason.class,
      names = {"UNKNOWN", "OTHER"})
  void anAnswerWithoutAConcreteReasonChangesNothing(HesitationReason answer) {
    FollowupState running = cartAtT0();

    Outcome o = rules.onFeedback(running, answer, t(HOUR));

    assertThat(o.decisions()).isEmpty();
    assertThat(o.state()).isEqualTo(running);
  }

  @Test
  void anAnswerWithNoSequenceRunningIsIgnored() {
    Outcome o = rules.onFeedback(FollowupState.NONE, HesitationReason.NO_LONGER_INTERESTED, T0);

    assertThat(o.applied()).isFalse();
    assertThat(o.decisions()).isEmpty();
  }

  // ---- attribution

  @Test
  void aPurchaseAfterASendIsCreditedToItOnceThenThePendingStepIsCancelled() {
    FollowupState sent = rules.fire(cartAtT0(), t(HOUR), CONSENTING).state();
    Instant bought = t(Duration.ofHours(2));

    Outcome o = rules.onPurchase(sent, new Purchase("o-1", 89.0, bought));

    assertThat(o.decisions())
        .extracting(
            Decided::hesitationId,
            Decided::triggerId,
            Decided::step,
            Decided::play,
            Decided::channel,
            Decided::outcome,
            Decided::reason,
            Decided::orderId,
            Decided::revenue,
            Decided::hesitationReason,
            Decided::at)
        .containsExactly(
            tuple(
                "h-1",
                "h-1#1",
                1,
                FollowupPlay.REMINDER,
                "email",
                DecisionOutcome.RECOVERED,
                DecisionReason.ATTRIBUTED,
                "o-1",
                89.0,
                HesitationReason.PRICE,
                bought),
            tuple(
                "h-1",
                "h-1#2",
                2,
                FollowupPlay.DISCOUNT_OFFER,
                null,
                DecisionOutcome.CANCELLED,
                DecisionReason.PURCHASED,
                null,
                null,
                HesitationReason.PRICE,
                bought));
    assertThat(
            rules
                .onPurchase(o.state(), new Purchase("o-2", 10.0, bought.plusSeconds(1)))
                .decisions())
        .isEmpty();
  }

  @Test
  void aPurchaseHeardOfTwiceIsCreditedOnce() {
    FollowupState sent = rules.fire(cartAtT0(), t(HOUR), CONSENTING).state();
    Instant bought = t(Duration.ofHours(2));

    Outcome purchase = rules.onPurchase(sent, new Purchase("o-1", 89.0, bought));
    Outcome resolved =
        rules.onResolution(
            purchase.state(),
            resolution("h-1", HesitationStatus.RESOLVED, ResolutionOutcome.CONVERTED, bought));

    assertThat(purchase.decisions())
        .extracting(Decided::outcome)
        .contains(DecisionOutcome.RECOVERED);
    assertThat(resolved.decisions()).isEmpty();
  }

  @Test
  void aConversionReportedByTheHesitationIsCreditedBeforeItsSequenceIsCancelled() {
    FollowupState sent = rules.fire(cartAtT0(), t(HOUR), CONSENTING).state();

    Outcome o =
        rules.onResolution(
            sent,
            resolution(
                "h-1",
                HesitationStatus.RESOLVED,
                ResolutionOutcome.CONVERTED,
                t(Duration.ofHours(3))));

    assertThat(o.decisions())
        .extracting(Decided::outcome, Decided::reason, Decided::orderId)
        .containsExactly(
            tuple(DecisionOutcome.RECOVERED, DecisionReason.ATTRIBUTED, "o-1"),
            tuple(DecisionOutcome.CANCELLED, DecisionReason.PURCHASED, null));
  }

  @Test
  void onlyAPurchaseWithinTheAttributionWindowAfterTheSendIsCredited() {
    FollowupState sent = rules.fire(cartAtT0(), t(HOUR), CONSENTING).state();
    Instant windowEnd = t(HOUR).plus(Duration.ofDays(7));

    assertThat(recovered(sent, windowEnd)).isTrue();
    assertThat(recovered(sent, windowEnd.plusMillis(1))).isFalse();
    assertThat(recovered(sent, t(HOUR))).isTrue();
    assertThat(recovered(sent, t(HOUR).minusMillis(1))).isFalse();
  }

  @Test
  void aSendOfAnEarlierHesitationIsStillCreditedAfterANewSequenceStarted() {
    FollowupState sent = rules.fire(cartAtT0(), t(HOUR), CONSENTING).state();
    FollowupState next =
        rules
            .onDetected(
                sent,
                detection(
                    "h-2",
                    HesitationKind.BROWSE_ABANDONED,
                    HesitationReason.REVIEWS,
                    t(Duration.ofHours(2))))
            .state();

    Outcome o = rules.onPurchase(next, new Purchase("o-1", 89.0, t(Duration.ofHours(3))));

    assertThat(o.decisions())
        .extracting(Decided::triggerId, Decided::outcome)
        .containsExactly(
            tuple("h-1#1", DecisionOutcome.RECOVERED), tuple("h-2#1", DecisionOutcome.CANCELLED));
  }

  // ---- strategies

  private static final SequencePlan.StrategyRef NIGHT_OWLS =
      new SequencePlan.StrategyRef("night-owls", 4, "base");

  private static SequencePlan plan(String channel, SequencePlan.Guardrails guardrails) {
    return new SequencePlan(
        NIGHT_OWLS,
        List.of(
            new SequencePlan.Step(
                StepType.REASON_PLAY, 12 * HOUR.toMillis(), null, channel, Map.of(), "owl-offer")),
        Map.of(
            HesitationReason.PRICE,
            new PolicyConfig.PlaySpec(FollowupPlay.PRICE_MATCH, Map.of("match", "yes"))),
        guardrails);
  }

  @Test
  void aStrategysGuardrailOverridesApplyToItsStepsAndItsPlayAndTemplateAreSent() {
    // detected at 10:00, due at 22:00: inside the configured quiet hours (21:00-08:00)
    Detection d = detection("h-1", HesitationKind.CART_ABANDONED, HesitationReason.PRICE, T0);
    FollowupState configuredGuardrails =
        rules
            .onDetected(FollowupState.NONE, d, new FollowupSequence.Treated(plan(null, null)))
            .state();
    FollowupState noQuietHours =
        rules
            .onDetected(
                FollowupState.NONE,
                d,
                new FollowupSequence.Treated(
                    plan(null, new SequencePlan.Guardrails(null, null, "00:00", "00:00"))))
            .state();

    assertThat(rules.fire(configuredGuardrails, t(HOUR.multipliedBy(12)), CONSENTING).decisions())
        .extracting(Decided::outcome, Decided::reason)
        .containsExactly(tuple(DecisionOutcome.DELAYED, DecisionReason.QUIET_HOURS));
    Outcome owl = rules.fire(noQuietHours, t(HOUR.multipliedBy(12)), CONSENTING);
    assertThat(owl.decisions())
        .extracting(Decided::outcome, Decided::strategy)
        .containsExactly(tuple(DecisionOutcome.SENT, NIGHT_OWLS));
    assertThat(owl.send().orElseThrow().play()).isEqualTo(FollowupPlay.PRICE_MATCH);
    assertThat(owl.send().orElseThrow().attributes())
        .containsEntry("match", "yes")
        .containsEntry("template-key", "owl-offer")
        .containsEntry("strategy-id", "night-owls")
        .containsEntry("strategy-version", "4")
        .containsEntry("variant", "base");
  }

  @Test
  void aStepBoundToAChannelGoesOnlyThereAndOnlyWithConsent() {
    Detection d = detection("h-1", HesitationKind.CART_ABANDONED, HesitationReason.PRICE, T0);
    FollowupState sms =
        rules
            .onDetected(
                FollowupState.NONE,
                d,
                new FollowupSequence.Treated(
                    plan("sms", new SequencePlan.Guardrails(null, null, "00:00", "00:00"))))
            .state();

    // CONSENTING granted email only
    assertThat(rules.fire(sms, t(HOUR.multipliedBy(12)), CONSENTING).decisions())
        .extracting(Decided::outcome, Decided::reason)
        .containsExactly(tuple(DecisionOutcome.SUPPRESSED, DecisionReason.NO_CONSENT));
  }

  @Test
  void aHeldOutVisitorGetsNoSequenceOneDecisionAndARedeliveryChangesNothing() {
    SequencePlan.StrategyRef held = new SequencePlan.StrategyRef("night-owls", 4, "holdout");
    Detection d = detection("h-1", HesitationKind.CART_ABANDONED, HesitationReason.PRICE, T0);

    Outcome o = rules.onDetected(FollowupState.NONE, d, new FollowupSequence.HeldOut(held));

    assertThat(o.state().active()).isFalse();
    assertThat(o.send()).isEmpty();
    assertThat(o.decisions())
        .extracting(Decided::outcome, Decided::reason, Decided::strategy, Decided::triggerId)
        .containsExactly(tuple(DecisionOutcome.SUPPRESSED, DecisionReason.HELD_OUT, held, null));
    assertThat(rules.onDetected(o.state(), d, new FollowupSequence.HeldOut(held)).applied())
        .isFalse();
  }

  private boolean recovered(FollowupState s, Instant purchaseAt) {
    return rules.onPurchase(s, new Purchase("o-1", 89.0, purchaseAt)).decisions().stream()
        .anyMatch(d -> d.outcome() == DecisionOutcome.RECOVERED);
  }
}
