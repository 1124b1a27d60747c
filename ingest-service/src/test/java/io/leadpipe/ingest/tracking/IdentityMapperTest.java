package io.leadpipe.ingest.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.ingest.event.MappedEvent;
import io.leadpipe.ingest.testing.Mappers;
import io.leadpipe.schemas.common.ConsentStatus;
import io.leadpipe.schemas.identity.IdentityEvent;
import io.leadpipe.schemas.identity.IdentityKind;
import io.leadpipe.service.problem.Violation;
import org.junit.jupiter.api.Test;

class IdentityMapperTest {

  private final IdentityMapper mapper = Mappers.identities();

  @Test
  void segmentReservedTraitsAndLeadpipeTraitsAreTyped() {
    String json =
        """
        {"userId": "u1", "traits": {"first_name": "Ana", "birthday": "1990-05-31", "title": "nurse",
          "state": "Styria", "city": "Graz", "country": "AT", "interests": "hiking, camping",
          "consent": {"email": {"status": "denied", "updatedAt": "2026-11-20T10:00:00Z"}, "sms": "GRANTED"},
          "plan": {"tier": "gold"}}}""";

    MappedEvent.Accepted mapped =
        (MappedEvent.Accepted)
            mapper.identify(Mappers.json(json), 0, json.getBytes(), Mappers.meta());
    IdentityEvent event = (IdentityEvent) mapped.value();

    assertThat(mapped.key()).isEqualTo("u1");
    assertThat(event.getKind()).isEqualTo(IdentityKind.IDENTIFY);
    assertThat(event.getTraits().getFirstName()).isEqualTo("Ana");
    assertThat(event.getTraits().getBirthYear()).isEqualTo(1990);
    assertThat(event.getTraits().getJob()).isEqualTo("nurse");
    assertThat(event.getTraits().getRegion()).isEqualTo("Styria");
    assertThat(event.getTraits().getInterests()).containsExactly("hiking", "camping");
    assertThat(event.getTraits().getConsent().get("email").getStatus())
        .isEqualTo(ConsentStatus.DENIED);
    assertThat(event.getTraits().getConsent().get("email").getUpdatedAt()).isNotNull();
    assertThat(event.getTraits().getConsent().get("sms").getStatus())
        .isEqualTo(ConsentStatus.GRANTED);
    assertThat(event.getTraits().getCustom()).containsEntry("plan", "{\"tier\":\"gold\"}");
  }

  @Test
  void wrongTraitTypesAreViolations() {
    String json =
        """
        {"anonymousId": "a1", "traits": {"age": "thirty", "consent": {"email": "maybe"}, "interests": [1]}}""";

    MappedEvent.Rejected rejected =
        (MappedEvent.Rejected)
            mapper.identify(Mappers.json(json), 0, json.getBytes(), Mappers.meta());

    assertThat(rejected.violations())
        .extracting(Violation::field)
        .containsExactlyInAnyOrder("traits.age", "traits.consent.email", "traits.interests[0]");
  }

  @Test
  void aliasIsKeyedByTheUserIdItLinksTo() {
    String json = "{\"userId\": \"u1\", \"previousId\": \"anon-1\", \"anonymousId\": \"anon-1\"}";

    MappedEvent.Accepted mapped =
        (MappedEvent.Accepted) mapper.alias(Mappers.json(json), 0, json.getBytes(), Mappers.meta());

    assertThat(mapped.key()).isEqualTo("u1");
    assertThat(((IdentityEvent) mapped.value()).getPreviousId()).isEqualTo("anon-1");
  }
}
