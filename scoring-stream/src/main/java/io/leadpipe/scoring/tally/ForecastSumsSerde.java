package io.leadpipe.scoring.tally;

import io.leadpipe.scoring.forecast.ForecastSums;
import io.leadpipe.scoring.profile.BinaryReader;
import io.leadpipe.scoring.profile.BinaryWriter;
import io.leadpipe.scoring.profile.CompactSerde;
import io.leadpipe.scoring.profile.Wire;

/**
 * The forecast store's value serde: a group's fixed-point sums in the compact format ({@link
 * #FORMAT_VERSION}, then the sums' fields and the record's end). A few group keys are read and
 * written once per visitor whose share moves, so this is on the path of every publish that changes
 * a forecast and of every profile a re-evaluation moves. It also reads the sums of earlier versions
 * (Smile), which the next move of their group rewrites in this format.
 */
public final class ForecastSumsSerde extends CompactSerde<ForecastSums> {

  /** The first byte of this format: one of those {@link Wire} keeps for versions. */
  static final byte FORMAT_VERSION = 0x01;

  public ForecastSumsSerde() {
    super(FORMAT_VERSION, "cannot read forecast sums: ", ForecastSums.class);
  }

  @Override
  protected void write(BinaryWriter w, ForecastSums sums) {
    ForecastSumsFormat.write(w, sums);
  }

  @Override
  protected ForecastSums read(BinaryReader r) {
    return ForecastSumsFormat.read(r);
  }
}
