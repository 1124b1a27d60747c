package io.leadpipe.notifier.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.leadpipe.notifier.policy.FollowupPolicy;
import io.leadpipe.notifier.policy.PolicyConfig;
import io.leadpipe.notifier.sequence.FollowupSequence.Decided;
import io.leadpipe.notifier.sequence.FollowupSequence.DeliveryFate;
import io.leadpipe.notifier.sequence.FollowupSequence.Detection;
import io.leadpipe.notifier.sequence.FollowupSequence.Outcome;
import io.leadpipe.notifier.sequence.FollowupSequence.Purchase;
import io.leadpipe.notifier.sequence.FollowupSequence.Resolution;
import io.leadpipe.notifier.testing.Fixtures;
import io.leadpipe.notifier.topology.FollowupProfiles;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.followup.DecisionOutcome;
import io.leadpipe.schemas.followup.DecisionReason;
import io.leadpipe.schemas.hesitation.HesitationStatus;
import io.leadpipe.schemas.hesitation.ResolutionOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * RECOVERED only for delivered follow-ups, without Kafka: a purchase is credited to the last
 * follow-up a webhook endpoint answered 2xx for before it, waits (bounded) for an outcome not known
 * yet, and falls back to the delivered one before when the newest failed.
 */
class DeliveredAttributionTest {

  /** 10:00 UTC, outside the default quiet hours. */
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  private static final Duration WAIT = Duration.ofHours(6);
  private static final FollowupProfile CONSENTING =
      FollowupProfiles.of(Fixtures.consenting("v-1", "UTC"));

  private final FollowupSequence rules = rules("crm");

  private static FollowupSequence rules(String... endpoints) {
    // The clock is never read: every rule takes its time explicitly.
    return new FollowupSequence(
        new FollowupPolicy(PolicyConfig.defaults(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)),
        new DeliveryCredit(Set.of(endpoints), WAIT));
  }

  private static Instant t(Duration sinceT0) {
    return T0.plus(sinceT0);
  }

  private static Instant hours(long h) {
    return t(Duration.ofHours(h));
  }

  /** A cart abandoned for PRICE at T0, its reminder h-1#1 sent at 1 h. */
  private FollowupState reminded(FollowupSequence rules) {
    FollowupState started =
        rules
            .onDetected(
                FollowupState.NONE,
                new Detection(
                    "h-1",
                    HesitationKind.CART_ABANDONED,
                    HesitationReason.PRICE,
                    T0,
                    T0.minus(Duration.ofHours(2))))
            .state();
    return rules.fire(started, hours(1), CONSENTING).state();
  }

  /** And its discount h-1#2 sent at 24 h. */
  private FollowupState offered(FollowupState reminded) {
    return rules.fire(reminded, hours(24), CONSENTING).state();
  }

  private static DeliveryFate delivered(String triggerId, Instant at) {
    return new DeliveryFate(triggerId, "crm", true, at);
  }

  private static DeliveryFate failed(String triggerId, String endpoint, Instant at) {
    return new DeliveryFate(triggerId, endpoint, false, at);
  }

  private static Purchase purchase(Instant at) {
    return new Purchase("o-1", 89.0, at);
  }

  private static boolean recovered(Outcome o) {
    return o.decisions().stream().anyMatch(d -> d.outcome() == DecisionOutcome.RECOVERED);
  }

  @Test
  void aPurchaseAfterTheDeliveryIsCreditedToTheDeliveredFollowUpAtOnce() {
    FollowupState delivered =
        rules.onDelivery(reminded(rules), delivered("h-1#1", hours(1).plusSeconds(1))).state();

    Outcome o = rules.onPurchase(delivered, purchase(hours(3)), hours(3));

    assertThat(o.decisions())
        .extracting(Decided::triggerId, Decided::outcome, Decided::reason, Decided::orderId)
        .containsExactly(
            tuple("h-1#1", DecisionOutcome.RECOVERED, DecisionReason.ATTRIBUTED, "o-1"),
            tuple("h-1#2", DecisionOutcome.CANCELLED, DecisionReason.PURCHASED, null));
    assertThat(o.state().awaiting()).isEmpty();
  }

  @Test
  void aPurchaseBeforeTheDeliveryReportWaitsAndIsCreditedWhenTheDeliveryArrives() {
    Outcome bought = rules.onPurchase(reminded(rules), purchase(hours(3)), hours(3));

    // The pending steps are cancelled at once; only the credit waits.
    assertThat(bought.decisions())
        .extracting(Decided::outcome)
        .containsExactly(DecisionOutcome.CANCELLED);
    assertThat(bought.state().awaitingUntil()).isEqualTo(hours(3).plus(WAIT));

    Outcome delivered =
        rules.onDelivery(bought.state(), delivered("h-1#1", hours(1).plusSeconds(1)));

    assertThat(delivered.decisions())
        .extracting(
            Decided::triggerId, Decided::outcome, Decided::orderId, Decided::revenue, Decided::at)
        .containsExactly(tuple("h-1#1", DecisionOutcome.RECOVERED, "o-1", 89.0, hours(3)));
    assertThat(delivered.state().awaiting()).isEmpty();
    assertThat(delivered.state().awaitingUntil()).isNull();
  }

  @Test
  void aFailedFollowUpIsNeverCreditedThePurchaseFallsBackToTheDeliveredOneBefore() {
    FollowupState both =
        offered(
            rules.onDelivery(reminded(rules), delivered("h-1#1", hours(1).plusSeconds(1))).state());
    Outcome bought = rules.onPurchase(both, purchase(hours(25)), hours(25));
    assertThat(recovered(bought)).isFalse();

    Outcome failed = rules.onDelivery(bought.state(), failed("h-1#2", "crm", hours(26)));

    assertThat(failed.decisions())
        .extracting(Decided::triggerId, Decided::step, Decided::outcome)
        .containsExactly(tuple("h-1#1", 1, DecisionOutcome.RECOVERED));
    assertThat(failed.state().awaiting()).isEmpty();
  }

  @Test
  void aFailedFollowUpWithNoDeliveredOneBeforeCreditsNothingAndRecordsNothing() {
    Outcome bought = rules.onPurchase(reminded(rules), purchase(hours(3)), hours(3));

    Outcome failed = rules.onDelivery(bought.state(), failed("h-1#1", "crm", hours(4)));

    assertThat(failed.applied()).isTrue();
    assertThat(failed.decisions()).isEmpty();
    assertThat(failed.state().awaiting()).isEmpty();
  }

  @Test
  void aFollowUpDeliveredOnlyAfterThePurchaseIsNotCreditedWithIt() {
    Outcome bought = rules.onPurchase(reminded(rules), purchase(hours(3)), hours(3));

    // The receiver was down; the retries reached it after the visitor had bought.
    Outcome late = rules.onDelivery(bought.state(), delivered("h-1#1", hours(5)));

    assertThat(late.decisions()).isEmpty();
    assertThat(late.state().awaiting()).isEmpty();
  }

  @Test
  void aPurchaseWaitsAtMostTheBoundThenAnUnknownOutcomeCountsAsNotDelivered() {
    FollowupState both =
        offered(
            rules.onDelivery(reminded(rules), delivered("h-1#1", hours(1).plusSeconds(1))).state());
    FollowupState waiting = rules.onPurchase(both, purchase(hours(25)), hours(25)).state();

    Instant waitOver = hours(25).plus(WAIT);
    assertThat(rules.onWaitOver(waiting, waitOver.minusMillis(1)).decisions()).isEmpty();
    Outcome over = rules.onWaitOver(waiting, waitOver);

    assertThat(over.decisions())
        .extracting(Decided::triggerId, Decided::outcome)
        .containsExactly(tuple("h-1#1", DecisionOutcome.RECOVERED));
    assertThat(over.state().awaiting()).isEmpty();
    // The endpoint, re-enabled, delivers it at last: that credits nothing twice.
    assertThat(rules.onDelivery(over.state(), delivered("h-1#2", hours(40))).decisions()).isEmpty();
  }

  @Test
  void withTwoEndpointsOneFailureWaitsOnAndADeliveryAnywhereCounts() {
    FollowupSequence twoEndpoints = rules("crm", "shop");
    FollowupState waiting =
        twoEndpoints.onPurchase(reminded(twoEndpoints), purchase(hours(3)), hours(3)).state();

    Outcome oneFailed = twoEndpoints.onDelivery(waiting, failed("h-1#1", "shop", hours(2)));
    assertThat(oneFailed.decisions()).isEmpty();
    assertThat(oneFailed.state().awaiting()).hasSize(1);

    Outcome delivered = twoEndpoints.onDelivery(oneFailed.state(), delivered("h-1#1", hours(2)));
    assertThat(delivered.decisions())
        .extracting(Decided::triggerId, Decided::outcome)
        .containsExactly(tuple("h-1#1", DecisionOutcome.RECOVERED));

    Outcome bothFailed =
        twoEndpoints.onDelivery(oneFailed.state(), failed("h-1#1", "crm", hours(2).plusSeconds(1)));
    assertThat(bothFailed.decisions()).isEmpty();
    assertThat(bothFailed.state().awaiting()).isEmpty();
  }

  @Test
  void aPurchaseHeardOfTwiceWhileItWaitsIsCreditedOnce() {
    FollowupState waiting = rules.onPurchase(reminded(rules), purchase(hours(3)), hours(3)).state();
    Outcome again =
        rules.onResolution(
            waiting,
            new Resolution(
                "h-1",
                HesitationStatus.RESOLVED,
                ResolutionOutcome.CONVERTED,
                "o-1",
                89.0,
                hours(3)),
            hours(3).plusSeconds(5));
    assertThat(again.state().awaiting()).hasSize(1);

    Outcome delivered =
        rules.onDelivery(again.state(), delivered("h-1#1", hours(1).plusSeconds(1)));

    assertThat(delivered.decisions())
        .extracting(Decided::outcome)
        .containsExactly(DecisionOutcome.RECOVERED);
    // A second order later: the follow-up was credited already.
    assertThat(
            rules
                .onPurchase(delivered.state(), new Purchase("o-2", 5.0, hours(4)), hours(4))
                .decisions())
        .isEmpty();
  }

  @Test
  void anOutcomeOfAFollowUpNotKeptChangesNothing() {
    FollowupState sent = reminded(rules);

    assertThat(rules.onDelivery(sent, delivered("h-9#1", hours(2))).applied()).isFalse();
    assertThat(rules.onDelivery(FollowupState.NONE, delivered("h-1#1", hours(2))).applied())
        .isFalse();
  }

  @Test
  void withoutWebhookEndpointsASentFollowUpCountsAsDelivered() {
    FollowupSequence unreported = rules();

    Outcome o = unreported.onPurchase(reminded(unreported), purchase(hours(3)), hours(3));

    assertThat(o.decisions())
        .extracting(Decided::triggerId, Decided::outcome)
        .containsExactly(
            tuple("h-1#1", DecisionOutcome.RECOVERED), tuple("h-1#2", DecisionOutcome.CANCELLED));
    assertThat(o.state().awaiting()).isEmpty();
  }

  @Test
  void aSendFromBeforeOutcomesWereTrackedIsCreditedAsSentUnlessItsOutcomeArrives() {
    FollowupState sent = reminded(rules);
    FollowupState.SentFollowup s = sent.sends().get(0);
    FollowupState upgraded =
        new FollowupState(
            sent.running(),
            sent.lastSentAt(),
            sent.sentAt(),
            List.of(
                new FollowupState.SentFollowup(
                    s.triggerId(),
                    null,
                    s.step(),
                    s.play(),
                    s.reason(),
                    s.channel(),
                    null,
                    s.sentAt(),
                    FollowupState.Delivery.NOT_TRACKED,
                    null,
                    List.of(),
                    false)),
            sent.lastHesitationId(),
            List.of());

    assertThat(recovered(rules.onPurchase(upgraded, purchase(hours(3)), hours(3)))).isTrue();
    FollowupState failed = rules.onDelivery(upgraded, failed("h-1#1", "crm", hours(2))).state();
    assertThat(recovered(rules.onPurchase(failed, purchase(hours(3)), hours(3)))).isFalse();
  }

  @Test
  void sendsNoPurchaseCanBeCreditedToAnyMoreAreForgotten() {
    FollowupState first = reminded(rules);
    FollowupState second = offered(first);
    FollowupState third = rules.fire(second, hours(72), CONSENTING).state();
    FollowupState later =
        rules
            .onDetected(
                third,
                new Detection(
                    "h-2",
                    HesitationKind.BROWSE_ABANDONED,
                    HesitationReason.PRICE,
                    hours(24 * 10),
                    hours(24 * 10)))
            .state();
    FollowupState fourth = rules.fire(later, hours(24 * 11), CONSENTING).state();

    // Sent at 1 h, 24 h and 72 h: more than the 7-day attribution window before the newest send.
    assertThat(fourth.sends())
        .extracting(FollowupState.SentFollowup::triggerId)
        .containsExactly("h-2#1");
  }
}
