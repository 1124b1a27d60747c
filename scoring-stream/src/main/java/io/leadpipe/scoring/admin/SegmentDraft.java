package io.leadpipe.scoring.admin;

import io.leadpipe.schemas.segment.SegmentCategory;

/**
 * A validated segment definition as an operator sent it, before it gets a version.
 *
 * @param rule the rule in leadpipe's JSON rule format, compact, already accepted by {@code
 *     SegmentRuleParser}
 */
public record SegmentDraft(
    String segmentId,
    String name,
    String description,
    SegmentCategory category,
    String rule,
    boolean enabled) {}
