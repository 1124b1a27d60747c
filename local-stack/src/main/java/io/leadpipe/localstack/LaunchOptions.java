package io.leadpipe.localstack;

import io.leadpipe.localstack.service.LeadpipeService;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How {@code bin/run-local} runs the stack. Each option is a flag or an environment variable; flags
 * win over the environment, which wins over the defaults. A port of 0 means "any free port".
 *
 * @param kafka an external Kafka bootstrap address, or empty for the embedded broker
 * @param registry an external schema registry URL, or empty for the dev registry
 * @param services the services to start
 * @param servicesChosen whether the services were chosen explicitly (then a missing one is an
 *     error)
 * @param seed the demo seed, or empty to reuse the data directory's (a new one on first run)
 * @param holdout the share of demo shoppers each default strategy holds out (0: no experiment)
 */
public record LaunchOptions(
    int kafkaPort,
    int registryPort,
    int webhookPort,
    Map<LeadpipeService, Integer> servicePorts,
    Path dataDir,
    Optional<String> kafka,
    Optional<String> registry,
    Set<LeadpipeService> services,
    boolean servicesChosen,
    boolean demo,
    double rate,
    OptionalLong seed,
    double holdout,
    boolean help) {

  public static final String DATA_DIR_NAME = ".local-data";

  /**
   * Every option, as a flag and an environment variable, with its default and meaning (the --help
   * text).
   */
  enum Option {
    KAFKA_PORT("--kafka-port", "LEADPIPE_KAFKA_PORT", "9092", "port of the embedded Kafka broker"),
    REGISTRY_PORT(
        "--registry-port", "LEADPIPE_REGISTRY_PORT", "8081", "port of the dev schema registry"),
    INGEST_PORT(
        "--ingest-port",
        "LEADPIPE_INGEST_PORT",
        "8080",
        "ingest-service (tracking API, demo shop)"),
    SCORING_PORT(
        "--scoring-port", "LEADPIPE_SCORING_PORT", "8082", "scoring-stream (queries, dashboard)"),
    NOTIFIER_PORT("--notifier-port", "LEADPIPE_NOTIFIER_PORT", "8083", "notifier-service"),
    WEBHOOK_PORT(
        "--webhook-port",
        "LEADPIPE_WEBHOOK_PORT",
        "8084",
        "demo webhook receiver (the notifier's endpoint)"),
    DATA_DIR(
        "--data-dir",
        "LEADPIPE_DATA_DIR",
        DATA_DIR_NAME + " in the repository",
        "Kafka data, service state, demo state and logs; delete it to start afresh"),
    KAFKA(
        "--kafka",
        "LEADPIPE_KAFKA",
        "embedded",
        "bootstrap servers of an external Kafka instead of the embedded broker"),
    REGISTRY(
        "--registry",
        "LEADPIPE_REGISTRY",
        "dev registry",
        "URL of an external schema registry instead of the dev registry"),
    SERVICES(
        "--services",
        "LEADPIPE_SERVICES",
        "ingest,scoring,notifier",
        "services to start (comma-separated)"),
    NO_DEMO("--no-demo", "LEADPIPE_NO_DEMO", "demo on", "no simulated shoppers (env: true/false)"),
    // Lively on the dashboard, light on two cores.
    RATE("--rate", "LEADPIPE_DEMO_RATE", "20", "demo traffic in events per second"),
    SEED(
        "--seed",
        "LEADPIPE_DEMO_SEED",
        "kept in the data dir",
        "demo seed: the same seed on a fresh data dir replays the same shoppers"),
    HOLDOUT(
        "--holdout",
        "LEADPIPE_DEMO_HOLDOUT",
        "0.2",
        "share of shoppers each default strategy holds out, the demo's experiment (0: none)"),
    HELP("--help", null, "", "this text");

    final String flag;
    final String env;
    final String defaultText;
    final String meaning;

    Option(String flag, String env, String defaultText, String meaning) {
      this.flag = flag;
      this.env = env;
      this.defaultText = defaultText;
      this.meaning = meaning;
    }

    /** Switches take no value. */
    boolean isSwitch() {
      return this == NO_DEMO || this == HELP;
    }

    static Optional<Option> byFlag(String flag) {
      return Arrays.stream(values())
          .filter(o -> o.flag.equals(flag) || "-h".equals(flag) && o == HELP)
          .findFirst();
    }
  }

  /**
   * @param repoRoot the repository, whose {@value #DATA_DIR_NAME} is the default data directory
   * @throws IllegalArgumentException with a message for the user when an option is unknown or
   *     malformed
   */
  public static LaunchOptions parse(String[] args, Map<String, String> env, Path repoRoot) {
    Map<Option, String> given = new EnumMap<>(Option.class);
    for (Option o : Option.values()) {
      String value = o.env == null ? null : env.get(o.env);
      if (value != null && !value.isBlank()) {
        given.put(o, value.trim());
      }
    }
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      int eq = arg.indexOf('=');
      String flag = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
      Option option =
          Option.byFlag(flag)
              .orElseThrow(() -> new IllegalArgumentException("Unknown option " + arg));
      if (eq > 0 && arg.startsWith("--")) {
        given.put(option, arg.substring(eq + 1));
      } else if (option.isSwitch()) {
        given.put(option, "true");
      } else if (i + 1 < args.length) {
        given.put(option, args[++i]);
      } else {
        throw new IllegalArgumentException("Missing value after " + flag);
      }
    }
    return from(given, repoRoot);
  }

  private static LaunchOptions from(Map<Option, String> given, Path repoRoot) {
    Map<LeadpipeService, Integer> servicePorts = new EnumMap<>(LeadpipeService.class);
    servicePorts.put(LeadpipeService.INGEST, port(given, Option.INGEST_PORT));
    servicePorts.put(LeadpipeService.SCORING, port(given, Option.SCORING_PORT));
    servicePorts.put(LeadpipeService.NOTIFIER, port(given, Option.NOTIFIER_PORT));
    Path dataDir =
        given.containsKey(Option.DATA_DIR)
            ? Path.of(given.get(Option.DATA_DIR)).toAbsolutePath().normalize()
            : repoRoot.resolve(DATA_DIR_NAME);
    boolean servicesChosen = given.containsKey(Option.SERVICES);
    Set<LeadpipeService> services =
        servicesChosen
            ? services(given.get(Option.SERVICES))
            : EnumSet.allOf(LeadpipeService.class);
    double rate = rate(given.getOrDefault(Option.RATE, Option.RATE.defaultText));
    OptionalLong seed =
        given.containsKey(Option.SEED)
            ? OptionalLong.of(number(Option.SEED, given.get(Option.SEED)))
            : OptionalLong.empty();
    double holdout = holdout(given.getOrDefault(Option.HOLDOUT, Option.HOLDOUT.defaultText));
    return new LaunchOptions(
        port(given, Option.KAFKA_PORT),
        port(given, Option.REGISTRY_PORT),
        port(given, Option.WEBHOOK_PORT),
        Map.copyOf(servicePorts),
        dataDir,
        Optional.ofNullable(given.get(Option.KAFKA)),
        Optional.ofNullable(given.get(Option.REGISTRY)),
        Set.copyOf(services),
        servicesChosen,
        !bool(Option.NO_DEMO, given.getOrDefault(Option.NO_DEMO, "false")),
        rate,
        seed,
        holdout,
        bool(Option.HELP, given.getOrDefault(Option.HELP, "false")));
  }

  public int port(LeadpipeService service) {
    return servicePorts.get(service);
  }

  /** A copy with the given service ports (after free ports were picked for the zeros). */
  public LaunchOptions withServicePorts(Map<LeadpipeService, Integer> servicePorts) {
    return new LaunchOptions(
        kafkaPort,
        registryPort,
        webhookPort,
        Map.copyOf(servicePorts),
        dataDir,
        kafka,
        registry,
        services,
        servicesChosen,
        demo,
        rate,
        seed,
        holdout,
        help);
  }

  /** The --help text, generated from the options so it cannot drift from what is parsed. */
  public static String usage() {
    StringBuilder b =
        new StringBuilder(
            """
        Usage: bin/run-local [options]

        Builds leadpipe (when sources changed) and runs it locally: a Kafka broker and the dev schema
        registry in-process, ingest-service, scoring-stream and notifier-service as their own JVMs, a demo
        webhook receiver, and simulated shoppers using the real tracking API. Stop with Ctrl-C or SIGTERM.

        Options (flag | environment variable | default):
        """);
    for (Option o : Option.values()) {
      String flag = o.isSwitch() ? o.flag : o.flag + " <" + valueName(o) + ">";
      b.append(
          String.format(
              Locale.ROOT, "  %-26s %-24s %s%n", flag, o.env == null ? "" : o.env, o.meaning));
      if (!o.defaultText.isEmpty()) {
        b.append(
            String.format(Locale.ROOT, "  %-26s %-24s   default: %s%n", "", "", o.defaultText));
      }
    }
    b.append("\nA port of 0 picks a free port. Logs: <data-dir>/logs/<service>.log.\n");
    return b.toString();
  }

  private static String valueName(Option o) {
    return switch (o) {
      case DATA_DIR -> "path";
      case KAFKA -> "host:port,...";
      case REGISTRY -> "url";
      case SERVICES -> "list";
      case RATE -> "events/s";
      case SEED -> "n";
      case HOLDOUT -> "share";
      default -> "port";
    };
  }

  private static int port(Map<Option, String> given, Option option) {
    int port = (int) number(option, given.getOrDefault(option, option.defaultText));
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(
          option.flag + " must be a port between 0 and 65535, got " + port);
    }
    return port;
  }

  private static long number(Option option, String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          option.flag + " must be a whole number, got '" + value + "'");
    }
  }

  private static double rate(String value) {
    double rate;
    try {
      rate = Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          Option.RATE.flag + " must be a number of events per second, got '" + value + "'");
    }
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException(
          Option.RATE.flag + " must be above 0 (use --no-demo for no traffic), got " + value);
    }
    return rate;
  }

  private static double holdout(String value) {
    double share;
    try {
      share = Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          Option.HOLDOUT.flag + " must be a share such as 0.2, got '" + value + "'");
    }
    if (!(share >= 0 && share < 1)) {
      throw new IllegalArgumentException(
          Option.HOLDOUT.flag + " must be at least 0 and below 1, got " + value);
    }
    return share;
  }

  private static boolean bool(Option option, String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default ->
          throw new IllegalArgumentException(
              option.flag + " (" + option.env + ") must be true or false, got '" + value + "'");
    };
  }

  private static Set<LeadpipeService> services(String list) {
    Set<LeadpipeService> services = EnumSet.noneOf(LeadpipeService.class);
    for (String name : list.split(",")) {
      if (!name.isBlank()) {
        services.add(
            LeadpipeService.byName(name.trim())
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "Unknown service '"
                                + name.trim()
                                + "' in "
                                + Option.SERVICES.flag
                                + " (known: "
                                + Arrays.stream(LeadpipeService.values())
                                    .map(LeadpipeService::shortName)
                                    .collect(Collectors.joining(", "))
                                + ")")));
      }
    }
    if (services.isEmpty()) {
      throw new IllegalArgumentException(Option.SERVICES.flag + " must name at least one service");
    }
    return services;
  }
}
