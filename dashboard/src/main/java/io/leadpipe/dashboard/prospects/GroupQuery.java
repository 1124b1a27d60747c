package io.leadpipe.dashboard.prospects;

import io.leadpipe.service.problem.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A validated request for one page of a stage group. Each stage is asked for {@code offset + limit}
 * prospects, which the query API allows up to its {@code max-limit}: deeper pages of a group are
 * refused here with that reason, instead of the query API's complaint about a limit the caller
 * never sent.
 *
 * @param violations empty when the request is valid
 */
public record GroupQuery(
    StageGroup group, String sort, int offset, int limit, List<Violation> violations) {

  static final Set<String> SORTS = Set.of("engagement", "fit", "influence");
  static final String DEFAULT_SORT = "engagement";

  public boolean valid() {
    return violations.isEmpty();
  }

  /** How many prospects each stage of the group is asked for. */
  public int depth() {
    return offset + limit;
  }

  /**
   * @param defaultLimit page size when none is given (the query API's {@code default-limit})
   * @param maxLimit the query API's {@code max-limit}
   */
  public static GroupQuery parse(
      StageGroup group, String sort, String limit, String offset, int defaultLimit, int maxLimit) {
    List<Violation> violations = new ArrayList<>();
    String order = sort == null || sort.isBlank() ? DEFAULT_SORT : sort.strip();
    if (!SORTS.contains(order)) {
      violations.add(new Violation("sort", "must be one of engagement, fit, influence"));
    }
    int pageLimit = number("limit", limit, defaultLimit, 1, maxLimit, violations);
    int pageOffset = number("offset", offset, 0, 0, maxLimit - 1, violations);
    if (violations.isEmpty() && pageOffset + pageLimit > maxLimit) {
      violations.add(
          new Violation(
              "offset",
              "offset + limit must be at most "
                  + maxLimit
                  + " when listing "
                  + group.parameter()
                  + " (each of its stages is read from the top)"));
    }
    return new GroupQuery(group, order, pageOffset, pageLimit, List.copyOf(violations));
  }

  private static int number(
      String name, String text, int fallback, int min, int max, List<Violation> violations) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.strip());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Reported below like an out-of-range number.
    }
    violations.add(new Violation(name, "must be a whole number from " + min + " to " + max));
    return fallback;
  }
}
