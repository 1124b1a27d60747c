package io.leadpipe.scoring.leadtype;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.scoring.leadtype.LeadTypeClassifier.PurchaseFrequency;
import io.leadpipe.scoring.leadtype.LeadTypeClassifier.PurchaseVolume;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LeadTypeClassifierTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final LeadTypeClassifier classifier = new LeadTypeClassifier(LeadTypeRules.defaults());

  private static PurchaseStats every(int days, int count, double revenue, long quantity) {
    PurchaseStats s = PurchaseStats.none();
    for (int i = 0; i < count; i++) {
      s = s.plus(T0.plus(Duration.ofDays((long) days * i)), revenue, quantity);
    }
    return s;
  }

  @Test
  void frequencyFromMeanPurchaseInterval() {
    assertThat(classifier.frequency(PurchaseStats.none())).isEqualTo(PurchaseFrequency.NONE);
    assertThat(classifier.frequency(every(0, 1, 10, 1))).isEqualTo(PurchaseFrequency.OCCASIONAL);
    assertThat(classifier.frequency(every(14, 4, 10, 1))).isEqualTo(PurchaseFrequency.FREQUENT);
    assertThat(classifier.frequency(every(60, 3, 10, 1))).isEqualTo(PurchaseFrequency.REGULAR);
    assertThat(classifier.frequency(every(200, 2, 10, 1))).isEqualTo(PurchaseFrequency.OCCASIONAL);
  }

  @Test
  void outOfOrderPurchasesGiveTheSameInterval() {
    var s = PurchaseStats.none().plus(T0.plus(Duration.ofDays(20)), 10, 1).plus(T0, 10, 1);
    assertThat(s.firstPurchase()).isEqualTo(T0);
    assertThat(classifier.frequency(s)).isEqualTo(PurchaseFrequency.FREQUENT);
  }

  @Test
  void volumeFromSpendOrQuantity() {
    assertThat(classifier.volume(PurchaseStats.none())).isEqualTo(PurchaseVolume.NONE);
    assertThat(classifier.volume(every(1, 1, 30, 1))).isEqualTo(PurchaseVolume.LOW);
    assertThat(classifier.volume(every(1, 2, 60, 1))).isEqualTo(PurchaseVolume.MEDIUM);
    assertThat(classifier.volume(every(1, 1, 5, 6))).isEqualTo(PurchaseVolume.MEDIUM);
    assertThat(classifier.volume(every(1, 5, 120, 1))).isEqualTo(PurchaseVolume.HIGH);
    assertThat(classifier.volume(every(1, 1, 40, 25))).isEqualTo(PurchaseVolume.HIGH);
  }

  @Test
  void anOverduePurchaseMovesTheFrequencyDown() {
    // Every 14 days, last purchase on day 42.
    PurchaseStats s = every(14, 4, 10, 1);
    Instant last = T0.plus(Duration.ofDays(42));
    assertThat(classifier.frequency(s, last.plus(Duration.ofDays(30))))
        .isEqualTo(PurchaseFrequency.FREQUENT);
    assertThat(classifier.frequency(s, last.plus(Duration.ofDays(30)).plusMillis(1)))
        .isEqualTo(PurchaseFrequency.REGULAR);
    assertThat(classifier.frequency(s, last.plus(Duration.ofDays(91))))
        .isEqualTo(PurchaseFrequency.OCCASIONAL);
    assertThat(classifier.frequencyMoments(s))
        .containsExactly(last.plus(Duration.ofDays(30)), last.plus(Duration.ofDays(90)));
    // A regular buyer only has the regular limit ahead; a one-time buyer none.
    assertThat(classifier.frequencyMoments(every(60, 3, 10, 1)))
        .containsExactly(T0.plus(Duration.ofDays(120 + 90)));
    assertThat(classifier.frequencyMoments(every(0, 1, 10, 1))).isEmpty();
  }
}
