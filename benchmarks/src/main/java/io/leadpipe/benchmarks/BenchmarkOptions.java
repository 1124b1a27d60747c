package io.leadpipe.benchmarks;

import io.leadpipe.schemas.topics.Topics;
import java.nio.file.Path;
import java.util.List;

/** Command-line options of the harness, with defaults that finish within 10 minutes on 2 cores. */
record BenchmarkOptions(
    boolean help,
    boolean cluster,
    int partitions,
    int events,
    long seed,
    int clients,
    int batchSize,
    int fixedRate,
    int lowRate,
    List<Integer> ladder,
    int fixedSeconds,
    int reevaluationProfiles,
    int queryRequests,
    int timerVisitors,
    int timerRate,
    Path repoRoot,
    Path outDir,
    List<String> serviceJvmOptions) {

  /**
   * The issue asks about a million profiles; the scoring service builds them at 1–3 thousand per
   * second on 2 cores (several minutes for a million, well beyond the 4 minutes the build may
   * take), so the default keeps the whole run near 12 minutes.
   */
  static final int DEFAULT_REEVALUATION_PROFILES = 100_000;

  static final String USAGE =
      """
      bin/run-benchmarks [options]
        --cluster           run on the devkit's three-node cluster (one JVM per node, replication 3,
                            min ISR 2) instead of one in-process broker
        --partitions N      partitions of every per-visitor topic (default %d, what the local stack and
                            tests create; the Kubernetes deployment has %d)
        --events N          events in the corpus (default 100000)
        --seed N            demo shopper seed (default 42)
        --clients N         concurrent HTTP clients on /v1/batch (default 8)
        --batch N           events per batch request (default 100)
        --rate N            the last latency run, events/s (default 5000, round 1's target rate; 0 skips it)
        --low-rate N        the first latency run, the rate the p99 target applies to (default 500; 0 skips it)
        --ladder N,N,...    latency runs at rising rates after it, each held 20 s untimed first, to find the
                            highest rate whose p99 stays within 1 s; stops after the first that does not
                            (default 1000,1500,2000,3000; "none" skips them)
        --seconds N         length of the latency run (default 30)
        --reevaluation-profiles N
                            synthetic profiles in the scoring service before one segment definition
                            change is re-evaluated, and for the query latencies (default %d;
                            0 skips both phases)
        --query-requests N  sequential requests per query endpoint after warm-up (default 200)
        --timer-visitors N  visitors who go quiet, each to enter a segment by a timer alone (default 20000;
                            0 skips the phase)
        --timer-rate N      how many of them arrive per second, hence cross their threshold per second
                            (default 500)
        --out DIR           where results.json / results.md go (default target/benchmarks)
        --repo DIR          repository root with built modules (default .)
        --service-jvm OPT   one more JVM option for the service processes (repeatable), e.g. to profile them:
                            --service-jvm -XX:StartFlightRecording=filename=target/benchmarks/jfr/
      """
          .formatted(
              Topics.VISITOR_PARTITIONS,
              Topics.DEPLOYMENT_VISITOR_PARTITIONS,
              DEFAULT_REEVALUATION_PROFILES);

  static BenchmarkOptions parse(String[] args) {
    boolean help = false;
    boolean cluster = false;
    int partitions = Topics.VISITOR_PARTITIONS;
    int events = 100_000;
    long seed = 42;
    int clients = 8;
    int batch = 100;
    int rate = 5_000;
    int lowRate = 500;
    List<Integer> ladder = List.of(1_000, 1_500, 2_000, 3_000);
    int seconds = 30;
    int reevaluationProfiles = DEFAULT_REEVALUATION_PROFILES;
    int queryRequests = 200;
    int timerVisitors = 20_000;
    int timerRate = 500;
    Path out = Path.of("target", "benchmarks");
    Path repo = Path.of(".");
    List<String> serviceJvm = new java.util.ArrayList<>(List.of("-Xms256m", "-Xmx1g"));
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--help", "-h" -> help = true;
        case "--cluster" -> cluster = true;
        case "--partitions" -> partitions = Integer.parseInt(value(args, ++i, a));
        case "--events" -> events = Integer.parseInt(value(args, ++i, a));
        case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
        case "--clients" -> clients = Integer.parseInt(value(args, ++i, a));
        case "--batch" -> batch = Integer.parseInt(value(args, ++i, a));
        case "--rate" -> rate = Integer.parseInt(value(args, ++i, a));
        case "--low-rate" -> lowRate = Integer.parseInt(value(args, ++i, a));
        case "--ladder" -> ladder = rates(value(args, ++i, a));
        case "--seconds" -> seconds = Integer.parseInt(value(args, ++i, a));
        case "--reevaluation-profiles" ->
            reevaluationProfiles = Integer.parseInt(value(args, ++i, a));
        case "--query-requests" -> queryRequests = Integer.parseInt(value(args, ++i, a));
        case "--timer-visitors" -> timerVisitors = Integer.parseInt(value(args, ++i, a));
        case "--timer-rate" -> timerRate = Integer.parseInt(value(args, ++i, a));
        case "--out" -> out = Path.of(value(args, ++i, a));
        case "--repo" -> repo = Path.of(value(args, ++i, a));
        case "--service-jvm" -> serviceJvm.add(value(args, ++i, a));
        default -> throw new IllegalArgumentException("Unknown option " + a + "\n" + USAGE);
      }
    }
    if (partitions < 1) {
      throw new IllegalArgumentException(
          "--partitions must be at least 1, got " + partitions + "\n" + USAGE);
    }
    return new BenchmarkOptions(
        help,
        cluster,
        partitions,
        events,
        seed,
        clients,
        batch,
        rate,
        lowRate,
        ladder,
        seconds,
        reevaluationProfiles,
        queryRequests,
        timerVisitors,
        timerRate,
        repo.toAbsolutePath().normalize(),
        out.toAbsolutePath().normalize(),
        List.copyOf(serviceJvm));
  }

  /** Rising rates, comma-separated; "none" for no ladder. */
  private static List<Integer> rates(String list) {
    if (list.equals("none")) {
      return List.of();
    }
    List<Integer> rates =
        java.util.Arrays.stream(list.split(",")).map(String::trim).map(Integer::parseInt).toList();
    for (int i = 1; i < rates.size(); i++) {
      if (rates.get(i) <= rates.get(i - 1)) {
        throw new IllegalArgumentException("--ladder rates must rise: " + list + "\n" + USAGE);
      }
    }
    return rates;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
    }
    return args[i];
  }
}
