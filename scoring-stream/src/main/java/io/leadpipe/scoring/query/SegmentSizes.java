package io.leadpipe.scoring.query;

import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Members per segment over all profiles. Every defined segment is listed, with 0 when nobody is in
 * it; largest first.
 *
 * @param profiles all profiles counted
 * @param coverage which partitions were counted from a copy that may lag or not at all (null on an
 *     instance's share)
 */
@Serdeable
public record SegmentSizes(long profiles, List<Size> segments, @Nullable Coverage coverage)
    implements MergedListing {

  @Creator
  public SegmentSizes {}

  /** Sizes without a statement of coverage: one instance's share. */
  public SegmentSizes(long profiles, List<Size> segments) {
    this(profiles, segments, null);
  }

  public SegmentSizes withCoverage(Coverage c) {
    return new SegmentSizes(profiles, segments, c);
  }

  private static final Comparator<Size> ORDER =
      Comparator.comparingLong(Size::members).reversed().thenComparing(Size::segmentId);

  /**
   * One segment; {@code name} is null for a segment that is no longer defined but still has
   * members.
   */
  @Serdeable
  public record Size(String segmentId, @Nullable String name, long members) {}

  /**
   * The sizes over profiles whose memberships are {@code memberships} (one list of segment ids per
   * profile).
   */
  public static SegmentSizes of(Iterable<? extends Collection<String>> memberships) {
    Map<String, Long> counts = new HashMap<>();
    long profiles = 0;
    for (Collection<String> segments : memberships) {
      profiles++;
      segments.forEach(s -> counts.merge(s, 1L, Long::sum));
    }
    return fromCounts(profiles, counts);
  }

  /** The sizes of counts kept elsewhere: {@code profiles} in all, segment id → members. */
  public static SegmentSizes fromCounts(long profiles, Map<String, Long> members) {
    return new SegmentSizes(
        profiles,
        members.entrySet().stream()
            .map(e -> new Size(e.getKey(), null, e.getValue()))
            .sorted(ORDER)
            .toList());
  }

  /**
   * Every instance's sizes added up, named after the current definitions ({@code names}: id →
   * name).
   */
  public static SegmentSizes merge(Collection<SegmentSizes> partials, Map<String, String> names) {
    Map<String, Long> counts = new HashMap<>();
    names.keySet().forEach(id -> counts.put(id, 0L));
    partials.forEach(
        p -> p.segments().forEach(s -> counts.merge(s.segmentId(), s.members(), Long::sum)));
    return new SegmentSizes(
        partials.stream().mapToLong(SegmentSizes::profiles).sum(),
        counts.entrySet().stream()
            .map(e -> new Size(e.getKey(), names.get(e.getKey()), e.getValue()))
            .sorted(ORDER)
            .toList());
  }
}
