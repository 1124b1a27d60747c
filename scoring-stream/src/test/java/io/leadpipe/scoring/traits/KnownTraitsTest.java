package io.leadpipe.scoring.traits;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.schemas.common.ChannelConsent;
import io.leadpipe.schemas.common.ConsentStatus;
import io.leadpipe.schemas.common.Traits;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KnownTraitsTest {

  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

  private static KnownTraits merge(KnownTraits known, Traits.Builder told, Instant at) {
    return known.merge(told.build(), at, 2);
  }

  @Test
  void eachFieldKeepsItsLatestValueByEventTime() {
    var t =
        merge(
            KnownTraits.none(),
            Traits.newBuilder().setJob("nurse").setCountry("DE"),
            T0.plusSeconds(10));
    t = merge(t, Traits.newBuilder().setJob("teacher").setCity("Bonn"), T0);
    t = merge(t, Traits.newBuilder().setCountry("AT"), T0.plusSeconds(20));

    assertThat(t.value(KnownTraits.JOB)).isEqualTo("nurse");
    assertThat(t.value(KnownTraits.CITY)).isEqualTo("Bonn");
    assertThat(t.value(KnownTraits.COUNTRY)).isEqualTo("AT");
    assertThat(t.toldAt("location")).isEqualTo(T0.plusSeconds(20));
    assertThat(t.toldAt("gender")).isNull();
  }

  @Test
  void theAgeIsToldOrDerivedFromTheBirthYear() {
    var t = merge(KnownTraits.none(), Traits.newBuilder().setBirthYear(1990), T0);
    assertThat(t.age(T0)).isEqualTo(36);
    assertThat(merge(t, Traits.newBuilder().setAge(35), T0).age(T0)).isEqualTo(35);
    assertThat(KnownTraits.none().age(T0)).isNull();
  }

  @Test
  void interestsAreReplacedAsAWholeLowerCasedAndEachOnce() {
    var t =
        merge(
            KnownTraits.none(),
            Traits.newBuilder().setInterests(List.of("Shoes", "shoes ", "Hiking")),
            T0);
    assertThat(t.interests()).containsExactly("shoes", "hiking");
    // An identify that lists no interests leaves them alone.
    assertThat(merge(t, Traits.newBuilder().setJob("x"), T0.plusSeconds(1)).interests())
        .containsExactly("shoes", "hiking");
  }

  @Test
  void consentKeepsTheNewestKnownAnswerPerChannel() {
    var t =
        merge(
            KnownTraits.none(),
            Traits.newBuilder()
                .setConsent(
                    Map.of(
                        "email", consent(ConsentStatus.GRANTED, T0.plusSeconds(5)),
                        "sms", consent(ConsentStatus.DENIED, null))),
            T0);
    t =
        merge(
            t,
            Traits.newBuilder()
                .setConsent(
                    Map.of(
                        "email", consent(ConsentStatus.REVOKED, T0),
                        "sms", consent(ConsentStatus.UNKNOWN, null))),
            T0.plusSeconds(60));

    assertThat(t.consent())
        .containsEntry("email", new Consent("GRANTED", T0.plusSeconds(5)))
        .containsEntry("sms", new Consent("DENIED", T0));
  }

  @Test
  void customTraitsAreBoundedButKnownOnesStillUpdate() {
    var t =
        merge(KnownTraits.none(), Traits.newBuilder().setCustom(Map.of("a", "1", "b", "2")), T0);
    t = merge(t, Traits.newBuilder().setCustom(Map.of("c", "3", "a", "9")), T0.plusSeconds(1));

    assertThat(t.custom()).containsOnly(Map.entry("a", "9"), Map.entry("b", "2"));
  }

  @Test
  void theBrowserTimezoneIsUsedOnlyUntilOneIsTold() {
    var t = KnownTraits.none().withObservedTimezone("Europe/Berlin");
    assertThat(t.timezone()).isEqualTo("Europe/Berlin");
    assertThat(merge(t, Traits.newBuilder().setTimezone("Asia/Tokyo"), T0).timezone())
        .isEqualTo("Asia/Tokyo");
  }

  private static ChannelConsent consent(ConsentStatus status, Instant at) {
    return ChannelConsent.newBuilder().setStatus(status).setUpdatedAt(at).build();
  }
}
