package io.leadpipe.scoring.tally;

import static io.leadpipe.scoring.testing.TopologyFixture.T0;
import static io.leadpipe.scoring.testing.TopologyFixture.traits;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.schemas.identity.IdentityCommandKind;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.query.PreviewSample;
import io.leadpipe.scoring.retention.RetentionPolicy;
import io.leadpipe.scoring.testing.TopologyFixture;
import io.leadpipe.scoring.topology.Stores;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The match preview's sample holds exactly the visitors with a published profile: a key at the
 * first publish, none left after an erasure, a merge or the retention of an anonymous visitor.
 */
class PreviewSamplingTest {

  private static final Duration MINUTE = Duration.ofMinutes(1);

  private final TopologyFixture f = new TopologyFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private Map<String, String> sample() {
    Map<String, String> all = new TreeMap<>();
    KeyValueStore<String, String> store = f.driver.getKeyValueStore(Stores.PREVIEW_SAMPLE_STORE);
    try (KeyValueIterator<String, String> it = store.all()) {
      it.forEachRemaining(kv -> all.put(kv.key, kv.value));
    }
    return all;
  }

  @Test
  void aPublishedVisitorHasOneKeyAndAnErasedOneNone() {
    f.send("keep", WebEventType.PAGE_VIEW, T0);
    f.send("lurker", WebEventType.PAGE_VIEW, T0);
    f.send("lurker", WebEventType.PAGE_VIEW, T0.plus(MINUTE));
    assertThat(sample())
        .isEqualTo(
            Map.of(
                PreviewSample.key("keep"), "keep",
                PreviewSample.key("lurker"), "lurker"));

    f.command(IdentityCommandKind.ERASE, null, "lurker", T0.plus(MINUTE.multipliedBy(2)));

    assertThat(f.stored("lurker")).isNull();
    assertThat(sample()).containsOnlyKeys(PreviewSample.key("keep"));
  }

  @Test
  void aMergedIdLeavesTheSampleToItsPerson() {
    f.productView("anon-1", "shoes", T0);
    f.send("user-1", WebEventType.PAGE_VIEW, T0);
    assertThat(sample()).hasSize(2);

    f.identify("anon-1", "user-1", traits().build(), T0.plus(MINUTE));

    assertThat(sample()).containsOnlyKeys(PreviewSample.key("user-1"));
  }

  @Test
  void anAnonymousVisitorRetainedOutLeavesTheSample() {
    Duration retention = RetentionPolicy.DEFAULT_ANONYMOUS_INACTIVITY;
    f.send("anon-1", WebEventType.PAGE_VIEW, T0);
    assertThat(sample()).containsKey(PreviewSample.key("anon-1"));

    // Stream time moves with anyone's events.
    f.send("clock", WebEventType.PAGE_VIEW, T0.plus(retention).plus(MINUTE));

    assertThat(f.driver.getKeyValueStore(Stores.PROFILE_STORE).get("anon-1")).isNull();
    assertThat(sample()).doesNotContainKey(PreviewSample.key("anon-1"));
  }
}
