package io.leadpipe.dashboard.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsumerLagTest {
  private static final Partition WEB_0 = new Partition("web", 0);
  private static final Partition WEB_1 = new Partition("web", 1);
  private static final Partition HES_0 = new Partition("hesitations", 0);

  @Test
  void lagIsTheSumOfEndMinusCommittedPerGroupLargestFirst() {
    Map<Partition, Long> ends = Map.of(WEB_0, 100L, WEB_1, 50L, HES_0, 10L);
    List<GroupLag> lag =
        ConsumerLag.of(
            Map.of(
                "leadpipe-scoring", Map.of(WEB_0, 90L, WEB_1, 50L),
                "leadpipe-notifier", Map.of(WEB_0, 40L, HES_0, 5L)),
            ends);

    assertThat(lag)
        .containsExactly(
            new GroupLag("leadpipe-notifier", 65, 2, Map.of("web", 60L, "hesitations", 5L)),
            new GroupLag("leadpipe-scoring", 10, 2, Map.of("web", 10L)));
  }

  @Test
  void partitionsWithoutAnEndOffsetAreLeftOutAndLagIsNeverNegative() {
    List<GroupLag> lag =
        ConsumerLag.of(
            Map.of(
                "ahead", Map.of(WEB_0, 120L),
                "gone", Map.of(new Partition("deleted", 0), 3L)),
            Map.of(WEB_0, 100L));

    assertThat(lag).containsExactly(new GroupLag("ahead", 0, 1, Map.of("web", 0L)));
  }
}
