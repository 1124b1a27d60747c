package io.leadpipe.scoring.app.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.leadpipe.scoring.engagement.SignalRule;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code leadpipe.scoring.engagement.signals.<SIGNAL>.{points,half-life,daily-cap}}: overrides one signal's
 * engagement rule. Fields left out keep the default rule's value; a new signal must set all three.
 */
@EachProperty("leadpipe.scoring.engagement.signals")
public class SignalProperties {
  private final String signal;
  private Double points;
  private Duration halfLife;
  private Integer dailyCap;

  public SignalProperties(@Parameter String name) {
    // Micronaut normalises map keys to kebab-case (ADD_TO_CART → add-to-cart): back to the signal's name.
    this.signal = name.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  public String signal() {
    return signal;
  }

  /** The rule with this override applied on top of {@code base} (null for a signal without a default). */
  SignalRule toRule(SignalRule base) {
    if (base == null && (points == null || halfLife == null || dailyCap == null)) {
      throw new IllegalArgumentException("signal " + signal
          + " has no default rule: set points, half-life and daily-cap");
    }
    return new SignalRule(points != null ? points : base.points(),
        halfLife != null ? halfLife : base.halfLife(),
        dailyCap != null ? dailyCap : base.dailyCap());
  }

  public Double getPoints() { return points; }
  public void setPoints(Double v) { points = v; }
  public Duration getHalfLife() { return halfLife; }
  public void setHalfLife(Duration v) { halfLife = v; }
  public Integer getDailyCap() { return dailyCap; }
  public void setDailyCap(Integer v) { dailyCap = v; }
}
