package io.leadpipe.scoring.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.profile.LeadTypes;
import io.leadpipe.schemas.profile.LifecycleStage;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.scoring.admin.InvalidSegmentException;
import io.leadpipe.scoring.admin.SegmentDrafts;
import io.leadpipe.scoring.segment.SegmentEvaluator;
import io.leadpipe.scoring.segment.SegmentRule;
import io.leadpipe.scoring.segment.SegmentRuleParser;
import io.leadpipe.service.audience.Audience;
import io.leadpipe.service.audience.AudienceMatch;
import io.leadpipe.service.problem.Violation;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A match preview's request body (docs/segments.md, Preview) as the test a profile passes: {@code
 * {"rule": ...}} (a segment rule, exactly as a definition's: checked by the admin API's own rule
 * validation, so a bad rule gets the same violation at the same path, e.g. {@code
 * rule.all[1].attr}) or {@code {"audience": {...}}} (a strategy audience, as the notifier's admin
 * API takes it, judged by the notifier's own rule, {@link AudienceMatch}).
 *
 * @param matcher whether a profile matches; time attributes are counted to the request's moment
 * @param note how the preview reads a part judged otherwise in use; null when none
 */
public record PreviewRequest(Predicate<ProspectProfile> matcher, String note) {

  /**
   * What the answer says of an audience's hesitation conditions: the notifier judges them on the
   * hesitation it follows up, at its detection.
   */
  public static final String AUDIENCE_NOTE =
      "hesitationKinds and reasons are matched against each profile's current open hesitation (its"
          + " kind and likely reason) and its stated reason; when strategies are chosen they are"
          + " matched against the hesitation being followed up, at its detection";

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Map<String, Set<String>> LEAD_TYPES =
      Map.of(
          "purchaseFrequency",
          names(LeadTypes.getClassSchema().getField("purchaseFrequency").schema().getEnumSymbols()),
          "purchaseVolume",
          names(LeadTypes.getClassSchema().getField("purchaseVolume").schema().getEnumSymbols()),
          "influence",
          names(LeadTypes.getClassSchema().getField("influence").schema().getEnumSymbols()),
          "profileFit",
          names(LeadTypes.getClassSchema().getField("profileFit").schema().getEnumSymbols()));

  /** A segment rule's preview. */
  public static PreviewRequest segment(String body, Clock clock) {
    JsonNode rule = field(body, "rule");
    String ruleJson;
    try {
      ruleJson = SegmentDrafts.validRule(rule.isTextual() ? rule.asText() : rule.toString());
    } catch (InvalidSegmentException e) {
      throw new InvalidQueryException(e.violations());
    }
    SegmentRule parsed = SegmentRuleParser.parse(ruleJson);
    return new PreviewRequest(p -> SegmentEvaluator.matches(parsed, p, clock.instant()), null);
  }

  /** A strategy audience's preview. */
  public static PreviewRequest audience(String body) {
    JsonNode node = field(body, "audience");
    Audience audience = AudienceReader.read(node);
    return new PreviewRequest(p -> AudienceMatch.matches(audience, candidate(p)), AUDIENCE_NOTE);
  }

  /**
   * The profile as an audience judges it: its current hesitation stands for the followed-up one.
   */
  static AudienceMatch.Candidate candidate(ProspectProfile p) {
    var h = p.getCurrentHesitation();
    return new AudienceMatch.Candidate(
        h == null || h.getKind() == null ? null : h.getKind().name(),
        h == null || h.getPrimaryReason() == null ? null : h.getPrimaryReason().name(),
        p.getStatedReason() == null ? null : p.getStatedReason().name(),
        p.getSegments(),
        p.getStage() == null ? null : p.getStage().name(),
        leadTypes(p.getLeadTypes()),
        p.getEngagement() == null ? 0 : p.getEngagement().getValue(),
        p.getFit() == null ? 0 : p.getFit().getValue(),
        p.getInfluence() == null ? 0 : p.getInfluence().getValue());
  }

  private static List<String> leadTypes(LeadTypes t) {
    if (t == null) {
      return List.of();
    }
    return List.of(
        AudienceMatch.leadType("purchaseFrequency", t.getPurchaseFrequency()),
        AudienceMatch.leadType("purchaseVolume", t.getPurchaseVolume()),
        AudienceMatch.leadType("influence", t.getInfluence()),
        AudienceMatch.leadType("profileFit", t.getProfileFit()));
  }

  /** The body's one field {@code name}; anything else is a violation. */
  private static JsonNode field(String body, String name) {
    JsonNode root;
    try {
      root = body == null || body.isBlank() ? null : JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new InvalidQueryException(List.of(new Violation("", "the body is not valid JSON")));
    }
    if (root == null || !root.isObject()) {
      throw new InvalidQueryException(
          List.of(new Violation("", "the body must be a JSON object with '" + name + "'")));
    }
    List<Violation> violations = new ArrayList<>();
    root.fieldNames()
        .forEachRemaining(
            f -> {
              if (!f.equals(name)) {
                violations.add(new Violation(f, "unknown field"));
              }
            });
    JsonNode value = root.get(name);
    if (value == null || value.isNull()) {
      violations.add(new Violation(name, "is required"));
    }
    if (!violations.isEmpty()) {
      throw new InvalidQueryException(violations);
    }
    return value;
  }

  private static Set<String> names(List<String> symbols) {
    return Set.copyOf(symbols);
  }

  private static Set<String> names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).collect(java.util.stream.Collectors.toSet());
  }

  /** A strategy audience, read as the notifier's admin API names its parts. */
  private static final class AudienceReader {

    static Audience read(JsonNode n) {
      List<Violation> violations = new ArrayList<>();
      if (!n.isObject()) {
        throw new InvalidQueryException(List.of(new Violation("audience", "must be an object")));
      }
      n.fieldNames()
          .forEachRemaining(
              f -> {
                if (!Audience.FIELDS.contains(f)) {
                  violations.add(new Violation("audience." + f, "unknown field"));
                }
              });
      Audience a =
          new Audience(
              strings(n, "requiredSegments", null, violations),
              strings(n, "excludedSegments", null, violations),
              strings(n, "hesitationKinds", names(HesitationKind.values()), violations),
              strings(n, "reasons", names(HesitationReason.values()), violations),
              strings(n, "stages", names(LifecycleStage.values()), violations),
              leadTypes(n, violations),
              score(n, "minEngagementScore", violations),
              score(n, "minFitScore", violations),
              score(n, "minInfluenceScore", violations));
      if (!violations.isEmpty()) {
        throw new InvalidQueryException(violations);
      }
      return a;
    }

    private static Set<String> leadTypes(JsonNode n, List<Violation> violations) {
      Set<String> values = strings(n, "leadTypes", null, violations);
      int i = 0;
      for (String v : values) {
        String[] parts = v.split(":", 2);
        Set<String> known = parts.length == 2 ? LEAD_TYPES.get(parts[0]) : null;
        if (known == null || !known.contains(parts[1])) {
          violations.add(
              new Violation(
                  "audience.leadTypes[" + i + "]",
                  "must be dimension:VALUE with dimension one of "
                      + LEAD_TYPES.keySet().stream().sorted().toList()
                      + " and a value of it, e.g. influence:INFLUENCER"));
        }
        i++;
      }
      return values;
    }

    /** An array of strings (each one of {@code allowed} when given); absent: empty. */
    private static Set<String> strings(
        JsonNode n, String field, Set<String> allowed, List<Violation> violations) {
      JsonNode array = n.get(field);
      String path = "audience." + field;
      if (array == null || array.isNull()) {
        return Set.of();
      }
      if (!array.isArray()) {
        violations.add(new Violation(path, "must be an array of strings"));
        return Set.of();
      }
      Set<String> out = new LinkedHashSet<>();
      Iterator<JsonNode> items = array.elements();
      for (int i = 0; items.hasNext(); i++) {
        JsonNode item = items.next();
        if (!item.isTextual()) {
          violations.add(new Violation(path + "[" + i + "]", "must be a string"));
        } else if (allowed != null && !allowed.contains(item.asText())) {
          violations.add(
              new Violation(
                  path + "[" + i + "]", "must be one of " + new java.util.TreeSet<>(allowed)));
        } else {
          out.add(item.asText());
        }
      }
      return new HashSet<>(out);
    }

    private static double score(JsonNode n, String field, List<Violation> violations) {
      JsonNode v = n.get(field);
      if (v == null || v.isNull()) {
        return 0;
      }
      if (!v.isNumber() || v.asDouble() < 0) {
        violations.add(new Violation("audience." + field, "must be a number, not negative"));
        return 0;
      }
      return v.asDouble();
    }
  }
}
