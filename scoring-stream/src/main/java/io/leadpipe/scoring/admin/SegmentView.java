package io.leadpipe.scoring.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipe.schemas.segment.SegmentDefinition;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** A segment definition as the admin API shows it: the rule as JSON, not as an escaped string. */
@Serdeable
public record SegmentView(
    String segmentId,
    String name,
    @Nullable String description,
    String category,
    Object rule,
    boolean enabled,
    int version,
    String updatedAt,
    @Nullable String updatedBy) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static SegmentView of(SegmentDefinition d) {
    return new SegmentView(
        d.getSegmentId(),
        d.getName(),
        d.getDescription(),
        d.getCategory().name(),
        rule(d.getRule()),
        d.getEnabled(),
        d.getVersion(),
        d.getUpdatedAt().toString(),
        d.getUpdatedBy());
  }

  /** A rule written around the API may not be JSON: then it is shown as the string it is. */
  private static Object rule(String text) {
    try {
      return JSON.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      return text;
    }
  }

  /** The list answer: {@code {"segments": [...]}}. */
  @Serdeable
  public record Listing(List<SegmentView> segments) {}
}
