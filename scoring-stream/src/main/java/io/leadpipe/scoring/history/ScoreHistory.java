package io.leadpipe.scoring.history;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Bounded score history, oldest first: one snapshot per UTC day holding the day's latest scores,
 * and a snapshot kept whenever a score jumped by the significant change since the last one, so a
 * marketer sees both the trend and the moments that moved it.
 */
public final class ScoreHistory {

  /** One snapshot. */
  public record Point(Instant at, double engagement, double fit, double influence) {}

  private ScoreHistory() {}

  public static List<Point> append(List<Point> history, Point point, HistoryRules rules) {
    List<Point> next = new ArrayList<>(history);
    if (!history.isEmpty()) {
      Point last = history.get(history.size() - 1);
      if (sameDay(last, point) && !significant(last, point, rules.significantChange())) {
        // Small moves within a day only refresh the day's snapshot.
        next.set(next.size() - 1, point);
        return List.copyOf(next);
      }
    }
    next.add(point);
    while (next.size() > rules.size()) {
      next.remove(0);
    }
    return List.copyOf(next);
  }

  private static boolean sameDay(Point a, Point b) {
    return day(a.at()).equals(day(b.at()));
  }

  private static LocalDate day(Instant at) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC);
  }

  private static boolean significant(Point a, Point b, double change) {
    return Math.abs(a.engagement() - b.engagement()) >= change
        || Math.abs(a.fit() - b.fit()) >= change
        || Math.abs(a.influence() - b.influence()) >= change;
  }
}
