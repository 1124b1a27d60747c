package io.leadpipe.ingest.social;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.ingest.config.SocialSettings;
import io.leadpipe.ingest.event.MappedEvent;
import io.leadpipe.ingest.testing.Mappers;
import io.leadpipe.ingest.trust.TrustedSignals;
import io.leadpipe.schemas.social.SocialEvent;
import io.leadpipe.schemas.social.SocialKind;
import io.leadpipe.service.problem.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SocialEventMapperTest {

  private final SocialEventMapper mapper = Mappers.social();

  @ParameterizedTest
  @CsvSource({
    "follow, FOLLOW",
    "Referral Click, REFERRAL_CLICK",
    "referral-click, REFERRAL_CLICK",
    "MESSAGE, MESSAGE",
    "retweet, OTHER"
  })
  void kindsAreMatchedLooselyAndUnknownOnesKeptAsOther(String kind, SocialKind expected) {
    assertThat(SocialEventMapper.kindOf(kind)).isEqualTo(expected);
  }

  @Test
  void anInteractionIsKeyedByVisitor() {
    String json =
        """
        {"userId": "u1", "network": "TikTok", "kind": "comment", "text": "love it", "postUrl": "https://t.example/1"}""";

    MappedEvent.Accepted mapped =
        (MappedEvent.Accepted)
            mapper.social(Mappers.json(json), 0, json.getBytes(), Mappers.meta());
    SocialEvent event = (SocialEvent) mapped.value();

    assertThat(mapped.key()).isEqualTo("u1");
    assertThat(event.getNetwork()).isEqualTo("tiktok");
    assertThat(event.getKind()).isEqualTo(SocialKind.COMMENT);
    assertThat(event.getText()).isEqualTo("love it");
    assertThat(event.getContext()).isNull();
  }

  @Test
  void networkKindAndIdsAreRequired() {
    MappedEvent.Rejected rejected =
        (MappedEvent.Rejected)
            mapper.social(Mappers.json("{\"followerCount\": -3}"), 0, new byte[0], Mappers.meta());

    assertThat(rejected.violations())
        .extracting(Violation::field)
        .containsExactlyInAnyOrder("anonymousId", "network", "kind", "followerCount");
  }

  @Test
  void aServerSourcesFollowerCountIsMarkedDeclaredAndCappedAboveTheLimit() {
    String body =
        """
        {"anonymousId": "a-1", "network": "instagram", "kind": "follow", "followerCount": %d}""";

    SocialEvent small =
        (SocialEvent)
            ((MappedEvent.Accepted)
                    mapper.social(
                        Mappers.json(body.formatted(12_000)), 0, new byte[0], Mappers.meta()))
                .value();
    SocialEvent huge =
        (SocialEvent)
            ((MappedEvent.Accepted)
                    mapper.social(
                        Mappers.json(body.formatted(10_000_000_000L)),
                        0,
                        new byte[0],
                        Mappers.meta()))
                .value();

    assertThat(small.getFollowerCount()).isEqualTo(12_000L);
    assertThat(small.getFollowerCountDeclared()).isTrue();
    assertThat(small.getFollowerCountCapped()).isFalse();
    assertThat(huge.getFollowerCount()).isEqualTo(SocialSettings.defaults().maxDeclaredFollowers());
    assertThat(huge.getFollowerCountDeclared()).isTrue();
    assertThat(huge.getFollowerCountCapped()).isTrue();
  }

  @Test
  void aFollowerCountFromABrowserSourceIsRefusedTheRestOfASocialEventIsNot() {
    MappedEvent.Rejected refused =
        (MappedEvent.Rejected)
            mapper.social(
                Mappers.json(
                    """
                    {"anonymousId": "a-1", "network": "x", "kind": "follow", "followerCount": 5}"""),
                0,
                new byte[0],
                Mappers.browserMeta());
    MappedEvent like =
        mapper.social(
            Mappers.json(
                """
                {"anonymousId": "a-1", "network": "x", "kind": "like"}"""),
            0,
            new byte[0],
            Mappers.browserMeta());

    assertThat(refused.reason()).isEqualTo(TrustedSignals.UNTRUSTED_SOURCE);
    assertThat(refused.violations()).extracting(Violation::field).containsExactly("followerCount");
    assertThat(like).isInstanceOf(MappedEvent.Accepted.class);
  }
}
