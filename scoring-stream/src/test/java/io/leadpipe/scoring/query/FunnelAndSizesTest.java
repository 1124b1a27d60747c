package io.leadpipe.scoring.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunnelAndSizesTest {

  @Test
  void theFunnelListsEveryStageInOrderWithWhoReachedIt() {
    Funnel funnel =
        Funnel.of(
            List.of(
                "VISITOR",
                "VISITOR",
                "VISITOR",
                "ENGAGED_PROSPECT",
                "CUSTOMER",
                "REPEAT_CUSTOMER"));

    assertThat(funnel.total()).isEqualTo(6);
    assertThat(funnel.stages())
        .containsExactly(
            new Funnel.Stage("VISITOR", 3, 6),
            new Funnel.Stage("ENGAGED_PROSPECT", 1, 3),
            new Funnel.Stage("HESITATING_BUYER", 0, 2),
            new Funnel.Stage("CUSTOMER", 1, 2),
            new Funnel.Stage("REPEAT_CUSTOMER", 1, 1),
            new Funnel.Stage("AT_RISK", 0, 0),
            new Funnel.Stage("LAPSED", 0, 0));
  }

  @Test
  void funnelsOfInstancesAddUp() {
    Funnel merged =
        Funnel.merge(
            List.of(Funnel.of(List.of("VISITOR", "CUSTOMER")), Funnel.of(List.of("VISITOR"))));
    assertThat(merged).isEqualTo(Funnel.of(List.of("VISITOR", "VISITOR", "CUSTOMER")));
  }

  @Test
  void segmentSizesAddUpAcrossInstancesAndListDefinedSegmentsWithoutMembers() {
    SegmentSizes first =
        SegmentSizes.of(List.of(List.of("hot", "loyal"), List.of("hot"), List.of()));
    SegmentSizes second = SegmentSizes.of(List.of(List.of("hot"), List.of("gone")));

    SegmentSizes merged =
        SegmentSizes.merge(
            List.of(first, second),
            Map.of("hot", "Hot prospects", "loyal", "Loyal customers", "empty", "Nobody yet"));

    assertThat(merged.profiles()).isEqualTo(5);
    assertThat(merged.segments())
        .containsExactly(
            new SegmentSizes.Size("hot", "Hot prospects", 3),
            new SegmentSizes.Size("gone", null, 1),
            new SegmentSizes.Size("loyal", "Loyal customers", 1),
            new SegmentSizes.Size("empty", "Nobody yet", 0));
  }
}
