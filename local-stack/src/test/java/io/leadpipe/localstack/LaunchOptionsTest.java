package io.leadpipe.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.localstack.service.LeadpipeService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LaunchOptionsTest {

  private static final Path REPO = Path.of("/repo");

  @Test
  void without_options_everything_runs_on_the_documented_ports_with_demo_traffic() {
    LaunchOptions o = parse(Map.of());

    assertThat(o.kafkaPort()).isEqualTo(9092);
    assertThat(o.registryPort()).isEqualTo(8081);
    assertThat(o.port(LeadpipeService.INGEST)).isEqualTo(8080);
    assertThat(o.port(LeadpipeService.SCORING)).isEqualTo(8082);
    assertThat(o.port(LeadpipeService.NOTIFIER)).isEqualTo(8083);
    assertThat(o.webhookPort()).isEqualTo(8084);
    assertThat(o.dataDir()).isEqualTo(REPO.resolve(".local-data"));
    assertThat(o.kafka()).isEmpty();
    assertThat(o.registry()).isEmpty();
    assertThat(o.services()).isEqualTo(EnumSet.allOf(LeadpipeService.class));
    assertThat(o.servicesChosen()).isFalse();
    assertThat(o.demo()).isTrue();
    assertThat(o.rate()).isEqualTo(20);
    assertThat(o.seed()).isEmpty();
    assertThat(o.help()).isFalse();
  }

  @Test
  void flags_set_every_option_in_both_spellings() {
    LaunchOptions o =
        parse(
            Map.of(),
            "--kafka-port",
            "19092",
            "--registry-port=18081",
            "--ingest-port",
            "18080",
            "--scoring-port",
            "18082",
            "--notifier-port",
            "18083",
            "--webhook-port",
            "0",
            "--data-dir",
            "/tmp/lp",
            "--kafka",
            "k1:9092,k2:9092",
            "--registry",
            "http://registry:8081",
            "--services",
            "ingest,notifier-service",
            "--no-demo",
            "--rate",
            "2.5",
            "--seed",
            "42");

    assertThat(o.kafkaPort()).isEqualTo(19092);
    assertThat(o.registryPort()).isEqualTo(18081);
    assertThat(o.port(LeadpipeService.INGEST)).isEqualTo(18080);
    assertThat(o.port(LeadpipeService.SCORING)).isEqualTo(18082);
    assertThat(o.port(LeadpipeService.NOTIFIER)).isEqualTo(18083);
    assertThat(o.webhookPort()).isZero();
    assertThat(o.dataDir()).isEqualTo(Path.of("/tmp/lp"));
    assertThat(o.kafka()).contains("k1:9092,k2:9092");
    assertThat(o.registry()).contains("http://registry:8081");
    assertThat(o.services())
        .containsExactlyInAnyOrder(LeadpipeService.INGEST, LeadpipeService.NOTIFIER);
    assertThat(o.servicesChosen()).isTrue();
    assertThat(o.demo()).isFalse();
    assertThat(o.rate()).isEqualTo(2.5);
    assertThat(o.seed()).isEqualTo(OptionalLong.of(42));
  }

  @Test
  void environment_variables_apply_and_flags_win_over_them() {
    Map<String, String> env =
        Map.of(
            "LEADPIPE_INGEST_PORT",
            "7070",
            "LEADPIPE_DEMO_RATE",
            "5",
            "LEADPIPE_NO_DEMO",
            "true",
            "LEADPIPE_KAFKA",
            "broker:9092",
            "LEADPIPE_DATA_DIR",
            "/data");

    LaunchOptions fromEnv = parse(env);
    LaunchOptions overridden = parse(env, "--ingest-port", "6060", "--no-demo=false");

    assertThat(fromEnv.port(LeadpipeService.INGEST)).isEqualTo(7070);
    assertThat(fromEnv.rate()).isEqualTo(5);
    assertThat(fromEnv.demo()).isFalse();
    assertThat(fromEnv.kafka()).isEqualTo(Optional.of("broker:9092"));
    assertThat(fromEnv.dataDir()).isEqualTo(Path.of("/data"));
    assertThat(overridden.port(LeadpipeService.INGEST)).isEqualTo(6060);
    assertThat(overridden.demo()).isTrue();
  }

  @Test
  void help_is_a_switch_and_lists_every_flag_with_its_environment_variable() {
    assertThat(parse(Map.of(), "--help").help()).isTrue();
    assertThat(parse(Map.of(), "-h").help()).isTrue();

    String usage = LaunchOptions.usage();
    for (LaunchOptions.Option option : LaunchOptions.Option.values()) {
      assertThat(usage).contains(option.flag);
      if (option.env != null) {
        assertThat(usage).contains(option.env);
      }
    }
  }

  /**
   * bin/run-local prints this file for --help without building, so it must be exactly the
   * launcher's text.
   */
  @Test
  void the_help_file_bin_run_local_prints_without_building_is_the_launchers_usage()
      throws IOException {
    assertThat(Files.readString(Path.of("run-local-help.txt")))
        .as(
            "local-stack/run-local-help.txt is stale; after mvn package, regenerate it from the repository root: "
                + "java -cp \"local-stack/target/classes:$(cat local-stack/target/runtime-classpath.txt)\" "
                + "io.leadpipe.localstack.LocalStack --help > local-stack/run-local-help.txt")
        .isEqualTo(LaunchOptions.usage());
  }

  @Test
  void bad_options_are_refused_with_a_message_naming_the_option() {
    assertThatThrownBy(() -> parse(Map.of(), "--colour", "red"))
        .hasMessage("Unknown option --colour");
    assertThatThrownBy(() -> parse(Map.of(), "--rate")).hasMessage("Missing value after --rate");
    assertThatThrownBy(() -> parse(Map.of(), "--ingest-port", "http"))
        .hasMessageContaining("--ingest-port must be a whole number");
    assertThatThrownBy(() -> parse(Map.of(), "--kafka-port", "70000"))
        .hasMessageContaining("between 0 and 65535");
    assertThatThrownBy(() -> parse(Map.of(), "--rate", "0")).hasMessageContaining("--no-demo");
    assertThatThrownBy(() -> parse(Map.of(), "--rate", "fast"))
        .hasMessageContaining("events per second");
    assertThatThrownBy(() -> parse(Map.of(), "--services", "ingest,billing"))
        .hasMessageContaining("Unknown service 'billing'")
        .hasMessageContaining("ingest, scoring, notifier");
    assertThatThrownBy(() -> parse(Map.of(), "--services", ","))
        .hasMessageContaining("at least one");
    assertThatThrownBy(() -> parse(Map.of("LEADPIPE_NO_DEMO", "maybe")))
        .hasMessageContaining("true or false");
  }

  @Test
  void chosen_ports_replace_the_zeros() {
    LaunchOptions o =
        parse(Map.of(), "--ingest-port", "0")
            .withServicePorts(
                Map.of(
                    LeadpipeService.INGEST,
                    4,
                    LeadpipeService.SCORING,
                    5,
                    LeadpipeService.NOTIFIER,
                    6));

    assertThat(o.port(LeadpipeService.INGEST)).isEqualTo(4);
    assertThat(o.port(LeadpipeService.NOTIFIER)).isEqualTo(6);
    assertThat(o.webhookPort()).isEqualTo(8084);
    assertThat(o.demo()).isTrue();
  }

  private static LaunchOptions parse(Map<String, String> env, String... args) {
    return LaunchOptions.parse(args, env, REPO);
  }
}
