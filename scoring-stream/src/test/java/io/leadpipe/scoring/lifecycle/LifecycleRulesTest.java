package io.leadpipe.scoring.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LifecycleRulesTest {

  private final LifecycleRules rules = LifecycleRules.defaults();

  @Test
  void stagesInOrderOfPrecedence() {
    assertThat(rules.stage(0, false, 5)).isEqualTo(LifecycleStage.VISITOR);
    assertThat(rules.stage(0, false, 20)).isEqualTo(LifecycleStage.ENGAGED_PROSPECT);
    assertThat(rules.stage(0, true, 20)).isEqualTo(LifecycleStage.HESITATING_BUYER);
    assertThat(rules.stage(1, true, 20)).isEqualTo(LifecycleStage.CUSTOMER);
    assertThat(rules.stage(3, false, 0)).isEqualTo(LifecycleStage.REPEAT_CUSTOMER);
  }
}
