package io.leadpipe.notifier.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.notifier.testing.FollowupVerifier;
import io.leadpipe.notifier.testing.HesitationFeed;
import io.leadpipe.notifier.testing.NotifierProcess;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.followup.DecisionOutcome;
import io.leadpipe.schemas.followup.FollowupDecision;
import io.leadpipe.schemas.followup.FollowupTrigger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Given notifier-service running as its own process while hesitations of hundreds of visitors keep
 * arriving, so that follow-up steps come due continuously, when the process is killed with SIGKILL
 * once about a third of all steps went out (so the kill lands while transactions that emit triggers
 * are open) and a new process starts on the same state directory, then a verifier reading
 * leadpipe.followup-triggers and leadpipe.followup-decisions (read_committed) finds every scheduled
 * step exactly once: no trigger id twice, no step lost.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class NotifierProcessKillIT {

  private static final int VISITORS = 300;
  private static final int STEPS = 3;

  /** Hesitations arrive in this many waves, one a second: steps come due for about 20 s. */
  private static final int WAVES = 10;

  private static final String SEQUENCE = "REMINDER@2s,REASON_PLAY@6s,SURVEY@10s";

  private static final Duration START = Duration.ofSeconds(180);

  /**
   * The dead member's session must expire before its tasks move to the new process (kept generous).
   */
  private static final Duration RECOVERY = Duration.ofSeconds(240);

  @Test
  void aNotifierKilledMidSequenceEmitsEveryPendingStepOnceAfterRestart(KafkaTestEnvironment env)
      throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Path stateDir = Files.createTempDirectory("notifier-kill-state");
    Path logs = Path.of("target", "notifier-kill-it", run);
    Map<String, String> config =
        Map.ofEntries(
            Map.entry("kafka.bootstrap.servers", env.bootstrapServers()),
            Map.entry("leadpipe.schema-registry.url", env.schemaRegistryUrl()),
            Map.entry("leadpipe.notifier.application-id", "notifier-kill-" + run),
            Map.entry("leadpipe.notifier.state-dir", stateDir.toString()),
            // The broker's minimum: the killed process's tasks move after 6 s rather than Kafka's
            // default 45 s.
            Map.entry("leadpipe.notifier.session-timeout", "6s"),
            Map.entry("leadpipe.notifier.tick", "200ms"),
            Map.entry("leadpipe.notifier.cooldown", "0s"),
            Map.entry("leadpipe.notifier.frequency-cap", "100"),
            Map.entry("leadpipe.notifier.quiet-start", "00:00"),
            Map.entry("leadpipe.notifier.quiet-end", "00:00"),
            Map.entry("leadpipe.notifier.sequences.CART_ABANDONED", SEQUENCE),
            Map.entry("leadpipe.notifier.sequences.PRICE_WATCHING", "REASON_PLAY@1s"),
            // Each process's log then shows when it got its tasks and started running them
            Map.entry("logger.levels.org.apache.kafka.streams.KafkaStreams", "INFO"),
            Map.entry(
                "logger.levels.org.apache.kafka.streams.processor.internals.StreamThread", "INFO"));

    try (FollowupVerifier verifier = new FollowupVerifier(env, "h-" + run);
        HesitationFeed hesitating = new HesitationFeed(env)) {
      NotifierProcess first = NotifierProcess.start(config, logs.resolve("first.log"));
      NotifierProcess second = null;
      try {
        // Given a notifier process that is up and processing (a one-step warm-up sequence has gone
        // out)
        await("first notifier ready").atMost(START).until(first::ready);
        hesitating.publish(
            "v-" + run + "-warm",
            "h-" + run + "-warm",
            HesitationKind.PRICE_WATCHING,
            HesitationReason.PRICE);
        await("warm-up follow-up sent")
            .atMost(START)
            .until(() -> verifier.triggerIds().contains("h-" + run + "-warm#1"));

        // And hesitations of many visitors arriving in waves, each starting a three-step sequence
        Set<String> expected = new TreeSet<>();
        for (int v = 0; v < VISITORS; v++) {
          for (int step = 1; step <= STEPS; step++) {
            expected.add("h-" + run + "-" + v + "#" + step);
          }
        }
        expected.add("h-" + run + "-warm#1");
        ScheduledExecutorService feed = Executors.newSingleThreadScheduledExecutor();
        List<ScheduledFuture<?>> waves = new ArrayList<>();
        int perWave = VISITORS / WAVES;
        for (int w = 0; w < WAVES; w++) {
          int firstVisitor = w * perWave;
          waves.add(
              feed.schedule(
                  () -> {
                    for (int v = firstVisitor; v < firstVisitor + perWave; v++) {
                      hesitating.publish(
                          "v-" + run + "-" + v,
                          "h-" + run + "-" + v,
                          HesitationKind.CART_ABANDONED,
                          HesitationReason.PRICE);
                    }
                    return null;
                  },
                  w,
                  TimeUnit.SECONDS));
        }

        // When the process is killed with SIGKILL while steps keep coming due, and a new one starts
        await("a third of the steps sent")
            .atMost(START)
            .until(() -> verifier.triggerIds().size() >= expected.size() / 3);
        first.kill();
        int emittedBeforeKill = verifier.triggerIds().size();
        Instant killedAt = Instant.now();
        assertThat(emittedBeforeKill)
            .as("killed mid-sequence: steps still pending at the kill")
            .isLessThan(expected.size());
        second = NotifierProcess.start(config, logs.resolve("second.log"));
        for (ScheduledFuture<?> wave : waves) {
          wave.get(2, TimeUnit.MINUTES);
        }
        feed.shutdown();

        // Then every pending step goes out, from the new process
        NotifierProcess restarted = second;
        await("every step emitted after the restart")
            .atMost(RECOVERY)
            .untilAsserted(
                () -> {
                  // Asserted, not just awaited: a timeout then says what was still missing, how
                  // each missing step was decided so far and where the new process logged
                  assertThat(restarted.ready()).as("the new process ready").isTrue();
                  Set<String> missing = new TreeSet<>(expected);
                  missing.removeAll(verifier.triggerIds());
                  assertThat(missing)
                      .as(
                          () ->
                              "steps not emitted (decisions so far: "
                                  + verifier.decisionsOf(missing)
                                  + "); the new process's log "
                                  + restarted.log().toAbsolutePath())
                      .isEmpty();
                });
        // ... and nothing more comes a while later (a duplicate would show up here and be counted
        // below)
        int settled = verifier.triggers().size();
        try {
          await()
              .during(Duration.ofSeconds(3))
              .atMost(Duration.ofSeconds(30))
              .until(() -> verifier.triggers().size() == settled);
        } catch (ConditionTimeoutException e) {
          // More triggers arrived: reported as duplicates below.
        }

        List<FollowupTrigger> triggers = verifier.triggers();
        Set<String> emitted = verifier.triggerIds();
        Set<String> lost = new TreeSet<>(expected);
        lost.removeAll(emitted);
        Map<String, Long> duplicates = verifier.duplicateTriggers();
        Map<String, Long> duplicateDecisions = verifier.duplicateSentDecisions();
        long sentDecisions =
            verifier.decisions().stream()
                .filter(d -> d.getOutcome() == DecisionOutcome.SENT)
                .count();
        long afterKill = triggers.stream().filter(t -> t.getCreatedAt().isAfter(killedAt)).count();
        int includingAborted = verifier.triggerRecordsIncludingAborted();
        String figures =
            String.format(
                "steps expected %d, emitted %d (%d before the kill, %d after), lost %d %s, "
                    + "duplicate trigger ids %s, SENT decisions %d (duplicates %s); trigger records including aborted "
                    + "transactions %d; logs in %s",
                expected.size(),
                emitted.size(),
                emittedBeforeKill,
                afterKill,
                lost.size(),
                lost,
                duplicates.keySet(),
                sentDecisions,
                duplicateDecisions.keySet(),
                includingAborted,
                logs.toAbsolutePath());
        System.out.println("[notifier-kill] " + figures);

        assertThat(lost).as("steps lost: " + figures).isEmpty();
        assertThat(duplicates).as("trigger ids emitted twice: " + figures).isEmpty();
        assertThat(triggers)
            .as("only the expected follow-ups: " + figures)
            .extracting(FollowupTrigger::getTriggerId)
            .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(duplicateDecisions).as("SENT decisions emitted twice: " + figures).isEmpty();
        assertThat(verifier.decisions())
            .as("every decision was a send: " + figures)
            .extracting(FollowupDecision::getOutcome)
            .containsOnly(DecisionOutcome.SENT);
        assertThat(afterKill).as("steps sent by the restarted process: " + figures).isPositive();
      } finally {
        first.close();
        if (second != null) {
          second.close();
        }
      }
    } finally {
      deleteRecursively(stateDir);
    }
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    try (var paths = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(paths.collect(Collectors.toList()));
      java.util.Collections.reverse(all);
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    }
  }
}
