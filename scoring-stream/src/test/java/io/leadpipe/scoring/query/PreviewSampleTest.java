package io.leadpipe.scoring.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The preview sample's keys and the estimate it answers with. */
class PreviewSampleTest {

  @Test
  void aKeyIsTheStableHashBeforeTheVisitorAndGivesTheVisitorBack() {
    String key = PreviewSample.key("visitor-1");
    assertThat(key).matches("[0-9a-f]{16}\\|visitor-1").isEqualTo(PreviewSample.key("visitor-1"));
    assertThat(PreviewSample.visitorOf(key)).isEqualTo("visitor-1");
    assertThat(PreviewSample.visitorOf(PreviewSample.key("a|b"))).isEqualTo("a|b");
    // Pinned: the keys stored by one version are found again by the next.
    assertThat(PreviewSample.key("abc")).startsWith("ba7816bf8f01cfea|");
  }

  /** The first n keys in order are a uniform sample: about n/N of any group of visitors. */
  @Test
  void theFirstKeysInOrderAreAnEvenSampleOfTheVisitors() {
    TreeSet<String> keys = new TreeSet<>();
    IntStream.range(0, 20_000).forEach(i -> keys.add(PreviewSample.key("v" + i)));
    List<String> first = keys.stream().limit(2_000).toList();
    long even =
        first.stream()
            .map(PreviewSample::visitorOf)
            .filter(v -> Integer.parseInt(v.substring(1)) % 2 == 0)
            .count();
    long low =
        first.stream()
            .map(PreviewSample::visitorOf)
            .filter(v -> Integer.parseInt(v.substring(1)) < 5_000)
            .count();
    // 1 000 and 500 expected; 5 standard deviations either way.
    assertThat(even).isBetween(888L, 1_112L);
    assertThat(low).isBetween(403L, 597L);
  }

  @Test
  void aSampleOfEveryProfileIsExact() {
    assertThat(PreviewSample.estimate(40, 40, 7))
        .isEqualTo(new PreviewSample.Estimate(40, 40, 7, true, 7, 7, 7));
    assertThat(PreviewSample.estimate(0, 0, 0))
        .isEqualTo(new PreviewSample.Estimate(0, 0, 0, true, 0, 0, 0));
  }

  @Test
  void aPartialSampleIsScaledWithTheWilsonIntervalWithinWhatTheSampleRulesOut() {
    PreviewSample.Estimate e = PreviewSample.estimate(100_000, 1_000, 250);
    assertThat(e.exact()).isFalse();
    assertThat(e.estimate()).isEqualTo(25_000);
    // Wilson 95 % for 250/1000: 0.2744 .. 0.2247 -> scaled by 100 000.
    assertThat(e.lower()).isBetween(22_400L, 22_500L);
    assertThat(e.upper()).isBetween(27_700L, 27_800L);

    PreviewSample.Estimate none = PreviewSample.estimate(5_000, 1_000, 0);
    assertThat(none.estimate()).isZero();
    assertThat(none.lower()).isZero();
    assertThat(none.upper()).isBetween(1L, 20L);

    // At least the matches seen, at most every profile but the misses seen.
    PreviewSample.Estimate small = PreviewSample.estimate(12, 10, 10);
    assertThat(small.lower()).isGreaterThanOrEqualTo(10);
    assertThat(small.upper()).isEqualTo(12);
  }

  @Test
  void aSampleLargerThanTheCountIsTakenAsEveryProfileAndAMatchCountAboveTheSampleIsRefused() {
    assertThat(PreviewSample.estimate(9, 10, 3).exact()).isTrue();
    assertThat(PreviewSample.estimate(9, 10, 3).profiles()).isEqualTo(10);
    assertThatThrownBy(() -> PreviewSample.estimate(10, 5, 6))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sharesAreSummedBeforeEstimating() {
    MatchPreview merged =
        MatchPreview.of(
            List.of(new PreviewShare(10, 10, 4), new PreviewShare(20, 20, 5)),
            null,
            new Coverage(2, List.of(), List.of()));
    assertThat(merged.exact()).isTrue();
    assertThat(merged.estimate()).isEqualTo(9);
    assertThat(merged.profiles()).isEqualTo(30);
  }
}
