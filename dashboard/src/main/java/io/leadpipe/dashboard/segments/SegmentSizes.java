package io.leadpipe.dashboard.segments;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the query API's {@code GET /v1/segments/sizes} answer into members per segment id. Accepted shapes: an object
 * of counts ({@code {"hot-prospects": 12}}), the same under {@code sizes} or {@code segments}, or a list of objects
 * with an id ({@code segmentId} or {@code id}) and a count ({@code size}, {@code members} or {@code count}).
 */
public final class SegmentSizes {
  private static final List<String> WRAPPERS = List.of("sizes", "segments");
  private static final List<String> ID_FIELDS = List.of("segmentId", "id");
  private static final List<String> COUNT_FIELDS = List.of("size", "members", "count");

  private SegmentSizes() {}

  /** Empty when the answer has none of the accepted shapes. */
  public static Optional<Map<String, Long>> fromJson(JsonNode answer) {
    if (answer == null) {
      return Optional.empty();
    }
    for (String wrapper : WRAPPERS) {
      if (answer.isObject() && answer.has(wrapper)) {
        return fromJson(answer.get(wrapper));
      }
    }
    if (answer.isArray()) {
      return fromList(answer);
    }
    if (answer.isObject()) {
      return fromCounts(answer);
    }
    return Optional.empty();
  }

  private static Optional<Map<String, Long>> fromCounts(JsonNode object) {
    Map<String, Long> sizes = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isIntegralNumber()) {
        return Optional.empty();
      }
      sizes.put(e.getKey(), e.getValue().asLong());
    }
    return Optional.of(sizes);
  }

  private static Optional<Map<String, Long>> fromList(JsonNode list) {
    Map<String, Long> sizes = new LinkedHashMap<>();
    for (JsonNode item : list) {
      Optional<String> id = ID_FIELDS.stream().map(item::get).filter(n -> n != null && n.isTextual())
          .map(JsonNode::asText).findFirst();
      Optional<Long> count = COUNT_FIELDS.stream().map(item::get).filter(n -> n != null && n.isIntegralNumber())
          .map(JsonNode::asLong).findFirst();
      if (id.isEmpty() || count.isEmpty()) {
        return Optional.empty();
      }
      sizes.put(id.get(), count.get());
    }
    return Optional.of(sizes);
  }
}
