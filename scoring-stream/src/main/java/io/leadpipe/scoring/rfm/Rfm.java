package io.leadpipe.scoring.rfm;

import java.time.Duration;
import java.time.Instant;

/**
 * RFM quintile-style scores 1-5: recency by days since last purchase (<=7, 30, 90, 180), frequency by
 * purchase count (1, 2, 4, 8+), monetary by total spend (50, 150, 400, 1000+); 0 when never bought.
 */
public record Rfm(int recency, int frequency, int monetary) {

    public static Rfm of(long purchases, double spend, Instant lastPurchase, Instant now) {
        if (purchases == 0 || lastPurchase == null) {
            return new Rfm(0, 0, 0);
        }
        long days = Math.max(0, Duration.between(lastPurchase, now).toDays());
        int r = days <= 7 ? 5 : days <= 30 ? 4 : days <= 90 ? 3 : days <= 180 ? 2 : 1;
        int f = purchases >= 8 ? 5 : purchases >= 4 ? 4 : purchases >= 2 ? 3 : 2;
        int m = spend >= 1000 ? 5 : spend >= 400 ? 4 : spend >= 150 ? 3 : spend >= 50 ? 2 : 1;
        return new Rfm(r, f, m);
    }
}
