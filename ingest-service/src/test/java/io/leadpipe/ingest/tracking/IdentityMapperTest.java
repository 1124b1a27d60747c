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

  @Test
  void groupCarriesTheAccountsTraitsAsCompany() {
    String json =
        """
        {"userId": "u1", "groupId": "acme", "traits": {"name": "Acme Outdoor", "industry": "Retail",
          "employees": 420, "plan": "enterprise", "website": "https://acme.example"}}""";

    MappedEvent.Accepted mapped =
        (MappedEvent.Accepted) mapper.group(Mappers.json(json), 0, json.getBytes(), Mappers.meta());
    IdentityEvent event = (IdentityEvent) mapped.value();

    assertThat(mapped.key()).isEqualTo("u1");
    assertThat(mapped.topic()).isEqualTo(io.leadpipe.schemas.topics.Topics.IDENTITIES);
    assertThat(event.getKind()).isEqualTo(IdentityKind.GROUP);
    assertThat(event.getGroupId()).isEqualTo("acme");
    assertThat(event.getTraits().getCompany().getGroupId()).isEqualTo("acme");
    assertThat(event.getTraits().getCompany().getName()).isEqualTo("Acme Outdoor");
    assertThat(event.getTraits().getCompany().getIndustry()).isEqualTo("Retail");
    assertThat(event.getTraits().getCompany().getEmployees()).isEqualTo(420);
    assertThat(event.getTraits().getCompany().getPlan()).isEqualTo("enterprise");
    assertThat(event.getTraits().getCompany().getCustom())
        .containsEntry("website", "\"https://acme.example\"");
    // The person's own traits are not touched by their account's.
    assertThat(event.getTraits().getEmail()).isNull();
  }

  @Test
  void groupWithoutGroupIdOrWithBadEmployeesListsEveryViolation() {
    String json =
        """
        {"anonymousId": "a1", "traits": {"employees": -3, "industry": 7}}""";

    MappedEvent.Rejected rejected =
        (MappedEvent.Rejected) mapper.group(Mappers.json(json), 0, json.getBytes(), Mappers.meta());

    assertThat(rejected.violations())
        .extracting(Violation::field)
        .containsExactlyInAnyOrder("groupId", "traits.employees", "traits.industry");
  }
}
