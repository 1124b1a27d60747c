package io.leadpipe.scoring.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.scoring.profile.ProfileState;
import io.leadpipe.scoring.profile.RecentMessages;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MemberUpdateTest {

  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

  @Test
  void aMemberTravelsToItsPersonWithoutTheMessageIdsOnlyItsOwnPartitionNeeds() {
    ProfileState own = ProfileState.empty("anon-1", T0);
    ProfileState withIds =
        new ProfileState(
            own.visitorId(),
            own.userId(),
            own.anonymousIds(),
            own.firstSeen(),
            own.lastSeen(),
            own.asOf(),
            own.revision(),
            own.activity(),
            own.cart(),
            own.signals(),
            own.purchases(),
            own.categoryViews(),
            own.traits(),
            own.reach(),
            own.referral(),
            own.hesitation(),
            own.history(),
            RecentMessages.none()
                .remember(RecentMessages.hashOf("web:m1"), T0.toEpochMilli(), 0, 5));

    MemberUpdate update = MemberUpdate.state("anon-1", withIds);

    assertThat(update.state()).isEqualTo(own);
    assertThat(update.state().recentMessages().size()).isZero();
    assertThat(MemberUpdate.state("anon-1", null).state()).isNull();
  }
}
