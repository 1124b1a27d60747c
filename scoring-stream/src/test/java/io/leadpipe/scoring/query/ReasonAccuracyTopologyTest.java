package io.leadpipe.scoring.query;

import static io.leadpipe.scoring.testing.TopologyFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.hesitation.HesitationStatus;
import io.leadpipe.schemas.web.FeedbackAnswer;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.testing.TopologyFixture;
import io.leadpipe.scoring.topology.Stores;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hesitations detected with a primary reason and answered by the visitors: the published profile
 * pairs each answer with the reason inferred then, and the topology's counters give the confusion
 * matrix of the visitors as they are now, overall and per segment.
 */
class ReasonAccuracyTopologyTest {

  private static final Instant DETECTED = T0.plus(Duration.ofHours(1));
  private static final String SAID_PRICE = "said-price";

  private final TopologyFixture f = new TopologyFixture();

  @AfterEach
  void stop() {
    f.close();
  }

  private void answer(String visitor, HesitationReason reason, Instant at) {
    f.send(
        f.webEvent(visitor, WebEventType.FEEDBACK_ANSWER, at)
            .setFeedback(FeedbackAnswer.newBuilder().setStatedReason(reason).build())
            .build());
  }

  private ReasonAccuracy accuracy(String segment) {
    KeyValueStore<String, Long> store = f.driver.getKeyValueStore(Stores.TALLY_STORE);
    try (KeyValueIterator<String, Long> it = store.all()) {
      return ReasonAccuracy.of(TallyCounts.sum(it).reasonConfusion(segment), segment);
    }
  }

  private static long cell(ReasonAccuracy a, String inferred, String stated) {
    ReasonAccuracy.Row row =
        a.matrix().stream().filter(r -> r.inferred().equals(inferred)).findFirst().orElseThrow();
    return row.visitors().get(a.stated().indexOf(stated));
  }

  @Test
  void answersAreCountedByTheReasonInferredWhenTheyWereGiven() {
    f.define(SAID_PRICE, "{\"attr\":\"statedReason\",\"op\":\"eq\",\"value\":\"PRICE\"}");
    for (String v : new String[] {"v1", "v2", "v3", "v4"}) {
      f.send(v, WebEventType.CART_ADD, T0);
    }
    // Inferred right, the episode still open.
    f.hesitation("v1", "h-1", HesitationStatus.DETECTED, DETECTED, HesitationReason.SHIPPING);
    answer("v1", HesitationReason.SHIPPING, DETECTED.plusSeconds(60));
    // Inferred wrong, answered after the episode closed.
    f.hesitation("v2", "h-2", HesitationStatus.DETECTED, DETECTED, HesitationReason.PRICE);
    f.hesitation("v2", "h-2", HesitationStatus.CLOSED, DETECTED.plusSeconds(30));
    answer("v2", HesitationReason.SHIPPING, DETECTED.plusSeconds(60));
    // Answered without any episode detected.
    answer("v3", HesitationReason.PRICE, DETECTED.plusSeconds(60));
    // Right at first, then a later answer replaces it: only the visitor's answer now counts.
    f.hesitation("v4", "h-4", HesitationStatus.DETECTED, DETECTED, HesitationReason.PRICE);
    answer("v4", HesitationReason.PRICE, DETECTED.plusSeconds(60));
    assertThat(cell(accuracy(null), "PRICE", "PRICE")).isEqualTo(1);
    answer("v4", HesitationReason.QUALITY, DETECTED.plusSeconds(120));

    assertThat(f.latest("v2").getInferredReasonAtStatement()).isEqualTo(HesitationReason.PRICE);
    assertThat(f.latest("v3").getInferredReasonAtStatement()).isNull();

    ReasonAccuracy all = accuracy(null);
    assertThat(all.answered()).isEqualTo(4);
    assertThat(all.correct()).isEqualTo(1);
    assertThat(all.withoutInference()).isEqualTo(1);
    assertThat(cell(all, "SHIPPING", "SHIPPING")).isEqualTo(1);
    assertThat(cell(all, "PRICE", "SHIPPING")).isEqualTo(1);
    assertThat(cell(all, "NONE", "PRICE")).isEqualTo(1);
    assertThat(cell(all, "PRICE", "QUALITY")).isEqualTo(1);
    assertThat(cell(all, "PRICE", "PRICE")).isZero();

    ReasonAccuracy saidPrice = accuracy(SAID_PRICE);
    assertThat(saidPrice.answered()).isEqualTo(1);
    assertThat(cell(saidPrice, "NONE", "PRICE")).isEqualTo(1);
  }
}
