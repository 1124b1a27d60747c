package io.leadpipe.notifier.sequence;

import io.leadpipe.notifier.policy.Decision;
import io.leadpipe.notifier.policy.FollowupPolicy;
import io.leadpipe.notifier.policy.PolicyConfig;
import io.leadpipe.notifier.policy.Prospect;
import io.leadpipe.notifier.policy.StepType;
import io.leadpipe.notifier.sequence.FollowupState.Running;
import io.leadpipe.notifier.sequence.FollowupState.SentFollowup;
import io.leadpipe.schemas.common.FollowupPlay;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.followup.DecisionOutcome;
import io.leadpipe.schemas.followup.DecisionReason;
import io.leadpipe.schemas.hesitation.HesitationStatus;
import io.leadpipe.schemas.hesitation.ResolutionOutcome;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rule: a DETECTED hesitation starts its sequence, each step due at detection + its delay (never in
 * the past); a due step goes to the policy: SENT → the next step, DELAYED (quiet hours, cooldown,
 * cap) → the same step later, SUPPRESSED → the next step, CANCELLED → the end. A purchase, a
 * RESOLVED/CLOSED hesitation or a "not interested" answer cancels what is pending; a newer
 * detection supersedes it; a re-delivered or older one changes nothing. A purchase is credited
 * (RECOVERED) to the last follow-up delivered before it, once ({@link Attribution}); it may wait
 * for a delivery outcome, which arrives as {@link #onDelivery} or ends with {@link #onWaitOver}.
 *
 * <p>No Kafka: state in, state and decisions out, every time explicit. The caller stores the state,
 * keeps the schedule in step with {@link FollowupState.Running#dueAt()}, and publishes what comes
 * out.
 */
public final class FollowupSequence {
  private static final Logger LOG = LoggerFactory.getLogger(FollowupSequence.class);

  private final FollowupPolicy policy;
  private final Attribution attribution;

  /** Without webhook endpoints: a SENT follow-up counts as delivered. */
  public FollowupSequence(FollowupPolicy policy) {
    this(policy, DeliveryCredit.UNREPORTED);
  }

  public FollowupSequence(FollowupPolicy policy, DeliveryCredit credit) {
    this.policy = policy;
    this.attribution = new Attribution(policy, credit);
  }

  /** A DETECTED hesitation, as the sequence needs it. */
  public record Detection(
      String hesitationId,
      HesitationKind kind,
      HesitationReason reason,
      Instant detectedAt,
      Instant startedAt) {}

  /**
   * A RESOLVED or CLOSED hesitation.
   *
   * @param outcome null when the hesitation carries no resolution
   * @param at when it was resolved (else its last activity)
   */
  public record Resolution(
      String hesitationId,
      HesitationStatus status,
      ResolutionOutcome outcome,
      String orderId,
      Double revenue,
      Instant at) {}

  /** A purchase seen as a web event. */
  public record Purchase(String orderId, Double revenue, Instant at) {}

  /**
   * What became of a follow-up at one webhook endpoint.
   *
   * @param delivered true: answered 2xx; false: FAILED there
   * @param at when the outcome was known
   */
  public record DeliveryFate(String triggerId, String endpoint, boolean delivered, Instant at) {}

  /** A decision to publish, in the order made; the caller adds the visitor and an id. */
  public record Decided(
      String hesitationId,
      String triggerId,
      int step,
      FollowupPlay play,
      String channel,
      DecisionOutcome outcome,
      DecisionReason reason,
      String detail,
      Instant at,
      Instant delayedUntil,
      HesitationReason hesitationReason,
      String orderId,
      Double revenue,
      SequencePlan.StrategyRef strategy) {

    /** A decision made without a strategy. */
    public Decided(
        String hesitationId,
        String triggerId,
        int step,
        FollowupPlay play,
        String channel,
        DecisionOutcome outcome,
        DecisionReason reason,
        String detail,
        Instant at,
        Instant delayedUntil,
        HesitationReason hesitationReason,
        String orderId,
        Double revenue) {
      this(
          hesitationId,
          triggerId,
          step,
          play,
          channel,
          outcome,
          reason,
          detail,
          at,
          delayedUntil,
          hesitationReason,
          orderId,
          revenue,
          null);
    }
  }

  /**
   * What a detection gets: the sequence of a plan (a strategy's variant, or the configured
   * sequence) or nothing because the visitor is in the strategy's holdout.
   */
  public sealed interface Assigned permits Treated, HeldOut {}

  /**
   * Follow the plan; a null plan follows the configured sequence of the kind as it is when each
   * step fires (what the notifier does while no strategy is stored).
   */
  public record Treated(SequencePlan plan) implements Assigned {}

  /** In the holdout of this strategy version: no follow-up, recorded as such. */
  public record HeldOut(SequencePlan.StrategyRef strategy) implements Assigned {}

  /**
   * A follow-up to send now.
   *
   * @param triggerId {@code <hesitationId>#<step>}: the same step of the same hesitation always has
   *     the same id
   * @param attributes the play's attributes and the {@code step-type}
   * @param deadline until when an offer holds; null for reminders and surveys
   */
  public record Send(
      String triggerId,
      String hesitationId,
      HesitationKind kind,
      int step,
      StepType stepType,
      FollowupPlay play,
      Map<String, String> attributes,
      HesitationReason reason,
      String channel,
      Instant at,
      Instant deadline) {}

  /**
   * What an input did.
   *
   * @param applied false when the input did not concern the state (a re-delivered detection, an
   *     answer with no sequence running): nothing to store
   * @param send present when a follow-up goes out, published after the decisions
   */
  public record Outcome(
      FollowupState state, boolean applied, List<Decided> decisions, Optional<Send> send) {

    static Outcome ignored(FollowupState state) {
      return new Outcome(state, false, List.of(), Optional.empty());
    }

    static Outcome of(FollowupState state, List<Decided> decisions) {
      return new Outcome(state, true, List.copyOf(decisions), Optional.empty());
    }
  }

  /**
   * Starts the sequence of a detection, superseding (CANCELLED, OTHER) one still running. A
   * detection already run or running, or one older than the running one, is ignored: re-deliveries
   * must not restart anything.
   */
  public Outcome onDetected(FollowupState s, Detection d) {
    return onDetected(s, d, new Treated(null));
  }

  /**
   * Starts the sequence of a detection with what it was assigned: the plan's steps, or — held out —
   * nothing but a SUPPRESSED decision with reason HELD_OUT, so the comparison group is on record
   * like the treated one. Either supersedes a sequence still running; a re-delivered or older
   * detection is ignored.
   */
  public Outcome onDetected(FollowupState s, Detection d, Assigned assigned) {
    Running running = s.running();
    if (d.hesitationId().equals(running == null ? null : running.hesitationId())
        || d.hesitationId().equals(s.lastHesitationId())
        || running != null && d.detectedAt().isBefore(running.detectedAt())) {
      return Outcome.ignored(s);
    }
    List<Decided> decisions = new ArrayList<>();
    if (running != null) {
      s =
          cancel(
              s,
              DecisionReason.OTHER,
              "superseded by " + d.hesitationId(),
              d.detectedAt(),
              decisions);
    }
    if (assigned instanceof HeldOut held) {
      decisions.add(
          new Decided(
              d.hesitationId(),
              null,
              0,
              null,
              null,
              DecisionOutcome.SUPPRESSED,
              DecisionReason.HELD_OUT,
              "holdout of strategy " + held.strategy().strategyId(),
              d.detectedAt(),
              null,
              d.reason(),
              null,
              null,
              held.strategy()));
      return Outcome.of(s.heldOut(d.hesitationId()), decisions);
    }
    SequencePlan plan = ((Treated) assigned).plan(); // null: the configured sequence
    Running first =
        new Running(
            d.hesitationId(), d.kind(), d.reason(), d.detectedAt(), d.startedAt(), 0, null, plan);
    // A kind without steps starts nothing; it is not "run", so a re-delivery is looked at again.
    return Outcome.of(s.withRunning(scheduled(first, 0, d.detectedAt()).orElse(null)), decisions);
  }

  /**
   * A RESOLVED or CLOSED hesitation: a conversion is attributed; the sequence of that hesitation,
   * if it is the one running, is cancelled (PURCHASED on conversion, STATED_NOT_INTERESTED when
   * they said so, else NOT_QUALIFIED).
   */
  public Outcome onResolution(FollowupState s, Resolution r) {
    return onResolution(s, r, r.at());
  }

  /** As {@link #onResolution(FollowupState, Resolution)}, heard at {@code now}. */
  public Outcome onResolution(FollowupState s, Resolution r, Instant now) {
    List<Decided> decisions = new ArrayList<>();
    if (r.outcome() == ResolutionOutcome.CONVERTED) {
      s = attribution.onPurchase(s, r.orderId(), r.revenue(), r.at(), now, decisions);
    }
    if (s.active() && r.hesitationId().equals(s.running().hesitationId())) {
      DecisionReason why =
          r.outcome() == null
              ? DecisionReason.NOT_QUALIFIED
              : switch (r.outcome()) {
                case CONVERTED -> DecisionReason.PURCHASED;
                case NO_LONGER_INTERESTED, BOUGHT_ELSEWHERE -> DecisionReason.STATED_NOT_INTERESTED;
                default -> DecisionReason.NOT_QUALIFIED;
              };
      s = cancel(s, why, "hesitation " + r.status(), r.at(), decisions);
    }
    return Outcome.of(s, decisions);
  }

  /**
   * A purchase: attributed to the last delivered send if within the window (or waiting for a
   * delivery outcome), and whatever is pending is CANCELLED at once.
   */
  public Outcome onPurchase(FollowupState s, Purchase p) {
    return onPurchase(s, p, p.at());
  }

  /**
   * As {@link #onPurchase(FollowupState, Purchase)}, heard at {@code now}: a purchase that waits
   * for a delivery outcome waits from then.
   */
  public Outcome onPurchase(FollowupState s, Purchase p, Instant now) {
    List<Decided> decisions = new ArrayList<>();
    s = attribution.onPurchase(s, p.orderId(), p.revenue(), p.at(), now, decisions);
    if (s.active()) {
      s = cancel(s, DecisionReason.PURCHASED, "purchase", p.at(), decisions);
    }
    return Outcome.of(s, decisions);
  }

  /**
   * A delivery outcome of one of the visitor's follow-ups: kept, and the purchases waiting for it
   * credited (RECOVERED) or, failed, falling back to the delivered follow-up before.
   */
  public Outcome onDelivery(FollowupState s, DeliveryFate d) {
    List<Decided> decisions = new ArrayList<>();
    FollowupState after = attribution.onDelivery(s, d, decisions);
    return after.equals(s) ? Outcome.ignored(s) : Outcome.of(after, decisions);
  }

  /**
   * The wait of purchases waiting for a delivery outcome is over at {@code now}: an outcome still
   * unknown counts as not delivered.
   */
  public Outcome onWaitOver(FollowupState s, Instant now) {
    List<Decided> decisions = new ArrayList<>();
    return Outcome.of(attribution.onWaitOver(s, now, decisions), decisions);
  }

  /**
   * A survey answer while a sequence runs: "no longer interested" / "bought elsewhere" cancels it;
   * a concrete reason becomes the reason of the next reason play (what they told us beats what we
   * inferred); UNKNOWN and OTHER change nothing.
   */
  public Outcome onFeedback(FollowupState s, HesitationReason stated, Instant at) {
    if (!s.active()) {
      return Outcome.ignored(s);
    }
    List<Decided> decisions = new ArrayList<>();
    if (FollowupPolicy.endsFollowup(stated)) {
      s = cancel(s, DecisionReason.STATED_NOT_INTERESTED, stated.name(), at, decisions);
    } else if (stated != HesitationReason.UNKNOWN && stated != HesitationReason.OTHER) {
      s = s.withRunning(s.running().withReason(stated));
    }
    return Outcome.of(s, decisions);
  }

  /**
   * The running sequence's step is due at {@code now}: the policy decides it for the visitor's
   * {@code profile} (null when none arrived yet). SENT and SUPPRESSED move to the next step
   * (scheduled at detection + its delay, or now if that has passed), DELAYED keeps the step until
   * the policy's time, CANCELLED ends the sequence.
   */
  public Outcome fire(FollowupState s, Instant now, FollowupProfile profile) {
    Running r = s.running();
    if (r == null) {
      throw new IllegalStateException("no sequence running");
    }
    SequencePlan plan = plan(r);
    SequencePlan.Step step = plan.steps().get(r.stepIndex());
    PolicyConfig.PlaySpec play = play(plan, step, r.reason());
    int stepNo = r.stepIndex() + 1;
    String triggerId = triggerId(r.hesitationId(), stepNo);
    FollowupPolicy stepPolicy = policyFor(plan, step);
    Decision d = stepPolicy.decide(prospect(profile, r.startedAt()), s.history(), now);
    List<Decided> decisions =
        List.of(
            new Decided(
                r.hesitationId(),
                triggerId,
                stepNo,
                play.play(),
                d.channel(),
                d.outcome(),
                d.reason(),
                d.detail(),
                now,
                d.delayedUntil(),
                r.reason(),
                null,
                null,
                plan.strategy()));
    return switch (d.outcome()) {
      case SENT -> {
        Instant horizon = now.minus(stepPolicy.config().frequencyWindow());
        List<Instant> counted = new ArrayList<>(s.sentAt());
        counted.add(now);
        counted.removeIf(t -> t.isBefore(horizon)); // keep only what the cap still counts
        FollowupState sent =
            s.sent(
                now,
                counted,
                attribution.onSent(
                    s,
                    SentFollowup.sent(
                        triggerId,
                        r.hesitationId(),
                        stepNo,
                        play.play(),
                        r.reason(),
                        d.channel(),
                        plan.strategy(),
                        now)));
        Send send =
            new Send(
                triggerId,
                r.hesitationId(),
                r.kind(),
                stepNo,
                step.type(),
                play.play(),
                attributes(play, step, plan.strategy()),
                r.reason(),
                d.channel(),
                now,
                deadline(play.play(), now));
        yield new Outcome(advance(sent, now), true, decisions, Optional.of(send));
      }
      case DELAYED ->
          Outcome.of(s.withRunning(r.withStep(r.stepIndex(), d.delayedUntil())), decisions);
      case SUPPRESSED -> Outcome.of(advance(s, now), decisions);
      default -> Outcome.of(s.withRunning(null), decisions);
    };
  }

  /**
   * The profile as the policy sees it; a stated reason only counts if given during this hesitation.
   */
  static Prospect prospect(FollowupProfile p, Instant hesitationStartedAt) {
    if (p == null) {
      return Prospect.unknown();
    }
    HesitationReason stated =
        p.statedReason() != null
                && p.statedReasonAt() != null
                && !p.statedReasonAt().isBefore(hesitationStartedAt)
            ? p.statedReason()
            : null;
    return new Prospect(
        p.userId(), p.consent(), p.timezone(), p.engagement(), p.segments(), stated);
  }

  static String triggerId(String hesitationId, int step) {
    return hesitationId + "#" + step;
  }

  private FollowupState advance(FollowupState s, Instant now) {
    Running r = s.running();
    Optional<Running> next = scheduled(r, r.stepIndex() + 1, now);
    if (next.isEmpty()) {
      LOG.debug("sequence complete for hesitation {}", r.hesitationId());
      return s.ended();
    }
    return s.withRunning(next.get());
  }

  /**
   * Step {@code index} due at detection + its delay, never before {@code notBefore}; empty when
   * there is none.
   */
  private Optional<Running> scheduled(Running r, int index, Instant notBefore) {
    List<SequencePlan.Step> steps = plan(r).steps();
    if (index >= steps.size()) {
      return Optional.empty();
    }
    Instant due = r.detectedAt().plusMillis(steps.get(index).delayMillis());
    return Optional.of(r.withStep(index, due.isBefore(notBefore) ? notBefore : due));
  }

  /** The running sequence's plan; a sequence started before strategies follows its kind's. */
  private SequencePlan plan(Running r) {
    return r.plan() != null ? r.plan() : SequencePlan.configured(policy, r.kind());
  }

  /**
   * The play a step sends: reminders remind, surveys ask, a reason play sends its fixed play or the
   * plan's play for the reason (else the configured one); the step's parameters over the play's.
   */
  private PolicyConfig.PlaySpec play(
      SequencePlan plan, SequencePlan.Step step, HesitationReason reason) {
    PolicyConfig.PlaySpec base =
        switch (step.type()) {
          case REMINDER -> policy.play(StepType.REMINDER, reason);
          case SURVEY ->
              plan.plays()
                  .getOrDefault(HesitationReason.UNKNOWN, policy.play(StepType.SURVEY, reason));
          case REASON_PLAY ->
              step.play() != null
                  ? new PolicyConfig.PlaySpec(step.play(), Map.of())
                  : plan.plays().getOrDefault(reason, policy.play(StepType.REASON_PLAY, reason));
        };
    if (step.attributes().isEmpty()) {
      return base;
    }
    Map<String, String> merged = new HashMap<>(base.attributes());
    merged.putAll(step.attributes());
    return new PolicyConfig.PlaySpec(base.play(), merged);
  }

  /** The policy with the plan's guardrail overrides and the step's channel, if any. */
  private FollowupPolicy policyFor(SequencePlan plan, SequencePlan.Step step) {
    SequencePlan.Guardrails g = plan.guardrails();
    if (g == null && step.channel() == null) {
      return policy;
    }
    PolicyConfig c = policy.config();
    if (g != null) {
      c =
          c.withGuardrails(
              g.frequencyCap() != null ? g.frequencyCap() : c.frequencyCap(),
              c.frequencyWindow(),
              g.cooldownMillis() != null ? Duration.ofMillis(g.cooldownMillis()) : c.cooldown(),
              g.quietStart() != null ? LocalTime.parse(g.quietStart()) : c.quietStart(),
              g.quietEnd() != null ? LocalTime.parse(g.quietEnd()) : c.quietEnd());
    }
    if (step.channel() != null) {
      c = c.withChannels(List.of(step.channel()));
    }
    return policy.withConfig(c);
  }

  /**
   * The pending step is CANCELLED: decided with the play it would have sent, and the sequence is
   * over.
   */
  private FollowupState cancel(
      FollowupState s, DecisionReason why, String detail, Instant at, List<Decided> decisions) {
    Running r = s.running();
    int stepNo = r.stepIndex() + 1;
    SequencePlan plan = plan(r);
    PolicyConfig.PlaySpec play = play(plan, plan.steps().get(r.stepIndex()), r.reason());
    decisions.add(
        new Decided(
            r.hesitationId(),
            triggerId(r.hesitationId(), stepNo),
            stepNo,
            play.play(),
            null,
            DecisionOutcome.CANCELLED,
            why,
            detail,
            at,
            null,
            r.reason(),
            null,
            null,
            plan.strategy()));
    return s.ended();
  }

  /**
   * The play's parameters, the step type, and — so a marketing system can render and report per
   * experiment arm — the template key and the strategy, version and variant.
   */
  private Map<String, String> attributes(
      PolicyConfig.PlaySpec play, SequencePlan.Step step, SequencePlan.StrategyRef strategy) {
    Map<String, String> attributes = new HashMap<>(play.attributes());
    attributes.put("step-type", step.type().name());
    if (step.templateKey() != null) {
      attributes.put("template-key", step.templateKey());
    }
    if (strategy != null) {
      attributes.put("strategy-id", strategy.strategyId());
      attributes.put("strategy-version", Integer.toString(strategy.version()));
      attributes.put("variant", strategy.variantId());
    }
    return Collections.unmodifiableMap(attributes);
  }

  /** Offers hold for the configured validity; a reminder or a survey has nothing to expire. */
  private Instant deadline(FollowupPlay play, Instant now) {
    return play == FollowupPlay.REMINDER || play == FollowupPlay.SURVEY
        ? null
        : now.plus(policy.config().offerValidity());
  }
}
