package io.leadpipe.scoring.query;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.scoring.fit.FitRules;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which counters a published profile adds one to: the rules behind the listings' local shares, kept
 * incrementally by the scoring topology ({@code tally.QueryTallies}) and read back by {@link
 * TallyCounts}. A counter key is {@code dimension|value}; a visitor adds one to each of its keys,
 * and when its keys change only the difference is applied, so the counters always equal a fresh
 * count over the current profiles.
 *
 * <ul>
 *   <li>{@code facets|<STAGE>|<dimension:VALUE>…}, and {@code segment-facets|<STAGE>|<dimension:
 *       VALUE>…|<segment>} for each of its segments: what a filter of {@code /v1/prospects} looks
 *       at (stage and the four lead types), so a listing's {@code total} is the sum of the counters
 *       whose facets it matches; one counter per visitor and segment, which a change of stage or
 *       lead type moves as a whole (the segment comes last: only it is free text). The profiles in
 *       all, per stage (funnel), per segment (sizes) and the engaged-or-better prospects of the
 *       audience are sums of these too ({@link #perStage}, {@link #perSegment}), so a new visitor
 *       moves one counter plus one per segment for them, not three or four plus two per segment;
 *   <li>{@code audience-known|<dim>}, {@code audience-matching|<dim>}, {@code
 *       audience-value|<dim>|<value>}: the {@link AudienceLens} counts, for engaged-or-better
 *       prospects only;
 *   <li>{@code hesitation-kind|<KIND>}, {@code hesitation-reason|<REASON>}, {@code
 *       stated-reason|<REASON>}: visitors with an open hesitation / a stated reason now;
 *   <li>{@code reason-confusion|<INFERRED or NONE>|<STATED>|<segment or *>}: visitors with a stated
 *       reason now, by the reason inferred when they answered ({@link ReasonConfusion}; the segment
 *       comes last: only it is free text).
 * </ul>
 */
public final class TallyRules {

  static final char SEPARATOR = '|';

  /** Stands for every visitor in the segment place of a confusion key. */
  static final String ANY = "*";

  static final String FACETS = "facets|";
  static final String SEGMENT_FACETS = "segment-facets|";

  /**
   * The prefix of the counters an earlier version kept for every filter a listing can ask for
   * (stage or any × lead type or any × segment or any: ten per segment); a visitor record holding
   * one was counted by those rules.
   */
  private static final String EARLIER_FILTER = "filter|";

  /**
   * The counter every visitor added one to in the versions that also counted each visitor per stage
   * and per segment (now sums of the facet counters); a visitor record holding it was counted by
   * those rules.
   */
  private static final String EARLIER_PROFILES = "profiles|all";

  static final String AUDIENCE_KNOWN = "audience-known|";
  static final String AUDIENCE_MATCHING = "audience-matching|";
  static final String AUDIENCE_VALUE = "audience-value|";
  static final String HESITATION_KIND = "hesitation-kind|";
  static final String HESITATION_REASON = "hesitation-reason|";
  static final String STATED_REASON = "stated-reason|";
  static final String REASON_CONFUSION = "reason-confusion|";

  /** The inferred side of a confusion key when no episode had been detected by the answer. */
  static final String NO_INFERENCE = "NONE";

  /**
   * Counting needs only the fit target; the report settings (sample size, values shown) apply when
   * the counts are read, so none is cut here.
   */
  private static final AudienceLens.Settings COUNT_EVERY_VALUE =
      new AudienceLens.Settings(0, 0, Integer.MAX_VALUE);

  private final AudienceLens lens;

  public TallyRules(FitRules fit) {
    this.lens = new AudienceLens(fit, COUNT_EVERY_VALUE);
  }

  /** Every counter the profile adds one to, sorted, each once. */
  public List<String> keysOf(ProspectProfile p) {
    Set<String> keys = new TreeSet<>();
    String stage = p.getStage().name();
    StringBuilder facets = new StringBuilder(stage);
    ProfileViews.leadTypes(p).forEach((d, v) -> facets.append(SEPARATOR).append(leadType(d, v)));
    keys.add(FACETS + facets);
    p.getSegments().forEach(s -> keys.add(SEGMENT_FACETS + facets + SEPARATOR + s));
    List<String> segments = new ArrayList<>();
    segments.add(ANY);
    segments.addAll(p.getSegments());
    lens.contribution(ProfileViews.member(p))
        .ifPresent(
            known ->
                known.forEach(
                    (d, k) -> {
                      keys.add(AUDIENCE_KNOWN + d);
                      if (k.matching()) {
                        keys.add(AUDIENCE_MATCHING + d);
                      }
                      k.values().forEach(v -> keys.add(AUDIENCE_VALUE + d + SEPARATOR + v));
                    }));
    if (p.getCurrentHesitation() != null) {
      keys.add(HESITATION_KIND + p.getCurrentHesitation().getKind().name());
      keys.add(HESITATION_REASON + p.getCurrentHesitation().getPrimaryReason().name());
    }
    if (p.getStatedReason() != null) {
      keys.add(STATED_REASON + p.getStatedReason().name());
      String inferred =
          p.getInferredReasonAtStatement() == null
              ? NO_INFERENCE
              : p.getInferredReasonAtStatement().name();
      segments.forEach(seg -> keys.add(reasonConfusion(inferred, p.getStatedReason().name(), seg)));
    }
    return List.copyOf(keys);
  }

  /**
   * The prospects a listing's filter matches, from the counters: the sum of those whose facets it
   * matches ({@code facets|…} without a segment, {@code segment-facets|…} of its segment).
   */
  static long total(Map<String, Long> counters, ProspectFilter f) {
    String prefix = f.segment() == null ? FACETS : SEGMENT_FACETS;
    String stage = f.stage() == null ? null : f.stage() + SEPARATOR;
    String leadType =
        f.leadType() == null
            ? null
            : SEPARATOR + leadType(f.leadType().dimension(), f.leadType().value()) + SEPARATOR;
    long total = 0;
    for (Map.Entry<String, Long> counter : counters.entrySet()) {
      String key = counter.getKey();
      if (!key.startsWith(prefix)) {
        continue;
      }
      // <STAGE>, |<dimension:VALUE> per lead type, then |<segment> for a segment's counter.
      int facetsEnd = key.length();
      if (f.segment() != null) {
        facetsEnd = segmentAfter(key);
        if (facetsEnd < 0 || !key.substring(facetsEnd + 1).equals(f.segment())) {
          continue;
        }
      }
      String facets = key.substring(prefix.length(), facetsEnd) + SEPARATOR;
      if ((stage == null || facets.startsWith(stage))
          && (leadType == null || facets.contains(leadType))) {
        total += counter.getValue();
      }
    }
    return total;
  }

  /**
   * Whether a visitor's counter keys were made by an earlier version's rules: a counter per filter,
   * or per stage and segment beside the facet counters. Such counters are not this version's, so a
   * task holding them counts its published profiles again.
   */
  public static boolean byEarlierRules(Collection<String> keys) {
    return keys.stream().anyMatch(k -> k.startsWith(EARLIER_FILTER) || k.equals(EARLIER_PROFILES));
  }

  /** Profiles per stage (contract symbol → visitors there now): the facet counters summed. */
  static Map<String, Long> perStage(Map<String, Long> counters) {
    Map<String, Long> stages = new HashMap<>();
    counters.forEach(
        (key, n) -> {
          if (key.startsWith(FACETS)) {
            int stageEnd = key.indexOf(SEPARATOR, FACETS.length());
            String stage = key.substring(FACETS.length(), stageEnd < 0 ? key.length() : stageEnd);
            stages.merge(stage, n, Long::sum);
          }
        });
    return stages;
  }

  /** Members per segment (segment id → visitors in it now): the segment facet counters summed. */
  static Map<String, Long> perSegment(Map<String, Long> counters) {
    Map<String, Long> segments = new HashMap<>();
    counters.forEach(
        (key, n) -> {
          if (key.startsWith(SEGMENT_FACETS)) {
            int facetsEnd = segmentAfter(key);
            if (facetsEnd >= 0) {
              segments.merge(key.substring(facetsEnd + 1), n, Long::sum);
            }
          }
        });
    return segments;
  }

  /** Where a segment facet counter's facets end (the segment follows); -1 if it has no segment. */
  private static int segmentAfter(String key) {
    return nthSeparator(key, SEGMENT_FACETS.length(), ProfileViews.LEAD_TYPE_DIMENSIONS.size() + 1);
  }

  /** Where the {@code n}th separator from {@code from} is; -1 if there are fewer. */
  private static int nthSeparator(String key, int from, int n) {
    int at = from - 1;
    for (int i = 0; i < n; i++) {
      at = key.indexOf(SEPARATOR, at + 1);
      if (at < 0) {
        return -1;
      }
    }
    return at;
  }

  /**
   * What to add to each counter when a visitor counted under {@code before} is now counted under
   * {@code after}: +1 for keys only in after, −1 for keys only in before, nothing for the others.
   */
  public static Map<String, Long> difference(Collection<String> before, Collection<String> after) {
    Set<String> was = new HashSet<>(before);
    Set<String> is = new HashSet<>(after);
    Map<String, Long> delta = new TreeMap<>();
    is.stream().filter(k -> !was.contains(k)).forEach(k -> delta.put(k, 1L));
    was.stream().filter(k -> !is.contains(k)).forEach(k -> delta.put(k, -1L));
    return delta;
  }

  /** The confusion counter of one cell for {@code segment} ({@link #ANY}: every visitor). */
  static String reasonConfusion(String inferred, String stated, String segment) {
    return REASON_CONFUSION + inferred + SEPARATOR + stated + SEPARATOR + segment;
  }

  /**
   * The cells of the confusion counters for {@code segment} (null: every visitor): inferred →
   * stated → visitors, read from counters by their key.
   */
  static ReasonConfusion reasonConfusion(Map<String, Long> counters, String segment) {
    String wanted = segment == null ? ANY : segment;
    List<ReasonConfusion.Cell> cells = new ArrayList<>();
    counters.forEach(
        (key, visitors) -> {
          if (!key.startsWith(REASON_CONFUSION) || visitors == 0) {
            return;
          }
          int afterInferred = key.indexOf(SEPARATOR, REASON_CONFUSION.length());
          int afterStated = key.indexOf(SEPARATOR, afterInferred + 1);
          if (key.substring(afterStated + 1).equals(wanted)) {
            cells.add(
                new ReasonConfusion.Cell(
                    key.substring(REASON_CONFUSION.length(), afterInferred),
                    key.substring(afterInferred + 1, afterStated),
                    visitors));
          }
        });
    return new ReasonConfusion(cells);
  }

  private static String leadType(String dimension, String value) {
    return dimension + ':' + value;
  }
}
