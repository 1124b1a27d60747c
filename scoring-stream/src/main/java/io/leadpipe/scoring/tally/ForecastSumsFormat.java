package io.leadpipe.scoring.tally;

import io.leadpipe.scoring.forecast.ForecastSums;
import io.leadpipe.scoring.profile.BinaryReader;
import io.leadpipe.scoring.profile.BinaryWriter;
import io.leadpipe.scoring.profile.Wire;

/**
 * {@link ForecastSums} as fields of a record in the compact format ({@code profile.Wire}): the
 * forecast store's group sums and the visitor's share in its tally record both hold them. A sum of
 * 0 is left out; a reader passes over field ids it does not know, so a later version may add sums.
 */
final class ForecastSumsFormat {

  /** Field ids. Never reuse or renumber an id: a new field takes a new id. */
  private static final int VISITORS = 1;

  private static final int VALUED = 2;
  private static final int CHANCE = 3;
  private static final int EXPECTED = 4;
  private static final int VARIANCE = 5;
  private static final int UNVALUED_CHANCE = 6;
  private static final int UNVALUED_VARIANCE = 7;
  private static final int BUYER_SPEND = 8;
  private static final int BUYER_ORDERS = 9;

  private ForecastSumsFormat() {}

  /** The fields of {@code sums}; the caller ends the record. */
  static void write(BinaryWriter w, ForecastSums sums) {
    w.longField(VISITORS, sums.visitors());
    w.longField(VALUED, sums.valued());
    w.longField(CHANCE, sums.chance());
    w.longField(EXPECTED, sums.expected());
    w.longField(VARIANCE, sums.variance());
    w.longField(UNVALUED_CHANCE, sums.unvaluedChance());
    w.longField(UNVALUED_VARIANCE, sums.unvaluedVariance());
    w.longField(BUYER_SPEND, sums.buyerSpend());
    w.longField(BUYER_ORDERS, sums.buyerOrders());
  }

  /** The sums of a record's fields, up to and with its end; sums left out are 0. */
  static ForecastSums read(BinaryReader r) {
    long[] sums = new long[BUYER_ORDERS + 1];
    for (int key = r.key(); key != Wire.END; key = r.key()) {
      int id = Wire.fieldId(key);
      if (id >= VISITORS && id <= BUYER_ORDERS) {
        sums[id] = r.longField(key);
      } else {
        r.skip(key);
      }
    }
    return new ForecastSums(
        sums[VISITORS],
        sums[VALUED],
        sums[CHANCE],
        sums[EXPECTED],
        sums[VARIANCE],
        sums[UNVALUED_CHANCE],
        sums[UNVALUED_VARIANCE],
        sums[BUYER_SPEND],
        sums[BUYER_ORDERS]);
  }
}
