package io.leadpipe.scoring.query;

import io.leadpipe.schemas.profile.InfluenceType;
import io.leadpipe.schemas.profile.LifecycleStage;
import io.leadpipe.schemas.profile.ProfileFit;
import io.leadpipe.schemas.profile.PurchaseFrequency;
import io.leadpipe.schemas.profile.PurchaseVolume;
import io.leadpipe.service.problem.Violation;
import io.micronaut.core.annotation.Nullable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A validated {@code GET /v1/prospects} request: {@code
 * ?segment=<id>&stage=<STAGE>&leadType=[dimension:]VALUE&sort=engagement|fit|influence&limit=&offset=}.
 */
public record ProspectQuery(ProspectFilter filter, ProspectSort sort, int offset, int limit) {

  /** Lead-type dimension → its symbols, in the contract's names. */
  static final Map<String, Set<String>> LEAD_TYPES = leadTypes();

  /**
   * Bounds of a page; {@code maxOffset + maxLimit} bounds what each instance keeps in memory for
   * one request.
   */
  public record Limits(int defaultLimit, int maxLimit, int maxOffset) {}

  /**
   * @param partial true for an instance's share of a fanned-out listing: then {@code limit} may
   *     reach {@code maxOffset + maxLimit} (the page end the coordinator needs from every instance)
   * @throws InvalidQueryException listing every wrong parameter
   */
  public static ProspectQuery parse(
      @Nullable String segment,
      @Nullable String stage,
      @Nullable String leadType,
      @Nullable String sort,
      @Nullable String limit,
      @Nullable String offset,
      Limits limits,
      boolean partial) {
    List<Violation> violations = new ArrayList<>();
    String stageSymbol = stage(stage, violations);
    ProspectFilter.LeadType type = leadType(leadType, violations);
    ProspectSort order =
        sort == null || sort.isBlank()
            ? ProspectSort.ENGAGEMENT
            : ProspectSort.of(sort).orElse(null);
    if (order == null) {
      violations.add(new Violation("sort", "must be one of engagement, fit, influence"));
    }
    int maxLimit = partial ? limits.maxOffset() + limits.maxLimit() : limits.maxLimit();
    int pageLimit =
        number("limit", limit, limits.defaultLimit(), partial ? 0 : 1, maxLimit, violations);
    int pageOffset = number("offset", offset, 0, 0, limits.maxOffset(), violations);
    if (!violations.isEmpty()) {
      throw new InvalidQueryException(violations);
    }
    String segmentId = segment == null || segment.isBlank() ? null : segment;
    return new ProspectQuery(
        new ProspectFilter(segmentId, stageSymbol, type), order, pageOffset, pageLimit);
  }

  private static String stage(String stage, List<Violation> violations) {
    if (stage == null || stage.isBlank()) {
      return null;
    }
    for (LifecycleStage s : LifecycleStage.values()) {
      if (s.name().equalsIgnoreCase(stage)) {
        return s.name();
      }
    }
    violations.add(
        new Violation("stage", "must be one of " + Arrays.toString(LifecycleStage.values())));
    return null;
  }

  private static ProspectFilter.LeadType leadType(String param, List<Violation> violations) {
    if (param == null || param.isBlank()) {
      return null;
    }
    int colon = param.indexOf(':');
    String value = (colon < 0 ? param : param.substring(colon + 1)).toUpperCase(Locale.ROOT);
    if (colon >= 0) {
      String dimension = param.substring(0, colon);
      Set<String> symbols = LEAD_TYPES.get(dimension);
      if (symbols == null) {
        violations.add(
            new Violation("leadType", "dimension must be one of " + LEAD_TYPES.keySet()));
        return null;
      }
      if (!symbols.contains(value)) {
        violations.add(new Violation("leadType", dimension + " must be one of " + symbols));
        return null;
      }
      return new ProspectFilter.LeadType(dimension, value);
    }
    List<String> dimensions =
        LEAD_TYPES.entrySet().stream()
            .filter(e -> e.getValue().contains(value))
            .map(Map.Entry::getKey)
            .toList();
    if (dimensions.size() != 1) {
      violations.add(
          new Violation(
              "leadType",
              dimensions.isEmpty()
                  ? "unknown lead type '"
                      + param
                      + "'; use dimension:VALUE with a dimension of "
                      + LEAD_TYPES.keySet()
                  : "'" + param + "' is a value of " + dimensions + "; use dimension:VALUE"));
      return null;
    }
    return new ProspectFilter.LeadType(dimensions.get(0), value);
  }

  private static int number(
      String name, String text, int fallback, int min, int max, List<Violation> violations) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Reported below like an out-of-range number.
    }
    violations.add(new Violation(name, "must be a whole number from " + min + " to " + max));
    return fallback;
  }

  private static Map<String, Set<String>> leadTypes() {
    Map<String, Set<String>> m = new LinkedHashMap<>();
    m.put("purchaseFrequency", names(PurchaseFrequency.values()));
    m.put("purchaseVolume", names(PurchaseVolume.values()));
    m.put("influence", names(InfluenceType.values()));
    m.put("profileFit", names(ProfileFit.values()));
    return java.util.Collections.unmodifiableMap(m);
  }

  private static Set<String> names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).collect(Collectors.toUnmodifiableSet());
  }
}
