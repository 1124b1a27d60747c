package io.leadpipe.scoring.query;

import io.leadpipe.schemas.profile.LifecycleStage;
import io.leadpipe.scoring.fit.FitResult;
import io.leadpipe.scoring.fit.FitRules;
import io.leadpipe.scoring.fit.FitScorer;
import io.leadpipe.scoring.fit.TargetCustomer;
import io.leadpipe.scoring.fit.Traits;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Target vs actual audience: for each fit dimension (age band, gender, income band, job, location,
 * interests), how the engaged-or-better prospects are distributed, and how many of them fit the
 * configured target customer there. Whether a value fits is decided by the same {@link FitScorer}
 * that grades profiles, so this view and the fit score never disagree. Dimension with matching
 * share below {@code mismatchBelow} (given at least {@code minSample} known values) → mismatch.
 */
public final class AudienceLens {

  /** The bucket that sums the values beyond the most frequent ones. */
  public static final String OTHER = "(other)";

  private static final Set<String> ENGAGED_OR_BETTER =
      Set.of(
          LifecycleStage.ENGAGED_PROSPECT.name(),
          LifecycleStage.HESITATING_BUYER.name(),
          LifecycleStage.CUSTOMER.name(),
          LifecycleStage.REPEAT_CUSTOMER.name(),
          // Customers whose purchase is overdue or who stopped buying were counted as customers
          // before those stages existed: they still are.
          LifecycleStage.AT_RISK.name(),
          LifecycleStage.LAPSED.name());
  private static final Comparator<Map.Entry<String, Long>> BY_COUNT =
      Map.Entry.<String, Long>comparingByValue()
          .reversed()
          .thenComparing(Map.Entry.comparingByKey());

  /** Most frequent first, "(other)" always last. */
  private static final Comparator<Map.Entry<String, Long>> FOR_DISPLAY =
      Comparator.<Map.Entry<String, Long>, Boolean>comparing(e -> OTHER.equals(e.getKey()))
          .thenComparing(BY_COUNT);

  /**
   * @param minSample known values needed before a dimension can be flagged
   * @param mismatchBelow a constrained dimension is flagged when fewer than this share of known
   *     prospects fit
   * @param maxValues values shown per dimension (and sent between instances); the rest is "(other)"
   */
  public record Settings(int minSample, double mismatchBelow, int maxValues) {}

  /**
   * What the lens needs of one profile: its stage (contract symbol) and what we know of the person.
   */
  public record Member(String stage, Traits traits) {}

  /**
   * The dimensions, each with the fit criterion that judges it and how a profile's traits map to
   * values.
   */
  enum Dimension {
    AGE_BAND(
        "ageBand",
        "age",
        t -> t.age() == null ? List.of() : List.of(AgeBand.of(t.age()).label()),
        v ->
            new Traits(
                AgeBand.byLabel(v).map(AgeBand::typicalAge).orElse(null),
                null,
                null,
                null,
                null,
                null,
                Set.of())),
    GENDER(
        "gender",
        "gender",
        t -> lower(t.gender()),
        v -> new Traits(null, v, null, null, null, null, Set.of())),
    INCOME_BAND(
        "incomeBand",
        "income",
        t -> lower(t.incomeBand()),
        v -> new Traits(null, null, v, null, null, null, Set.of())),
    JOB(
        "job",
        "job",
        t -> lower(t.job()),
        v -> new Traits(null, null, null, v, null, null, Set.of())),
    LOCATION(
        "location",
        "location",
        t -> t.country() != null ? List.of(t.country().toUpperCase(Locale.ROOT)) : lower(t.city()),
        v -> new Traits(null, null, null, null, v, v, Set.of())),
    INTERESTS(
        "interests",
        "interests",
        t ->
            t.interests().stream()
                .map(i -> i.toLowerCase(Locale.ROOT))
                .distinct()
                .sorted()
                .toList(),
        v -> new Traits(null, null, null, null, null, null, Set.of(v)));

    final String key;
    final String criterion;
    final Function<Traits, List<String>> values;
    final Function<String, Traits> representative;

    Dimension(
        String key,
        String criterion,
        Function<Traits, List<String>> values,
        Function<String, Traits> representative) {
      this.key = key;
      this.criterion = criterion;
      this.values = values;
      this.representative = representative;
    }

    private static List<String> lower(String value) {
      return value == null || value.isBlank() ? List.of() : List.of(value.toLowerCase(Locale.ROOT));
    }
  }

  /**
   * Age bands as marketers use them; the typical age stands for the band when judging it against
   * the target.
   */
  enum AgeBand {
    UNDER_18("under 18", 0, 16),
    FROM_18("18-24", 18, 21),
    FROM_25("25-34", 25, 30),
    FROM_35("35-44", 35, 40),
    FROM_45("45-54", 45, 50),
    FROM_55("55-64", 55, 60),
    FROM_65("65+", 65, 70);

    private final String label;
    private final int from;
    private final int typicalAge;

    AgeBand(String label, int from, int typicalAge) {
      this.label = label;
      this.from = from;
      this.typicalAge = typicalAge;
    }

    String label() {
      return label;
    }

    int typicalAge() {
      return typicalAge;
    }

    static AgeBand of(int age) {
      AgeBand band = UNDER_18;
      for (AgeBand b : values()) {
        if (age >= b.from) {
          band = b;
        }
      }
      return band;
    }

    static Optional<AgeBand> byLabel(String label) {
      for (AgeBand b : values()) {
        if (b.label.equals(label)) {
          return Optional.of(b);
        }
      }
      return Optional.empty();
    }
  }

  private final TargetCustomer target;
  private final FitScorer matcher;
  private final Settings settings;

  public AudienceLens(FitRules fit, Settings settings) {
    this.target = fit.target();
    this.settings = settings;
    // Every weight 1: a criterion earns points exactly when the value fits, whatever its weight in
    // the fit score.
    this.matcher =
        new FitScorer(
            new FitRules(
                new TargetCustomer(
                    target.minAge(),
                    target.maxAge(),
                    target.genders(),
                    target.incomeBands(),
                    target.jobs(),
                    target.locations(),
                    target.interests(),
                    new TargetCustomer.Weights(1, 1, 1, 1, 1, 1)),
                fit.gradeA(),
                fit.gradeB(),
                fit.gradeC(),
                fit.interestsForFullMatch()));
  }

  /**
   * What one member adds to the tally, per dimension key: its values and whether they fit the
   * target. Empty when the member is not an engaged-or-better prospect (it is not counted at all).
   */
  public Optional<Map<String, Known>> contribution(Member m) {
    if (!ENGAGED_OR_BETTER.contains(m.stage())) {
      return Optional.empty();
    }
    List<FitResult.Factor> factors = matcher.score(m.traits()).factors();
    Map<String, Known> known = new LinkedHashMap<>();
    for (Dimension d : Dimension.values()) {
      List<String> vs = d.values.apply(m.traits());
      if (!vs.isEmpty()) {
        // A dimension the target leaves open ("any") is fitted by every known value.
        known.put(d.key, new Known(vs, targetValues(d).isEmpty() || fits(factors, d)));
      }
    }
    return Optional.of(known);
  }

  /** The engaged-or-better prospects among profiles counted per stage (symbol → profiles). */
  public long prospects(Map<String, Long> perStage) {
    return ENGAGED_OR_BETTER.stream().mapToLong(s -> perStage.getOrDefault(s, 0L)).sum();
  }

  /** A member's known values on one dimension and whether they fit the target there. */
  public record Known(List<String> values, boolean matching) {}

  /** One instance's counts over its profiles; only engaged-or-better prospects count. */
  public AudienceTally tally(Iterable<Member> members) {
    long prospects = 0;
    Map<String, Long> known = new HashMap<>();
    Map<String, Long> matching = new HashMap<>();
    Map<String, Map<String, Long>> values = new HashMap<>();
    for (Member m : members) {
      Optional<Map<String, Known>> contribution = contribution(m);
      if (contribution.isEmpty()) {
        continue;
      }
      prospects++;
      contribution
          .get()
          .forEach(
              (d, k) -> {
                known.merge(d, 1L, Long::sum);
                if (k.matching()) {
                  matching.merge(d, 1L, Long::sum);
                }
                k.values()
                    .forEach(
                        v ->
                            values
                                .computeIfAbsent(d, x -> new HashMap<>())
                                .merge(v, 1L, Long::sum));
              });
    }
    return tallyOf(prospects, known, matching, values);
  }

  /**
   * The tally of counts kept elsewhere (per dimension key: prospects with a known value, those
   * fitting, prospects per value); the values are cut to the most frequent as in {@link #tally}.
   */
  public AudienceTally tallyOf(
      long prospects,
      Map<String, Long> known,
      Map<String, Long> matching,
      Map<String, Map<String, Long>> values) {
    Map<String, AudienceTally.Dimension> dimensions = new LinkedHashMap<>();
    for (Dimension d : Dimension.values()) {
      dimensions.put(
          d.key,
          new AudienceTally.Dimension(
              known.getOrDefault(d.key, 0L),
              matching.getOrDefault(d.key, 0L),
              mostFrequent(values.getOrDefault(d.key, Map.of()))));
    }
    return new AudienceTally(prospects, dimensions);
  }

  /** All instances' counts added up. */
  public AudienceTally merge(Collection<AudienceTally> partials) {
    Map<String, AudienceTally.Dimension> dimensions = new LinkedHashMap<>();
    for (Dimension d : Dimension.values()) {
      long known = 0;
      long matching = 0;
      Map<String, Long> values = new HashMap<>();
      for (AudienceTally t : partials) {
        AudienceTally.Dimension part = t.dimensions().get(d.key);
        if (part != null) {
          known += part.known();
          matching += part.matching();
          part.values().forEach((v, n) -> values.merge(v, n, Long::sum));
        }
      }
      dimensions.put(d.key, new AudienceTally.Dimension(known, matching, mostFrequent(values)));
    }
    return new AudienceTally(
        partials.stream().mapToLong(AudienceTally::prospects).sum(), dimensions);
  }

  /**
   * The view: per dimension the target, the distribution, the matching share and the mismatch flag.
   */
  public AudienceReport report(AudienceTally tally) {
    List<AudienceReport.DimensionReport> reports = new ArrayList<>();
    for (Dimension d : Dimension.values()) {
      AudienceTally.Dimension counts =
          tally.dimensions().getOrDefault(d.key, new AudienceTally.Dimension(0, 0, Map.of()));
      boolean constrained = !targetValues(d).isEmpty();
      Double share =
          counts.known() == 0 ? null : round((double) counts.matching() / counts.known());
      double mismatchScore = constrained && share != null ? round(1 - share) : 0;
      boolean mismatch =
          constrained
              && share != null
              && counts.known() >= settings.minSample()
              && share < settings.mismatchBelow();
      List<AudienceReport.Bucket> distribution =
          counts.values().entrySet().stream()
              .sorted(FOR_DISPLAY)
              .map(
                  e ->
                      new AudienceReport.Bucket(
                          e.getKey(),
                          e.getValue(),
                          counts.known() == 0 ? 0 : round((double) e.getValue() / counts.known()),
                          !constrained
                              || (!OTHER.equals(e.getKey())
                                  && fits(
                                      matcher.score(d.representative.apply(e.getKey())).factors(),
                                      d))))
              .toList();
      reports.add(
          new AudienceReport.DimensionReport(
              d.key,
              constrained,
              targetValues(d),
              counts.known(),
              tally.prospects() - counts.known(),
              counts.matching(),
              share,
              mismatchScore,
              mismatch,
              distribution));
    }
    return new AudienceReport(tally.prospects(), List.copyOf(reports));
  }

  private static boolean fits(List<FitResult.Factor> factors, Dimension d) {
    return factors.stream()
        .anyMatch(f -> f.criterion().equals(d.criterion) && f.known() && f.points() > 0);
  }

  private List<String> targetValues(Dimension d) {
    return switch (d) {
      case AGE_BAND ->
          target.minAge() == null && target.maxAge() == null
              ? List.of()
              : List.of(
                  (target.minAge() == null ? "" : target.minAge())
                      + "-"
                      + (target.maxAge() == null ? "" : target.maxAge()));
      case GENDER -> sorted(target.genders());
      case INCOME_BAND -> sorted(target.incomeBands());
      case JOB -> sorted(target.jobs());
      case LOCATION -> sorted(target.locations());
      case INTERESTS -> sorted(target.interests());
    };
  }

  private static List<String> sorted(Set<String> values) {
    return List.copyOf(new TreeSet<>(values));
  }

  /** The {@code maxValues} most frequent values; the others summed into "(other)". */
  private Map<String, Long> mostFrequent(Map<String, Long> values) {
    Map<String, Long> kept = new LinkedHashMap<>();
    long other = values.getOrDefault(OTHER, 0L);
    for (Map.Entry<String, Long> e :
        values.entrySet().stream()
            .filter(e -> !OTHER.equals(e.getKey()))
            .sorted(BY_COUNT)
            .toList()) {
      if (kept.size() < settings.maxValues()) {
        kept.put(e.getKey(), e.getValue());
      } else {
        other += e.getValue();
      }
    }
    if (other > 0) {
      kept.put(OTHER, other);
    }
    return kept;
  }

  private static double round(double share) {
    return Math.round(share * 1000) / 1000.0;
  }
}
