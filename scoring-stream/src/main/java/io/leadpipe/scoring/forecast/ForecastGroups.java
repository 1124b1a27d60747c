package io.leadpipe.scoring.forecast;

import io.leadpipe.schemas.profile.ProspectProfile;
import java.util.ArrayList;
import java.util.List;

/**
 * The groups a visitor's forecast share is summed under: all visitors, and each of its segments.
 */
public final class ForecastGroups {

  public static final String ALL = "all";

  /** {@code segment|<segment id>}. */
  public static final String SEGMENT = "segment|";

  private ForecastGroups() {}

  public static List<String> of(ProspectProfile profile) {
    List<String> groups = new ArrayList<>(1 + profile.getSegments().size());
    groups.add(ALL);
    profile.getSegments().stream().distinct().sorted().forEach(s -> groups.add(SEGMENT + s));
    return groups;
  }

  /** The segment id of a segment group's key; null for {@link #ALL}. */
  public static String segmentOf(String group) {
    return group.startsWith(SEGMENT) ? group.substring(SEGMENT.length()) : null;
  }
}
