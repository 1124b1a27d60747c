package io.leadpipe.devkit.test;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** With its twin class: both see the same environment instance and bootstrap address. */
@ExtendWith(LeadpipeKafkaExtension.class)
class OneBrokerPerJvmFirstIT {

  @Test
  void sharesTheJvmBroker(KafkaTestEnvironment env) {
    SharedEnvironment.BOOTSTRAPS.add(env.bootstrapServers());
    SharedEnvironment.INSTANCES.add(env);
    assertThat(LeadpipeKafkaExtension.environment()).isSameAs(env);
    assertThat(SharedEnvironment.BOOTSTRAPS).hasSize(1);
    assertThat(SharedEnvironment.INSTANCES).hasSize(1);
  }
}
