package io.leadpipe.dashboard.testing;

import io.leadpipe.dashboard.support.DashboardJson;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for scoring-stream's {@code /admin/segments} in the dashboard's tests, with its rules
 * that matter to the editor: the admin key ({@value #KEY}), 401/403 problems, 201/200/204, and a
 * 400 problem listing violations by path: a rule whose JSON holds {@code "engagment"} is refused at
 * {@code rule.all[1].attr}, a blank name at {@code name}.
 */
@Controller("/admin/segments")
@Requires(property = FakeQueryApi.ENABLED, value = "true")
public class FakeAdminApi {
  public static final String KEY = "test-admin-key";
  private static final String PROBLEM = "application/problem+json";

  /** What the real API accepts; anything else (version, updatedAt, ...) is refused, as there. */
  private static final java.util.Set<String> FIELDS =
      java.util.Set.of("segmentId", "name", "description", "category", "rule", "enabled");

  private final Map<String, Map<String, Object>> segments = new ConcurrentHashMap<>();

  public void clear() {
    segments.clear();
  }

  public Map<String, Object> segment(String id) {
    return segments.get(id);
  }

  @Get
  public HttpResponse<String> list(@Nullable @Header("X-Admin-Key") String key) {
    HttpResponse<String> refused = refusal(key);
    if (refused != null) {
      return refused;
    }
    return HttpResponse.ok(
        DashboardJson.write(Map.of("segments", List.copyOf(new TreeMap<>(segments).values()))));
  }

  @Post
  public HttpResponse<String> create(
      @Body Map<String, Object> body, @Nullable @Header("X-Admin-Key") String key) {
    HttpResponse<String> refused = refusal(key);
    if (refused != null) {
      return refused;
    }
    HttpResponse<String> invalid = invalid(body);
    if (invalid != null) {
      return invalid;
    }
    String id = String.valueOf(body.get("segmentId"));
    body.put("version", 1);
    body.putIfAbsent("enabled", true);
    segments.put(id, body);
    return HttpResponse.<String>status(HttpStatus.CREATED).body(DashboardJson.write(body));
  }

  @Put("/{id}")
  public HttpResponse<String> replace(
      String id, @Body Map<String, Object> body, @Nullable @Header("X-Admin-Key") String key) {
    HttpResponse<String> refused = refusal(key);
    if (refused != null) {
      return refused;
    }
    Map<String, Object> old = segments.get(id);
    if (old == null) {
      return HttpResponse.<String>status(HttpStatus.NOT_FOUND).contentType(PROBLEM).body("{}");
    }
    HttpResponse<String> invalid = invalid(body);
    if (invalid != null) {
      return invalid;
    }
    body.put("segmentId", id);
    body.put("version", ((Number) old.get("version")).intValue() + 1);
    segments.put(id, body);
    return HttpResponse.ok(DashboardJson.write(body));
  }

  @Delete("/{id}")
  public HttpResponse<String> delete(String id, @Nullable @Header("X-Admin-Key") String key) {
    HttpResponse<String> refused = refusal(key);
    if (refused != null) {
      return refused;
    }
    segments.remove(id);
    return HttpResponse.noContent();
  }

  private static HttpResponse<String> refusal(String key) {
    if (key == null) {
      return HttpResponse.<String>status(HttpStatus.UNAUTHORIZED)
          .contentType(PROBLEM)
          .body("{\"status\":401,\"detail\":\"Send an admin key\"}");
    }
    if (!KEY.equals(key)) {
      return HttpResponse.<String>status(HttpStatus.FORBIDDEN)
          .contentType(PROBLEM)
          .body("{\"status\":403,\"detail\":\"The admin key is not valid\"}");
    }
    return null;
  }

  private static HttpResponse<String> invalid(Map<String, Object> body) {
    List<Map<String, String>> violations = new java.util.ArrayList<>();
    body.keySet().stream()
        .filter(field -> !FIELDS.contains(field))
        .forEach(field -> violations.add(Map.of("field", field, "message", "unknown field")));
    Object name = body.get("name");
    if (name == null || String.valueOf(name).isBlank()) {
      violations.add(Map.of("field", "name", "message", "is required"));
    }
    if (DashboardJson.write(body.getOrDefault("rule", "")).contains("engagment")) {
      violations.add(
          Map.of("field", "rule.all[1].attr", "message", "unknown attribute 'engagment.score'"));
    }
    if (violations.isEmpty()) {
      return null;
    }
    return HttpResponse.<String>status(HttpStatus.BAD_REQUEST)
        .contentType(PROBLEM)
        .body(
            DashboardJson.write(
                Map.of(
                    "type",
                    "https://leadpipe.io/problems/invalid-segment",
                    "status",
                    400,
                    "detail",
                    "The segment definition is not valid",
                    "violations",
                    violations)));
  }
}
