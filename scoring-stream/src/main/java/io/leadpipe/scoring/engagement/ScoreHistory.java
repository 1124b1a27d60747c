package io.leadpipe.scoring.engagement;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Bounded score history: keep the latest N points, and only record a point when a score actually moved. */
public final class ScoreHistory {

    /** One history point. */
    public record Point(Instant at, double engagement, double fit, double influence) {
    }

    private ScoreHistory() {
    }

    public static List<Point> append(List<Point> history, Point point, int max) {
        if (!history.isEmpty()) {
            Point last = history.get(history.size() - 1);
            if (last.engagement() == point.engagement() && last.fit() == point.fit()
                    && last.influence() == point.influence()) {
                return history;
            }
        }
        List<Point> next = new ArrayList<>(history);
        next.add(point);
        while (next.size() > max) {
            next.remove(0);
        }
        return List.copyOf(next);
    }
}
