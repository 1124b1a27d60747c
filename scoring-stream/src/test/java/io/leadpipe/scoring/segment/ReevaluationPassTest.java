package io.leadpipe.scoring.segment;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.scoring.segment.ReevaluationPass.Stage;
import io.leadpipe.streams.state.StateSerde;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The pass's bookkeeping over two in-memory sorted "stores", no Kafka. */
class ReevaluationPassTest {

  private static final Map<String, Integer> V1 = Map.of("carts", 1);
  private static final Map<String, Integer> V2 = Map.of("carts", 2);

  /** Two sorted stores and a record of what the visitor saw, in order. */
  private static final class Stores implements ReevaluationPass.Source<String> {
    final Map<Stage, NavigableMap<String, String>> data = new EnumMap<>(Stage.class);
    final List<String> visited = new ArrayList<>();
    Set<String> changing = Set.of();
    int openWalks;

    Stores(int profiles, int people) {
      data.put(Stage.PROFILE_STATES, keys("v", profiles));
      data.put(Stage.MERGED_STATES, keys("p", people));
    }

    private static NavigableMap<String, String> keys(String prefix, int n) {
      NavigableMap<String, String> m = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        m.put(String.format("%s%03d", prefix, i), "state");
      }
      return m;
    }

    @Override
    public ReevaluationPass.Walk<String> from(Stage stage, String fromInclusive) {
      NavigableMap<String, String> m = data.get(stage);
      Iterator<Map.Entry<String, String>> it =
          (fromInclusive == null ? m : m.tailMap(fromInclusive, true)).entrySet().iterator();
      openWalks++;
      return new ReevaluationPass.Walk<>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public Map.Entry<String, String> next() {
          return it.next();
        }

        @Override
        public void close() {
          openWalks--;
        }
      };
    }

    boolean visit(Stage stage, String key, String value) {
      visited.add(key);
      return changing.contains(key);
    }

    int chunk(ReevaluationPass pass, int budget) {
      return pass.runChunk(budget, Long.MAX_VALUE, () -> 0, this, this::visit);
    }
  }

  private static ReevaluationPass appliedAt(Map<String, Integer> versions) {
    return ReevaluationPass.atStart(
        new ReevaluationCursor(versions, null, null, null, 0, 0, 0), versions, true, () -> 0);
  }

  @Test
  void aFirstStartWithNoProfilesHasNothingToDoAndRecordsTheVersions() {
    ReevaluationPass pass = ReevaluationPass.atStart(null, V1, false, () -> 0);

    assertThat(pass.running()).isFalse();
    assertThat(pass.cursor().applied()).isEqualTo(V1);
    assertThat(pass.takeDirty()).as("the versions are stored").isTrue();
    assertThat(pass.takeDirty()).isFalse();
  }

  @Test
  void aFirstStartWithProfilesButNoStoredVersionsWalksThemOnce() {
    ReevaluationPass pass = ReevaluationPass.atStart(null, V1, true, () -> 5);

    assertThat(pass.running()).isTrue();
    assertThat(pass.cursor().target()).isEqualTo(V1);
    assertThat(pass.cursor().remaining()).isEqualTo(5);
  }

  @Test
  void unchangedDefinitionsStartNothing() {
    ReevaluationPass pass = appliedAt(V1);

    assertThat(pass.running()).isFalse();
    assertThat(pass.onDefinitions(V1, () -> 10)).isFalse();
    assertThat(pass.takeDirty()).isFalse();
  }

  @Test
  void aChangeMadeWhileDownStartsAPassAtStart() {
    ReevaluationPass pass =
        ReevaluationPass.atStart(
            new ReevaluationCursor(V1, null, null, null, 7, 7, 1), V2, true, () -> 30);

    assertThat(pass.running()).isTrue();
    assertThat(pass.cursor())
        .isEqualTo(new ReevaluationCursor(V1, V2, Stage.PROFILE_STATES, null, 0, 30, 0));
  }

  @Test
  void walksInBoundedChunksAcrossBothStoresAndThenReflectsTheNewVersions() {
    Stores stores = new Stores(25, 3);
    stores.changing = Set.of("v004", "v017", "p001");
    ReevaluationPass pass = appliedAt(V1);
    assertThat(pass.onDefinitions(V2, () -> 28)).isTrue();

    assertThat(stores.chunk(pass, 10)).isEqualTo(10);
    assertThat(pass.cursor())
        .isEqualTo(new ReevaluationCursor(V1, V2, Stage.PROFILE_STATES, "v009", 10, 28, 1));
    assertThat(pass.cursor().remaining()).isEqualTo(18);
    assertThat(stores.chunk(pass, 10)).isEqualTo(10);
    assertThat(pass.cursor().lastKey()).isEqualTo("v019");
    // The rest of the first store and all of the second fit in the third chunk.
    assertThat(stores.chunk(pass, 10)).isEqualTo(8);

    assertThat(pass.running()).isFalse();
    assertThat(pass.cursor()).isEqualTo(new ReevaluationCursor(V2, null, null, null, 28, 28, 3));
    assertThat(stores.visited).hasSize(28).doesNotHaveDuplicates();
    assertThat(stores.visited.subList(25, 28)).containsExactly("p000", "p001", "p002");
    assertThat(stores.openWalks).as("every walk closed").isZero();
    assertThat(stores.chunk(pass, 10)).as("nothing left").isZero();
  }

  @Test
  void aChunkEndingExactlyAtAStoresEndGoesOnToTheNextStore() {
    Stores stores = new Stores(10, 0);
    ReevaluationPass pass = appliedAt(V1);
    pass.onDefinitions(V2, () -> 10);

    assertThat(stores.chunk(pass, 10)).isEqualTo(10);

    assertThat(pass.running()).as("the empty second store finishes the pass").isFalse();
    assertThat(pass.cursor().applied()).isEqualTo(V2);
  }

  @Test
  void resumesAfterTheStoredCursorWithoutRedoingItsLastKey() {
    Stores first = new Stores(25, 0);
    ReevaluationPass pass = appliedAt(V1);
    pass.onDefinitions(V2, () -> 25);
    first.chunk(pass, 10);
    ReevaluationCursor stored = pass.cursor();

    // A new instance of the task: the cursor comes from the store, the definitions are the same.
    Stores second = new Stores(25, 0);
    ReevaluationPass resumed = ReevaluationPass.atStart(stored, V2, true, () -> 99);
    assertThat(resumed.cursor()).as("resumed as stored, not restarted").isEqualTo(stored);
    second.chunk(resumed, 10);
    second.chunk(resumed, 10);

    assertThat(resumed.running()).isFalse();
    assertThat(second.visited).hasSize(15).startsWith("v010").doesNotContain("v009");
    assertThat(resumed.cursor().done()).isEqualTo(25);
  }

  @Test
  void aKeyDeletedUnderTheCursorDoesNotStopTheWalk() {
    Stores stores = new Stores(25, 0);
    ReevaluationPass pass = appliedAt(V1);
    pass.onDefinitions(V2, () -> 25);
    stores.chunk(pass, 10);
    stores.data.get(Stage.PROFILE_STATES).remove("v009");

    stores.chunk(pass, 10);

    assertThat(stores.visited.subList(10, 20)).startsWith("v010").endsWith("v019");
  }

  @Test
  void aChangeDuringAPassRestartsItForTheNewestVersions() {
    Stores stores = new Stores(25, 0);
    ReevaluationPass pass = appliedAt(V1);
    pass.onDefinitions(V2, () -> 25);
    stores.chunk(pass, 10);
    Map<String, Integer> v3 = Map.of("carts", 3, "vip", 1);

    assertThat(pass.onDefinitions(V2, () -> 25)).as("same versions: keeps going").isFalse();
    assertThat(pass.onDefinitions(v3, () -> 25)).isTrue();

    assertThat(pass.cursor())
        .isEqualTo(new ReevaluationCursor(V1, v3, Stage.PROFILE_STATES, null, 0, 25, 0));
    stores.chunk(pass, 100);
    assertThat(pass.cursor().applied()).isEqualTo(v3);
    assertThat(stores.visited).hasSize(35);
  }

  @Test
  void revertingToTheAppliedVersionsMidPassStillFinishesAPassForThem() {
    // Part of the task reflects V2 already: only a full pass makes all of it reflect V1 again.
    Stores stores = new Stores(25, 0);
    ReevaluationPass pass = appliedAt(V1);
    pass.onDefinitions(V2, () -> 25);
    stores.chunk(pass, 10);

    assertThat(pass.onDefinitions(V1, () -> 25)).isTrue();
    stores.chunk(pass, 100);

    assertThat(pass.cursor().applied()).isEqualTo(V1);
  }

  @Test
  void theCursorSurvivesTheStateSerde() {
    var serde = StateSerde.of(ReevaluationCursor.class);
    for (ReevaluationCursor c :
        List.of(
            new ReevaluationCursor(V1, V2, Stage.MERGED_STATES, "p007", 40, 52, 3),
            new ReevaluationCursor(V2, null, null, null, 52, 52, 3),
            new ReevaluationCursor(null, Map.of(), Stage.PROFILE_STATES, null, 0, 0, 0))) {
      assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", c)))
          .isEqualTo(c);
    }
  }

  @Test
  void theTotalIsAnEstimateRaisedToWhatWasWalked() {
    Stores stores = new Stores(25, 0);
    ReevaluationPass pass = appliedAt(V1);
    pass.onDefinitions(V2, () -> 20);

    stores.chunk(pass, 22);

    assertThat(pass.cursor().total()).isEqualTo(22);
    assertThat(pass.cursor().remaining()).isZero();
    stores.chunk(pass, 22);
    assertThat(pass.cursor().total()).isEqualTo(25);
  }

  @Test
  void aChunkEndsWhenItsTimeBudgetIsSpentAndTheNextResumesAfterItsLastKey() {
    Stores stores = new Stores(25, 0);
    ReevaluationPass pass = appliedAt(V1);
    pass.onDefinitions(V2, () -> 25);
    // Each profile costs 10 ms on this ticker; a budget of 25 ms is spent after the third.
    long[] nanos = {0};
    ReevaluationPass.Visitor<String> tenMillisEach =
        (stage, key, value) -> {
          nanos[0] += 10_000_000;
          return stores.visit(stage, key, value);
        };

    assertThat(pass.runChunk(100, 25_000_000, () -> nanos[0], stores, tenMillisEach)).isEqualTo(3);
    assertThat(pass.cursor().lastKey()).isEqualTo("v002");
    assertThat(pass.runChunk(100, 25_000_000, () -> nanos[0], stores, tenMillisEach)).isEqualTo(3);
    assertThat(stores.visited).containsExactly("v000", "v001", "v002", "v003", "v004", "v005");

    // A profile that alone costs more than the budget still moves the pass on, one per chunk.
    ReevaluationPass.Visitor<String> slow =
        (stage, key, value) -> {
          nanos[0] += 50_000_000;
          return stores.visit(stage, key, value);
        };
    assertThat(pass.runChunk(100, 25_000_000, () -> nanos[0], stores, slow)).isEqualTo(1);
    assertThat(pass.cursor().lastKey()).isEqualTo("v006");
    assertThat(stores.openWalks).isZero();
  }
}
