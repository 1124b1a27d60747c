package io.leadpipe.dashboard.reasons;

import io.leadpipe.dashboard.support.RingBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What visitors said when asked "what kept you from ordering?": their stated reasons, counted like
 * the inferred ones, and the latest free-text comments (visitor-supplied: the page shows them as
 * text only).
 */
public final class SurveyAnswers {

  /** Long enough for a sentence or two; the dashboard is an overview, not an archive. */
  static final int MAX_COMMENT_CHARS = 280;

  /** One answer with a comment. */
  public record Comment(Instant at, String reason, String text) {}

  /** The counts and the latest comments, newest last. */
  public record Summary(ReasonCounts statedReasons, List<Comment> recentComments) {}

  private final ReasonTally reasons;
  private final RingBuffer<Comment> comments;

  public SurveyAnswers(int maxSegments, int recentComments) {
    this.reasons = new ReasonTally(maxSegments);
    this.comments = new RingBuffer<>(recentComments);
  }

  public void answered(Instant at, String statedReason, String comment, Set<String> segments) {
    reasons.count(statedReason, segments);
    if (comment != null && !comment.isBlank()) {
      comments.add(new Comment(at, statedReason, shortened(comment.strip())));
    }
  }

  /** Cut at a code point boundary, so an emoji is never split in half. */
  private static String shortened(String text) {
    if (text.codePointCount(0, text.length()) <= MAX_COMMENT_CHARS) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, MAX_COMMENT_CHARS)) + "…";
  }

  public Summary snapshot(UnaryOperator<String> nameOf) {
    return new Summary(reasons.snapshot(nameOf), comments.toList());
  }
}
