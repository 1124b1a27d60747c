package io.leadpipe.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecordBinderTest {

  enum Mood {
    CALM,
    VERY_ANGRY
  }

  record Rule(double points, Duration halfLife, int dailyCap) {
    Rule {
      if (dailyCap < 1) {
        throw new IllegalArgumentException("dailyCap must be >= 1");
      }
    }
  }

  record Step(String type, Duration delay) {
    static Step parse(String text) {
      String[] parts = text.split("@");
      if (parts.length != 2) {
        throw new IllegalArgumentException("expected TYPE@delay");
      }
      return new Step(parts[0], RecordBinder.duration(parts[1]).orElseThrow());
    }
  }

  record Limits(int kept, long bytes, Integer optionalCap, boolean strict) {}

  record Inner(Map<String, Rule> rules, List<String> prefixes, Set<Mood> moods, Limits limits) {}

  record Root(
      Inner inner,
      Duration window,
      Mood mood,
      LocalTime quietStart,
      List<Integer> thresholds,
      Map<Mood, String> plays,
      Map<String, List<Step>> sequences,
      String name,
      double gradeA) {

    static Root defaults() {
      return new Root(
          new Inner(
              Map.of("ADD_TO_CART", new Rule(10, Duration.ofDays(14), 20)),
              List.of("/careers"),
              Set.of(Mood.CALM),
              new Limits(5, 100, null, false)),
          Duration.ofHours(24),
          Mood.CALM,
          LocalTime.of(21, 0),
          List.of(1, 2, 3),
          Map.of(Mood.CALM, "WAIT"),
          Map.of("CART", List.of(new Step("REMINDER", Duration.ofHours(1)))),
          "root",
          80);
    }
  }

  private static final Root D = Root.defaults();

  private static RecordBinder<Root> binder() {
    return RecordBinder.of(Root.class)
        .inline("inner")
        .alias("caps", "inner.limits")
        .ignore("streams", "enabled")
        .mapKeys("inner.rules", RecordBinder::upperSnake)
        .converter(Step.class, Step::parse);
  }

  private static Root bind(Map<String, ?> properties) {
    return binder().bind("app.x", properties, D);
  }

  @Test
  void nothingConfiguredIsTheDefaultInstance() {
    assertThat(bind(Map.of())).isEqualTo(D);
  }

  @Test
  void keysAreComponentNamesInKebabCaseAndUnsetComponentsKeepTheirDefault() {
    Root r = bind(Map.of("window", "15m", "grade-a", 90, "name", "shop"));
    assertThat(r.window()).isEqualTo(Duration.ofMinutes(15));
    assertThat(r.gradeA()).isEqualTo(90);
    assertThat(r.name()).isEqualTo("shop");
    assertThat(r.mood()).isEqualTo(D.mood());
    assertThat(r.inner()).isEqualTo(D.inner());
    // camelCase keys, as Micronaut accepts them too
    assertThat(bind(Map.of("gradeA", "70")).gradeA()).isEqualTo(70);
  }

  @Test
  void nestedRecordsBindByNestedKeysWrittenFlatOrAsMaps() {
    Root flat = bind(Map.of("limits.kept", 7, "limits.strict", "true", "limits.optional-cap", "3"));
    Root nested = bind(Map.of("limits", Map.of("kept", 7, "strict", true, "optionalCap", 3)));
    assertThat(flat).isEqualTo(nested);
    assertThat(flat.inner().limits()).isEqualTo(new Limits(7, 100, 3, true));
    // the inlined record is also reachable by its own name
    assertThat(bind(Map.of("inner.limits.kept", 8)).inner().limits().kept()).isEqualTo(8);
  }

  @Test
  void aliasesReadAnotherPropertyPathAsAComponentPath() {
    assertThat(bind(Map.of("caps.bytes", 4096)).inner().limits().bytes()).isEqualTo(4096);
    // alias and inlined spelling of the same record merge
    Limits l = bind(Map.of("caps.bytes", 4096, "limits.kept", 9)).inner().limits();
    assertThat(l).isEqualTo(new Limits(9, 4096, null, false));
  }

  @Test
  void durationsInMicronautAndIsoForm() {
    assertThat(bind(Map.of("window", "PT15M")).window()).isEqualTo(Duration.ofMinutes(15));
    assertThat(bind(Map.of("window", "100ms")).window()).isEqualTo(Duration.ofMillis(100));
    assertThat(bind(Map.of("window", "7d")).window()).isEqualTo(Duration.ofDays(7));
    assertThat(bind(Map.of("window", "30s")).window()).isEqualTo(Duration.ofSeconds(30));
    assertThat(bind(Map.of("window", Duration.ofHours(2))).window()).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void enumsInAnyCaseWithDashes() {
    assertThat(bind(Map.of("mood", "very-angry")).mood()).isEqualTo(Mood.VERY_ANGRY);
    assertThat(bind(Map.of("mood", "VERY_ANGRY")).mood()).isEqualTo(Mood.VERY_ANGRY);
    assertThat(bind(Map.of("moods", List.of("calm", "very-angry"))).inner().moods())
        .containsExactlyInAnyOrder(Mood.CALM, Mood.VERY_ANGRY);
  }

  @Test
  void listsReplaceTheDefaultFromListsCommaTextOrIndexedKeys() {
    assertThat(bind(Map.of("thresholds", List.of(5, 6))).thresholds()).containsExactly(5, 6);
    assertThat(bind(Map.of("thresholds", "7, 30,90")).thresholds()).containsExactly(7, 30, 90);
    assertThat(bind(Map.of("thresholds[1]", 9, "thresholds[0]", 8)).thresholds())
        .containsExactly(8, 9);
    assertThat(bind(Map.of("prefixes", List.of())).inner().prefixes()).isEmpty();
    assertThat(bind(Map.of("prefixes", "")).inner().prefixes()).isEmpty();
  }

  @Test
  void timesOfDay() {
    assertThat(bind(Map.of("quiet-start", "00:00")).quietStart()).isEqualTo(LocalTime.MIDNIGHT);
  }

  @Test
  void mapEntriesMergeOntoTheDefaultEntryField_byField() {
    Root r = bind(Map.of("rules.add-to-cart.points", 12, "rules.ADD_TO_CART.daily-cap", 5));
    assertThat(r.inner().rules())
        .containsEntry("ADD_TO_CART", new Rule(12, Duration.ofDays(14), 5));
  }

  @Test
  void aNewMapEntryOfRecordsMustSetEveryComponent() {
    Root r =
        bind(
            Map.of(
                "rules.wishlist.points",
                4,
                "rules.wishlist.half-life",
                "3d",
                "rules.wishlist.daily-cap",
                2));
    assertThat(r.inner().rules())
        .containsEntry("WISHLIST", new Rule(4, Duration.ofDays(3), 2))
        .containsKey("ADD_TO_CART");
    assertThatThrownBy(() -> bind(Map.of("rules.WISHLIST.points", 4)))
        .isInstanceOf(ConfigBindingException.class)
        .hasMessage("app.x.rules.WISHLIST: has no default to start from: set half-life, daily-cap");
  }

  @Test
  void mapsWithEnumKeysAndConvertedValues() {
    Root r =
        bind(Map.of("plays.very-angry", "CALL", "sequences.BROWSE", "SURVEY@2h, REMINDER@90m"));
    assertThat(r.plays()).containsEntry(Mood.VERY_ANGRY, "CALL").containsEntry(Mood.CALM, "WAIT");
    assertThat(r.sequences())
        .containsEntry(
            "BROWSE",
            List.of(
                new Step("SURVEY", Duration.ofHours(2)),
                new Step("REMINDER", Duration.ofMinutes(90))))
        .containsKey("CART");
    assertThatThrownBy(() -> bind(Map.of("plays.bored", "X")))
        .hasMessageStartingWith("app.x.plays.bored (the key): expected one of [CALM, VERY_ANGRY]");
    assertThatThrownBy(() -> bind(Map.of("sequences.CART", "SURVEY")))
        .hasMessageStartingWith(
            "app.x.sequences.CART[0]: invalid Step 'SURVEY': expected TYPE@delay");
  }

  @Test
  void anUnknownKeyFailsWithItsFullNameAndTheKnownKeys() {
    assertThatThrownBy(() -> bind(Map.of("windw", "1h")))
        .isInstanceOf(ConfigBindingException.class)
        .hasMessageStartingWith(
            "app.x.windw: unknown key; allowed here: rules, prefixes, moods, limits, window,")
        .hasMessageContaining("caps")
        .hasMessageContaining("streams (not a rule)");
    assertThatThrownBy(() -> bind(Map.of("limits.kep", 1)))
        .hasMessage(
            "app.x.limits.kep: unknown key; allowed here: kept, bytes, optional-cap, strict")
        .extracting(e -> ((ConfigBindingException) e).property())
        .isEqualTo("app.x.limits.kep");
    assertThatThrownBy(() -> bind(Map.of("rules.ADD_TO_CART.pints", 1)))
        .hasMessage(
            "app.x.rules.ADD_TO_CART.pints: unknown key; allowed here: points, half-life, daily-cap");
  }

  @Test
  void ignoredKeysAreNeitherBoundNorRejected() {
    assertThat(bind(Map.of("streams.application-id", "x", "streams.threads", 2, "enabled", false)))
        .isEqualTo(D);
  }

  @Test
  void anInvalidValueFailsWithItsFullNameAndTheExpectedType() {
    assertThatThrownBy(() -> bind(Map.of("window", "soon")))
        .hasMessage(
            "app.x.window: expected a duration such as 100ms, 30s, 15m, 1h, 7d or PT15M, got 'soon'");
    assertThatThrownBy(() -> bind(Map.of("limits.kept", "many")))
        .hasMessage("app.x.limits.kept: expected a whole number, got 'many'");
    assertThatThrownBy(() -> bind(Map.of("limits.kept", 2.5)))
        .hasMessage("app.x.limits.kept: expected a whole number, got '2.5'");
    assertThatThrownBy(() -> bind(Map.of("grade-a", "high")))
        .hasMessage("app.x.grade-a: expected a number, got 'high'");
    assertThatThrownBy(() -> bind(Map.of("limits.strict", "yes")))
        .hasMessage("app.x.limits.strict: expected true or false, got 'yes'");
    assertThatThrownBy(() -> bind(Map.of("mood", "sad")))
        .hasMessage("app.x.mood: expected one of [CALM, VERY_ANGRY], got 'sad'");
    assertThatThrownBy(() -> bind(Map.of("thresholds", "1,x")))
        .hasMessage("app.x.thresholds[1]: expected a whole number, got 'x'");
    assertThatThrownBy(() -> bind(Map.of("limits", "big")))
        .hasMessageStartingWith(
            "app.x.limits: expected nested keys kept, bytes, optional-cap, strict");
    assertThatThrownBy(() -> bind(Map.of("window.unit", "h")))
        .hasMessageStartingWith("app.x.window: expected Duration, got nested keys");
  }

  @Test
  void valuesTheRecordRejectsFailWithThePropertyAndTheRecordsReason() {
    assertThatThrownBy(() -> bind(Map.of("rules.ADD_TO_CART.daily-cap", 0)))
        .isInstanceOf(ConfigBindingException.class)
        .hasMessage("app.x.rules.ADD_TO_CART: rejected by Rule: dailyCap must be >= 1");
  }

  @Test
  void environmentVariableNamesAreMatchedAgainstTheRecord() {
    RecordBinder<Root> b = binder();
    assertThat(b.keyOfEnvironmentVariable("WINDOW")).hasValue("window");
    assertThat(b.keyOfEnvironmentVariable("QUIET_START")).hasValue("quiet-start");
    assertThat(b.keyOfEnvironmentVariable("LIMITS_OPTIONAL_CAP")).hasValue("limits.optional-cap");
    assertThat(b.keyOfEnvironmentVariable("CAPS_BYTES")).hasValue("caps.bytes");
    assertThat(b.keyOfEnvironmentVariable("RULES_ADD_TO_CART_DAILY_CAP"))
        .hasValue("rules.ADD_TO_CART.daily-cap");
    assertThat(b.keyOfEnvironmentVariable("SEQUENCES_CART")).hasValue("sequences.CART");
    assertThat(b.keyOfEnvironmentVariable("STREAMS_STATE_DIR")).isEmpty();
    assertThat(b.keyOfEnvironmentVariable("PORT")).isEmpty();
  }

  @Test
  void overridesWinOverProperties() {
    Map<String, Object> files = new LinkedHashMap<>(Map.of("limits.kept", 3, "window", "1h"));
    Root r = binder().bind("app.x", files, Map.of("limits.kept", "4"), D);
    assertThat(r.inner().limits().kept()).isEqualTo(4);
    assertThat(r.window()).isEqualTo(Duration.ofHours(1));
  }

  /** Adding a component to the record is all it takes to make it configurable. */
  @Test
  void aComponentAddedToARecordIsBoundWithoutAnyOtherChange() {
    record Grown(Duration window, int addedLater) {}
    Grown g =
        RecordBinder.of(Grown.class)
            .bind("p", new HashMap<>(Map.of("added-later", "3")), new Grown(Duration.ZERO, 1));
    assertThat(g).isEqualTo(new Grown(Duration.ZERO, 3));
  }
}
