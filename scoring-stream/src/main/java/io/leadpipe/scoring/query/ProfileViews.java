package io.leadpipe.scoring.query;

import io.leadpipe.schemas.common.ScoreFactor;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.scoring.fit.Traits;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the query API shows a stored {@link ProspectProfile}: in full, as a ranked summary, as an
 * audience member.
 */
public final class ProfileViews {

  /**
   * Trait fields never served by the query API (it is called from browsers); the profile topic
   * keeps them.
   */
  static final List<String> WITHHELD_TRAITS = List.of("email");

  /**
   * Trait fields that name or locate a person, served only to a {@link DataScope#PERSONAL} caller.
   */
  static final List<String> PERSONAL_TRAITS =
      List.of("firstName", "birthYear", "city", "socialHandles", "custom");

  /** Top-level profile fields that identify a person (the shop's own user id). */
  static final List<String> PERSONAL_FIELDS = List.of("userId");

  /** The lead-type dimensions {@link #leadTypes} names, in its order. */
  public static final List<String> LEAD_TYPE_DIMENSIONS =
      List.of("purchaseFrequency", "purchaseVolume", "influence", "profileFit");

  private ProfileViews() {}

  /** {@code full} as {@code scope} may see it. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> forScope(Map<String, Object> full, DataScope scope) {
    if (scope == DataScope.PERSONAL) {
      return full;
    }
    Map<String, Object> json = new LinkedHashMap<>(full);
    PERSONAL_FIELDS.forEach(f -> json.put(f, null));
    if (json.get("traits") instanceof Map<?, ?> traits) {
      Map<String, Object> kept = new LinkedHashMap<>((Map<String, Object>) traits);
      PERSONAL_TRAITS.forEach(kept::remove);
      json.put("traits", kept);
    }
    return json;
  }

  /** {@code page} as {@code scope} may see it. */
  public static ProspectPage forScope(ProspectPage page, DataScope scope) {
    if (scope == DataScope.PERSONAL) {
      return page;
    }
    return new ProspectPage(
        page.total(),
        page.offset(),
        page.limit(),
        page.sort(),
        page.items().stream().map(ProspectSummary::withoutPersonalData).toList(),
        page.coverage());
  }

  /**
   * The whole profile as in the contract, with its explanation (score factors and history), minus
   * the e-mail.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> full(ProspectProfile p) {
    Map<String, Object> json = AvroJson.of(p);
    if (json.get("traits") instanceof Map<?, ?> traits) {
      WITHHELD_TRAITS.forEach(((Map<String, Object>) traits)::remove);
    }
    return json;
  }

  public static ProspectSummary summary(ProspectProfile p) {
    return new ProspectSummary(
        p.getVisitorId(),
        p.getUserId(),
        p.getStage().name(),
        p.getEngagement().getValue(),
        p.getFit().getValue(),
        p.getFit().getGrade().name(),
        p.getInfluence().getValue(),
        leadTypes(p),
        List.copyOf(p.getSegments()),
        p.getLastSeen().toString(),
        new ProspectSummary.Explanation(
            factors(p.getEngagement().getFactors()),
            factors(p.getFit().getFactors()),
            factors(p.getInfluence().getFactors())));
  }

  /** What a listing's filter looks at: stage, lead types, segments. */
  public static ProspectFacets facets(ProspectProfile p) {
    return new ProspectFacets(p.getStage().name(), leadTypes(p), p.getSegments());
  }

  /** Lead-type dimension → the contract's symbol, as listings show and filter them. */
  public static Map<String, String> leadTypes(ProspectProfile p) {
    Map<String, String> leadTypes = new LinkedHashMap<>();
    leadTypes.put(LEAD_TYPE_DIMENSIONS.get(0), p.getLeadTypes().getPurchaseFrequency().name());
    leadTypes.put(LEAD_TYPE_DIMENSIONS.get(1), p.getLeadTypes().getPurchaseVolume().name());
    leadTypes.put(LEAD_TYPE_DIMENSIONS.get(2), p.getLeadTypes().getInfluence().name());
    leadTypes.put(LEAD_TYPE_DIMENSIONS.get(3), p.getLeadTypes().getProfileFit().name());
    return leadTypes;
  }

  /** Stage and traits; interests are those the person stated and those their behaviour shows. */
  public static AudienceLens.Member member(ProspectProfile p) {
    var t = p.getTraits();
    Set<String> interests = new LinkedHashSet<>(t.getInterests());
    interests.addAll(p.getInterests());
    return new AudienceLens.Member(
        p.getStage().name(),
        new Traits(
            t.getAge(),
            t.getGender(),
            t.getIncomeBand(),
            t.getJob(),
            t.getCountry(),
            t.getCity(),
            interests));
  }

  private static List<ProspectSummary.Factor> factors(List<ScoreFactor> factors) {
    return factors.stream()
        .map(
            f ->
                new ProspectSummary.Factor(
                    f.getSignal(),
                    f.getPoints(),
                    f.getAt() == null ? null : f.getAt().toString(),
                    f.getDetail()))
        .toList();
  }
}
