package io.leadpipe.scoring.influence;

/**
 * Explanation line of the influence score: what (followers, shares, ...), how many, and the points
 * it earns.
 */
public record InfluenceFactor(String signal, double count, double points) {}
