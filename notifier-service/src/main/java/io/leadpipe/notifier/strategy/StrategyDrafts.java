package io.leadpipe.notifier.strategy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipe.notifier.config.PolicyConfigs;
import io.leadpipe.notifier.sequence.SequencePlan;
import io.leadpipe.schemas.common.FollowupPlay;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.followup.FollowupStrategy;
import io.leadpipe.schemas.followup.StepOverride;
import io.leadpipe.schemas.followup.StrategyAudience;
import io.leadpipe.schemas.followup.StrategyGuardrails;
import io.leadpipe.schemas.followup.StrategyPlay;
import io.leadpipe.schemas.followup.StrategyStep;
import io.leadpipe.schemas.followup.StrategyStepType;
import io.leadpipe.schemas.followup.StrategyVariant;
import io.leadpipe.schemas.profile.InfluenceType;
import io.leadpipe.schemas.profile.LifecycleStage;
import io.leadpipe.schemas.profile.ProfileFit;
import io.leadpipe.schemas.profile.PurchaseFrequency;
import io.leadpipe.schemas.profile.PurchaseVolume;
import io.leadpipe.service.audience.Audience;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads an admin request body into a {@link FollowupStrategy} (version and update stamp left for
 * the admin to set), reporting every wrong field with its path at once ({@code steps[1].delay},
 * {@code variants[0].stepOverrides[0].step}, ...). Unknown fields are rejected, so a typo is not
 * silently ignored. Durations are written as in the configuration ({@code 90s}, {@code 1h}, {@code
 * 3d}); docs/followups.md shows a complete body.
 */
public final class StrategyDrafts {

  /** Lower-case letters, digits, '-' and '_': safe in URLs, topic keys and metric tags. */
  static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  static final int MAX_NAME = 100;
  static final int MAX_DESCRIPTION = 500;
  static final int MAX_STEPS = 10;
  static final int MAX_VARIANTS = 10;
  static final double DEFAULT_HOLDOUT_SHARE = 0.1;

  /** Variant ids with a meaning of their own on the decisions. */
  static final Set<String> RESERVED_VARIANTS =
      Set.of(SequencePlan.StrategyRef.BASE, SequencePlan.StrategyRef.HOLDOUT);

  private static final Set<String> FIELDS =
      Set.of(
          "strategyId",
          "name",
          "description",
          "enabled",
          "priority",
          "audience",
          "steps",
          "plays",
          "guardrails",
          "holdoutShare",
          "variants",
          // what GET answers besides the draft: accepted and ignored, so a listing can be edited
          // and sent back
          "version",
          "updatedAt",
          "updatedBy");
  private static final Set<String> STEP_FIELDS =
      Set.of("type", "delay", "play", "channel", "attributes", "templateKey");
  private static final Set<String> PLAY_FIELDS = Set.of("play", "attributes");
  private static final Set<String> GUARDRAIL_FIELDS =
      Set.of("frequencyCap", "cooldown", "quietStart", "quietEnd");
  private static final Set<String> VARIANT_FIELDS = Set.of("variantId", "weight", "stepOverrides");
  private static final Set<String> OVERRIDE_FIELDS =
      Set.of("step", "delay", "play", "attributes", "templateKey");

  /** dimension → its values, as {@code leadTypes} entries {@code dimension:VALUE} name them. */
  static final Map<String, Set<String>> LEAD_TYPES =
      Map.of(
          "purchaseFrequency", names(PurchaseFrequency.values()),
          "purchaseVolume", names(PurchaseVolume.values()),
          "influence", names(InfluenceType.values()),
          "profileFit", names(ProfileFit.values()));

  private static final ObjectMapper JSON = new ObjectMapper();

  private StrategyDrafts() {}

  /**
   * @param pathId the id from the URL for an update, or null for a create (then the body must carry
   *     it)
   * @throws InvalidStrategyException with every violation found
   */
  public static FollowupStrategy parse(String body, String pathId) {
    JsonNode root;
    try {
      root = body == null || body.isBlank() ? null : JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new InvalidStrategyException(
          true,
          List.of(new io.leadpipe.service.problem.Violation("", "the body is not valid JSON")));
    }
    if (root == null || !root.isObject()) {
      throw new InvalidStrategyException(
          false,
          List.of(new io.leadpipe.service.problem.Violation("", "the body must be a JSON object")));
    }
    Reader r = new Reader();
    r.unknown(root, FIELDS, "");
    FollowupStrategy.Builder b = FollowupStrategy.newBuilder();
    b.setStrategyId(r.strategyId(root.get("strategyId"), pathId));
    b.setName(r.text(root.get("name"), "name", true, MAX_NAME));
    b.setDescription(r.text(root.get("description"), "description", false, MAX_DESCRIPTION));
    b.setEnabled(r.bool(root.get("enabled"), "enabled", true));
    b.setPriority(r.integer(root.get("priority"), "priority", 0, Integer.MIN_VALUE));
    b.setAudience(r.audience(root.get("audience")));
    List<StrategyStep> steps = r.steps(root.get("steps"));
    b.setSteps(steps);
    b.setPlays(r.plays(root.get("plays")));
    b.setGuardrails(r.guardrails(root.get("guardrails")));
    b.setHoldoutShare(r.holdoutShare(root.get("holdoutShare")));
    b.setVariants(r.variants(root.get("variants"), steps.size()));
    b.setVersion(0);
    b.setUpdatedAt(Instant.EPOCH);
    if (!r.violations.isEmpty()) {
      throw new InvalidStrategyException(false, r.violations);
    }
    return b.build();
  }

  private static boolean absent(JsonNode n) {
    return n == null || n.isNull();
  }

  private static <E extends Enum<E>> Set<String> names(E[] values) {
    Set<String> n = new HashSet<>();
    Arrays.stream(values).forEach(v -> n.add(v.name()));
    return Set.copyOf(n);
  }

  /** Collects violations while reading; each method returns a usable value even when wrong. */
  private static final class Reader {
    final List<io.leadpipe.service.problem.Violation> violations = new ArrayList<>();

    void add(String path, String message) {
      violations.add(new io.leadpipe.service.problem.Violation(path, message));
    }

    void unknown(JsonNode node, Set<String> known, String prefix) {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!known.contains(f)) {
          add(prefix + f, "unknown field; allowed: " + known.stream().sorted().toList());
        }
      }
    }

    String strategyId(JsonNode n, String pathId) {
      String id = n == null || n.isNull() ? pathId : n.isTextual() ? n.asText() : null;
      if (n != null && !n.isNull() && !n.isTextual()) {
        add("strategyId", "must be a string");
        return "";
      }
      if (id == null) {
        add("strategyId", "is required");
        return "";
      }
      if (!ID.matcher(id).matches()) {
        add("strategyId", "must match " + ID.pattern());
      } else if (pathId != null && !pathId.equals(id)) {
        add("strategyId", "must be the id in the URL (" + pathId + ")");
      }
      return id;
    }

    String text(JsonNode n, String path, boolean required, int max) {
      if (n == null || n.isNull()) {
        if (required) {
          add(path, "is required");
          return "";
        }
        return null;
      }
      if (!n.isTextual()) {
        add(path, "must be a string");
        return required ? "" : null;
      }
      String t = n.asText().strip();
      if (required && t.isEmpty()) {
        add(path, "must not be blank");
      } else if (t.length() > max) {
        add(path, "must be at most " + max + " characters");
      }
      return t;
    }

    boolean bool(JsonNode n, String path, boolean otherwise) {
      if (n == null || n.isNull()) {
        return otherwise;
      }
      if (!n.isBoolean()) {
        add(path, "must be true or false");
        return otherwise;
      }
      return n.asBoolean();
    }

    int integer(JsonNode n, String path, int otherwise, int min) {
      if (n == null || n.isNull()) {
        return otherwise;
      }
      if (!n.isIntegralNumber() || !n.canConvertToInt()) {
        add(path, "must be a whole number");
        return otherwise;
      }
      if (n.asInt() < min) {
        add(path, "must be at least " + min);
      }
      return n.asInt();
    }

    double number(JsonNode n, String path, double otherwise) {
      if (n == null || n.isNull()) {
        return otherwise;
      }
      if (!n.isNumber()) {
        add(path, "must be a number");
        return otherwise;
      }
      return n.asDouble();
    }

    Long duration(JsonNode n, String path, boolean required) {
      if (n == null || n.isNull()) {
        if (required) {
          add(path, "is required, e.g. \"1h\"");
        }
        return null;
      }
      if (!n.isTextual()) {
        add(path, "must be a duration such as \"90s\", \"1h\" or \"3d\"");
        return null;
      }
      try {
        Duration d = PolicyConfigs.parseDuration(n.asText().strip());
        return d.toMillis();
      } catch (IllegalArgumentException e) {
        add(path, "must be a duration such as \"90s\", \"1h\" or \"3d\" (units ms, s, m, h, d)");
        return null;
      }
    }

    String time(JsonNode n, String path) {
      if (n == null || n.isNull()) {
        return null;
      }
      try {
        return LocalTime.parse(n.asText()).toString();
      } catch (DateTimeParseException e) {
        add(path, "must be a time of day HH:mm, e.g. \"21:00\"");
        return null;
      }
    }

    /** An enum name from {@code allowed}, or null (with a violation) when it is not one. */
    String name(JsonNode n, String path, Set<String> allowed) {
      if (n == null || !n.isTextual() || !allowed.contains(n.asText())) {
        add(path, "must be one of " + allowed.stream().sorted().toList());
        return null;
      }
      return n.asText();
    }

    List<String> names(JsonNode n, String path, Function<String, String> check) {
      List<String> out = new ArrayList<>();
      if (n == null || n.isNull()) {
        return out;
      }
      if (!n.isArray()) {
        add(path, "must be an array of strings");
        return out;
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < n.size(); i++) {
        JsonNode e = n.get(i);
        String at = path + "[" + i + "]";
        if (!e.isTextual() || e.asText().isBlank()) {
          add(at, "must be a non-blank string");
          continue;
        }
        String problem = check.apply(e.asText());
        if (problem != null) {
          add(at, problem);
        } else if (!seen.add(e.asText())) {
          add(at, "is listed twice");
        } else {
          out.add(e.asText());
        }
      }
      return out;
    }

    static Function<String, String> oneOf(Set<String> allowed) {
      return v ->
          allowed.contains(v) ? null : "must be one of " + allowed.stream().sorted().toList();
    }

    Map<String, String> attributes(JsonNode n, String path) {
      Map<String, String> out = new LinkedHashMap<>();
      if (n == null || n.isNull()) {
        return out;
      }
      if (!n.isObject()) {
        add(path, "must be an object of parameters, e.g. {\"discount-percent\": \"15\"}");
        return out;
      }
      n.fields()
          .forEachRemaining(
              e -> {
                if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                  out.put(e.getKey(), e.getValue().asText());
                } else {
                  add(path + "." + e.getKey(), "must be a string or a number");
                }
              });
      return out;
    }

    StrategyAudience audience(JsonNode n) {
      StrategyAudience.Builder a = StrategyAudience.newBuilder();
      if (n == null || n.isNull()) {
        return a.build();
      }
      if (!n.isObject()) {
        add("audience", "must be an object");
        return a.build();
      }
      unknown(n, Audience.FIELDS, "audience.");
      Function<String, String> any = v -> null;
      List<String> required = names(n.get("requiredSegments"), "audience.requiredSegments", any);
      List<String> excluded = names(n.get("excludedSegments"), "audience.excludedSegments", any);
      for (int i = 0; i < excluded.size(); i++) {
        if (required.contains(excluded.get(i))) {
          add(
              "audience.excludedSegments[" + i + "]",
              "is also required: nobody could match the audience");
        }
      }
      a.setRequiredSegments(required).setExcludedSegments(excluded);
      a.setHesitationKinds(
          names(
              n.get("hesitationKinds"),
              "audience.hesitationKinds",
              oneOf(StrategyDrafts.names(HesitationKind.values()))));
      a.setReasons(
          names(
              n.get("reasons"),
              "audience.reasons",
              oneOf(StrategyDrafts.names(HesitationReason.values()))));
      a.setStages(
          names(
              n.get("stages"),
              "audience.stages",
              oneOf(StrategyDrafts.names(LifecycleStage.values()))));
      a.setLeadTypes(names(n.get("leadTypes"), "audience.leadTypes", Reader::leadType));
      a.setMinEngagementScore(score(n.get("minEngagementScore"), "audience.minEngagementScore"));
      a.setMinFitScore(score(n.get("minFitScore"), "audience.minFitScore"));
      a.setMinInfluenceScore(score(n.get("minInfluenceScore"), "audience.minInfluenceScore"));
      return a.build();
    }

    static String leadType(String v) {
      String[] parts = v.split(":", 2);
      Set<String> values = parts.length == 2 ? LEAD_TYPES.get(parts[0]) : null;
      if (values == null || !values.contains(parts[1])) {
        return "must be dimension:VALUE with dimension one of "
            + LEAD_TYPES.keySet().stream().sorted().toList()
            + " and a value of it, e.g. influence:INFLUENCER";
      }
      return null;
    }

    double score(JsonNode n, String path) {
      double v = number(n, path, 0.0);
      if (v < 0) {
        add(path, "must not be negative");
      }
      return v;
    }

    List<StrategyStep> steps(JsonNode n) {
      List<StrategyStep> out = new ArrayList<>();
      if (n == null || !n.isArray() || n.isEmpty() || n.size() > MAX_STEPS) {
        add("steps", "must be an array of 1 to " + MAX_STEPS + " steps");
        return out;
      }
      long previousDelay = -1;
      for (int i = 0; i < n.size(); i++) {
        String at = "steps[" + i + "]";
        JsonNode s = n.get(i);
        if (!s.isObject()) {
          add(at, "must be an object");
          continue;
        }
        unknown(s, STEP_FIELDS, at + ".");
        String type =
            name(s.get("type"), at + ".type", StrategyDrafts.names(StrategyStepType.values()));
        Long delay = duration(s.get("delay"), at + ".delay", true);
        if (delay != null && delay < previousDelay) {
          add(at + ".delay", "must not be before the previous step's delay");
        }
        if (delay != null) {
          previousDelay = delay;
        }
        String play = play(s.get("play"), at + ".play");
        if (play != null && !StrategyStepType.REASON_PLAY.name().equals(type)) {
          add(at + ".play", "only a REASON_PLAY step sends a play of its own");
        }
        out.add(
            StrategyStep.newBuilder()
                .setType(type == null ? StrategyStepType.REMINDER : StrategyStepType.valueOf(type))
                .setDelayMillis(delay == null ? 0 : delay)
                .setPlay(play)
                .setChannel(text(s.get("channel"), at + ".channel", false, MAX_NAME))
                .setAttributes(attributes(s.get("attributes"), at + ".attributes"))
                .setTemplateKey(text(s.get("templateKey"), at + ".templateKey", false, MAX_NAME))
                .build());
      }
      return out;
    }

    /** A FollowupPlay name other than OTHER, or null when absent. */
    String play(JsonNode n, String path) {
      if (n == null || n.isNull()) {
        return null;
      }
      Set<String> plays = new HashSet<>(StrategyDrafts.names(FollowupPlay.values()));
      plays.remove(FollowupPlay.OTHER.name());
      return name(n, path, plays);
    }

    Map<String, StrategyPlay> plays(JsonNode n) {
      Map<String, StrategyPlay> out = new LinkedHashMap<>();
      if (n == null || n.isNull()) {
        return out;
      }
      if (!n.isObject()) {
        add("plays", "must be an object: reason → {\"play\": ..., \"attributes\": {...}}");
        return out;
      }
      Set<String> reasons = StrategyDrafts.names(HesitationReason.values());
      n.fields()
          .forEachRemaining(
              e -> {
                String at = "plays." + e.getKey();
                if (!reasons.contains(e.getKey())) {
                  add(at, "is not a reason; one of " + reasons.stream().sorted().toList());
                  return;
                }
                JsonNode p = e.getValue();
                if (!p.isObject()) {
                  add(at, "must be an object {\"play\": ..., \"attributes\": {...}}");
                  return;
                }
                unknown(p, PLAY_FIELDS, at + ".");
                String play = play(p.get("play"), at + ".play");
                if (absent(p.get("play"))) {
                  add(at + ".play", "is required");
                }
                out.put(
                    e.getKey(),
                    StrategyPlay.newBuilder()
                        .setPlay(play == null ? FollowupPlay.REMINDER.name() : play)
                        .setAttributes(attributes(p.get("attributes"), at + ".attributes"))
                        .build());
              });
      return out;
    }

    StrategyGuardrails guardrails(JsonNode n) {
      if (n == null || n.isNull()) {
        return null;
      }
      if (!n.isObject()) {
        add("guardrails", "must be an object");
        return null;
      }
      unknown(n, GUARDRAIL_FIELDS, "guardrails.");
      JsonNode cap = n.get("frequencyCap");
      String quietStart = time(n.get("quietStart"), "guardrails.quietStart");
      String quietEnd = time(n.get("quietEnd"), "guardrails.quietEnd");
      if (absent(n.get("quietStart")) != absent(n.get("quietEnd"))) {
        add("guardrails", "quietStart and quietEnd go together");
      }
      Long cooldown = duration(n.get("cooldown"), "guardrails.cooldown", false);
      return StrategyGuardrails.newBuilder()
          .setFrequencyCap(
              cap == null || cap.isNull() ? null : integer(cap, "guardrails.frequencyCap", 0, 0))
          .setCooldownMillis(cooldown)
          .setQuietStart(quietStart)
          .setQuietEnd(quietEnd)
          .build();
    }

    double holdoutShare(JsonNode n) {
      double share = number(n, "holdoutShare", DEFAULT_HOLDOUT_SHARE);
      if (share < 0 || share >= 1) {
        add("holdoutShare", "must be at least 0 and below 1 (0.1 = 10 % get no follow-up)");
      }
      return share;
    }

    List<StrategyVariant> variants(JsonNode n, int steps) {
      List<StrategyVariant> out = new ArrayList<>();
      if (n == null || n.isNull()) {
        return out;
      }
      if (!n.isArray() || n.size() > MAX_VARIANTS) {
        add("variants", "must be an array of at most " + MAX_VARIANTS + " variants");
        return out;
      }
      Set<String> ids = new HashSet<>();
      for (int i = 0; i < n.size(); i++) {
        String at = "variants[" + i + "]";
        JsonNode v = n.get(i);
        if (!v.isObject()) {
          add(at, "must be an object");
          continue;
        }
        unknown(v, VARIANT_FIELDS, at + ".");
        String id = text(v.get("variantId"), at + ".variantId", true, MAX_NAME);
        if (!id.isEmpty() && !ID.matcher(id).matches()) {
          add(at + ".variantId", "must match " + ID.pattern());
        } else if (RESERVED_VARIANTS.contains(id)) {
          add(at + ".variantId", "is reserved: " + RESERVED_VARIANTS.stream().sorted().toList());
        } else if (!id.isEmpty() && !ids.add(id)) {
          add(at + ".variantId", "is used by another variant");
        }
        double weight = number(v.get("weight"), at + ".weight", 0.0);
        if (!(weight > 0)) {
          add(at + ".weight", "must be a number above 0 (relative to the other variants)");
        }
        out.add(
            StrategyVariant.newBuilder()
                .setVariantId(id)
                .setWeight(weight)
                .setStepOverrides(overrides(v.get("stepOverrides"), at + ".stepOverrides", steps))
                .build());
      }
      return out;
    }

    List<StepOverride> overrides(JsonNode n, String path, int steps) {
      List<StepOverride> out = new ArrayList<>();
      if (n == null || n.isNull()) {
        return out;
      }
      if (!n.isArray()) {
        add(path, "must be an array");
        return out;
      }
      for (int i = 0; i < n.size(); i++) {
        String at = path + "[" + i + "]";
        JsonNode o = n.get(i);
        if (!o.isObject()) {
          add(at, "must be an object");
          continue;
        }
        unknown(o, OVERRIDE_FIELDS, at + ".");
        JsonNode stepNode = o.get("step");
        int step = 0;
        if (stepNode == null || !stepNode.canConvertToInt()) {
          add(at + ".step", "is required: the 1-based position of the step");
        } else {
          step = stepNode.asInt();
          if (step < 1 || step > steps) {
            add(at + ".step", "must be between 1 and the number of steps (" + steps + ")");
          }
        }
        out.add(
            StepOverride.newBuilder()
                .setStep(step)
                .setDelayMillis(duration(o.get("delay"), at + ".delay", false))
                .setPlay(play(o.get("play"), at + ".play"))
                .setAttributes(attributes(o.get("attributes"), at + ".attributes"))
                .setTemplateKey(text(o.get("templateKey"), at + ".templateKey", false, MAX_NAME))
                .build());
      }
      return out;
    }
  }
}
