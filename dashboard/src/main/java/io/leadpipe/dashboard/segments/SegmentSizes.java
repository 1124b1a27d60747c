package io.leadpipe.dashboard.segments;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The query API's {@code GET /v1/segments/sizes} answer: members per segment id and the segments'
 * names, read from {@code {"profiles": n, "segments": [{"segmentId": "...", "name": "..." or null,
 * "members": n}]}}.
 */
public record SegmentSizes(Map<String, Long> members, Map<String, String> names) {

  /**
   * Empty when the answer does not have that shape. The API leaves out an empty list: no segments
   * defined yet.
   */
  public static Optional<SegmentSizes> fromJson(JsonNode answer) {
    if (answer == null || !answer.isObject() || !answer.path("profiles").isIntegralNumber()) {
      return Optional.empty();
    }
    JsonNode segments = answer.path("segments");
    if (segments.isMissingNode()) {
      return Optional.of(new SegmentSizes(Map.of(), Map.of()));
    }
    if (!segments.isArray()) {
      return Optional.empty();
    }
    Map<String, Long> members = new LinkedHashMap<>();
    Map<String, String> names = new LinkedHashMap<>();
    for (JsonNode segment : segments) {
      JsonNode id = segment.get("segmentId");
      JsonNode count = segment.get("members");
      if (id == null || !id.isTextual() || count == null || !count.isIntegralNumber()) {
        return Optional.empty();
      }
      members.put(id.asText(), count.asLong());
      JsonNode name = segment.get("name");
      if (name != null && name.isTextual()) {
        names.put(id.asText(), name.asText());
      }
    }
    return Optional.of(new SegmentSizes(members, names));
  }
}
