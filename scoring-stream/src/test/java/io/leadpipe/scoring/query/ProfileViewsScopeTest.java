package io.leadpipe.scoring.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileViewsScopeTest {

  private final Map<String, Object> full =
      Map.of(
          "visitorId", "v-1",
          "userId", "customer-42",
          "traits",
              new LinkedHashMap<>(
                  Map.of(
                      "firstName",
                      "Ada",
                      "birthYear",
                      1990,
                      "city",
                      "Graz",
                      "socialHandles",
                      List.of("@ada"),
                      "custom",
                      Map.of("vip", "yes"),
                      "country",
                      "AT")));

  @Test
  void aReadTokenSeesThePseudonymousProfile() {
    Map<String, Object> seen = ProfileViews.forScope(full, DataScope.PSEUDONYMOUS);
    assertThat(seen).containsEntry("visitorId", "v-1").containsEntry("userId", null);
    @SuppressWarnings("unchecked")
    Map<String, Object> traits = (Map<String, Object>) seen.get("traits");
    assertThat(traits).containsOnlyKeys("country");
  }

  @Test
  void aPersonalDataTokenSeesEverythingServed() {
    assertThat(ProfileViews.forScope(full, DataScope.PERSONAL)).isSameAs(full);
  }

  @Test
  void listingsLoseTheUserIdOnly() {
    ProspectSummary summary =
        new ProspectSummary(
            "v-1", "customer-42", "LEAD", 1, 2, "A", 3, Map.of(), List.of(), "now", null);
    ProspectPage page = new ProspectPage(1, 0, 10, "engagement", List.of(summary));
    ProspectSummary seen = ProfileViews.forScope(page, DataScope.PSEUDONYMOUS).items().get(0);
    assertThat(seen.userId()).isNull();
    assertThat(seen.withoutPersonalData()).isEqualTo(seen);
    assertThat(seen.visitorId()).isEqualTo("v-1");
  }
}
