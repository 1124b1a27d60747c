package io.leadpipe.scoring.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.scoring.profile.ProfileMapper;
import io.leadpipe.scoring.profile.ProfileState;
import io.leadpipe.scoring.profile.ScoringRules;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

  private static final Instant SEEN = Instant.parse("2026-01-10T08:00:00Z");
  private static final Duration INACTIVITY = Duration.ofDays(30);
  private static final RetentionPolicy POLICY = new RetentionPolicy(INACTIVITY);

  private static ProfileState anonymous(Instant lastSeen) {
    return ProfileState.empty("anon-1", lastSeen);
  }

  private static ProfileState knownUser(Instant lastSeen) {
    ProfileState s = ProfileState.empty("user-1", lastSeen);
    return new ProfileState(
        s.visitorId(),
        "user-1",
        s.anonymousIds(),
        s.firstSeen(),
        s.lastSeen(),
        s.asOf(),
        s.revision(),
        s.activity(),
        s.cart(),
        s.signals(),
        s.purchases(),
        s.categoryViews(),
        s.traits(),
        s.reach(),
        s.referral(),
        s.hesitation(),
        s.history());
  }

  @Test
  void anAnonymousVisitorIsDueTheInactivityAfterTheirOwnLastActivity() {
    assertThat(POLICY.dueAt(anonymous(SEEN))).contains(SEEN.plus(INACTIVITY));
  }

  @Test
  void aKnownUserOrAVisitorWithoutStateIsNeverDue() {
    assertThat(POLICY.dueAt(knownUser(SEEN))).isEmpty();
    assertThat(POLICY.dueAt((ProfileState) null)).isEmpty();
  }

  @Test
  void aPublishedProfileIsDueWhenTheStateItWasPublishedFromIs() {
    ProfileMapper mapper = new ProfileMapper(ScoringRules.defaults());

    assertThat(POLICY.dueAt(mapper.toProfile(anonymous(SEEN))))
        .contains(SEEN.plus(INACTIVITY))
        .isEqualTo(POLICY.dueAt(anonymous(SEEN)));
    assertThat(POLICY.dueAt(mapper.toProfile(knownUser(SEEN)))).isEmpty();
    assertThat(POLICY.dueAt((ProspectProfile) null)).isEmpty();
  }

  @Test
  void anAnonymousVisitorInactiveLongerThanTheInactivityIsRemovedExactlyFromTheDeadline() {
    Instant deadline = SEEN.plus(INACTIVITY);

    assertThat(POLICY.decide(anonymous(SEEN), false, deadline).action())
        .isEqualTo(RetentionPolicy.Action.REMOVE);
    assertThat(POLICY.decide(anonymous(SEEN), false, deadline.minusMillis(1)))
        .isEqualTo(new RetentionPolicy.Verdict(RetentionPolicy.Action.RECHECK, deadline));
  }

  @Test
  void aVisitorWhoCameBackIsRecheckedAtTheirNewDeadline() {
    Instant cameBack = SEEN.plus(Duration.ofDays(20));

    assertThat(POLICY.decide(anonymous(cameBack), false, SEEN.plus(INACTIVITY)))
        .isEqualTo(
            new RetentionPolicy.Verdict(RetentionPolicy.Action.RECHECK, cameBack.plus(INACTIVITY)));
  }

  @Test
  void aLinkedAnonymousVisitorIsKeptAndLookedAtAgainAFullInactivityLater() {
    Instant now = SEEN.plus(Duration.ofDays(400));

    assertThat(POLICY.decide(anonymous(SEEN), true, now))
        .isEqualTo(
            new RetentionPolicy.Verdict(RetentionPolicy.Action.RECHECK, now.plus(INACTIVITY)));
  }

  @Test
  void aKnownUserOrAVisitorAlreadyGoneIsForgottenNotRemoved() {
    Instant later = SEEN.plus(Duration.ofDays(400));

    assertThat(POLICY.decide(knownUser(SEEN), false, later).action())
        .isEqualTo(RetentionPolicy.Action.FORGET);
    assertThat(POLICY.decide(null, false, later).action()).isEqualTo(RetentionPolicy.Action.FORGET);
  }

  @Test
  void theInactivityMustBePositive() {
    assertThatThrownBy(() -> new RetentionPolicy(Duration.ZERO))
        .hasMessageContaining("anonymousInactivity must be positive");
    assertThatThrownBy(() -> new RetentionPolicy(Duration.ofDays(-1)))
        .hasMessageContaining("anonymousInactivity must be positive");
    assertThatThrownBy(() -> new RetentionPolicy(null))
        .hasMessageContaining("anonymousInactivity must be positive");
    assertThat(RetentionPolicy.defaults().anonymousInactivity()).isEqualTo(Duration.ofDays(180));
  }
}
