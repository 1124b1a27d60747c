package io.leadpipe.localstack.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Draws shoppers from the persona mix. Some identify with traits that fit the target customer
 * (scoring-stream's default: 25–45, middle income or above, DE/FR/NL/GB, shoes and lifestyle among
 * their interests), others are off-target (teenagers and pensioners, low income, far away, into
 * gaming), so the fit score, the profile lead type and the target-vs-actual view all have something
 * to show.
 */
public final class ShopperFactory {

  /** A place: country, region, city, time zone, locale. */
  private record Place(
      String country, String region, String city, String timezone, String locale) {}

  private static final List<String> USER_AGENTS =
      List.of(
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
          "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
          "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
          "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36");
  private static final List<Place> TARGET_PLACES =
      List.of(
          new Place("DE", "Bavaria", "Munich", "Europe/Berlin", "de-DE"),
          new Place("DE", "Berlin", "Berlin", "Europe/Berlin", "de-DE"),
          new Place("NL", "North Holland", "Amsterdam", "Europe/Amsterdam", "nl-NL"),
          new Place("FR", "Auvergne-Rhone-Alpes", "Lyon", "Europe/Paris", "fr-FR"),
          new Place("GB", "England", "London", "Europe/London", "en-GB"));
  private static final List<Place> OTHER_PLACES =
      List.of(
          new Place("BR", "Sao Paulo", "Sao Paulo", "America/Sao_Paulo", "pt-BR"),
          new Place("JP", "Tokyo", "Tokyo", "Asia/Tokyo", "ja-JP"),
          new Place("AU", "Queensland", "Brisbane", "Australia/Brisbane", "en-AU"));
  private static final List<String> TARGET_JOBS =
      List.of("engineer", "teacher", "nurse", "designer", "manager");
  private static final List<String> OTHER_JOBS = List.of("retired", "student");
  private static final List<String> TARGET_INCOMES = List.of("middle", "upper-middle", "high");
  private static final String OTHER_INCOME = "low";
  private static final List<List<String>> TARGET_INTERESTS =
      List.of(
          List.of("hiking", "shoes", "lifestyle"),
          List.of("camping", "accessories", "shoes"),
          List.of("trail running", "lifestyle", "accessories"));
  private static final List<String> OTHER_INTERESTS = List.of("gaming");
  private static final int TARGET_MIN_AGE = 25;
  private static final int TARGET_AGE_SPAN = 21;
  private static final int TEEN_MIN_AGE = 16;
  private static final int TEEN_AGE_SPAN = 5;
  private static final int SENIOR_MIN_AGE = 62;
  private static final int SENIOR_AGE_SPAN = 15;
  private static final List<String> CAMPAIGNS =
      List.of(
          "utm_source=instagram&utm_medium=social&utm_campaign=autumn-trails",
          "utm_source=newsletter&utm_medium=email&utm_campaign=autumn-trails",
          "utm_source=google&utm_medium=cpc&utm_campaign=tents");

  /**
   * Share of window shoppers who fit the target: browsing is where the off-target audience shows.
   */
  static final double WINDOW_SHOPPER_TARGET_SHARE = 0.3;

  static final double TARGET_SHARE = 0.65;

  /** Share of the personas that do not need an account who still log in. */
  static final double LOGIN_SHARE = 0.5;

  static final double CAMPAIGN_SHARE = 0.3;

  /** Most shoppers agree to e-mail; some refuse, and the notifier must respect that. */
  static final double EMAIL_CONSENT_SHARE = 0.85;

  private static final int ID_HEX_BITS = 48;

  /** Influencers reach thousands; everyone else a few friends. */
  private static final int INFLUENCER_MIN_FOLLOWERS = 5_000;

  private static final int INFLUENCER_FOLLOWER_SPAN = 45_000;
  private static final int MIN_FOLLOWERS = 20;
  private static final int FOLLOWER_SPAN = 480;

  private final Random random;
  private final int totalWeight;

  public ShopperFactory(Random random) {
    this.random = random;
    int sum = 0;
    for (Persona p : Persona.values()) {
      sum += p.weight();
    }
    this.totalWeight = sum;
  }

  public Shopper next() {
    return create(pickPersona(), null);
  }

  /** A new visitor who arrived through a shared link carrying {@code referralCode}. */
  public Shopper referredBy(String referralCode) {
    return create(Persona.REFERRED_FRIEND, referralCode);
  }

  private Shopper create(Persona persona, String referredBy) {
    String anonymousId = "anon-" + randomHex();
    // Buyers and influencers log in; about half of the others do.
    boolean identifies = persona.hasAccount() || random.nextDouble() < LOGIN_SHARE;
    boolean targetFit =
        random.nextDouble()
            < (persona == Persona.WINDOW_SHOPPER ? WINDOW_SHOPPER_TARGET_SHARE : TARGET_SHARE);
    Place place = targetFit ? pick(TARGET_PLACES) : pick(OTHER_PLACES);
    String userId = identifies ? "user-" + randomHex() : null;
    Map<String, Object> traits = identifies ? traits(userId, targetFit, place, persona) : Map.of();
    String referralCode = persona == Persona.INFLUENCER ? "ref-" + randomHex() : null;
    String campaign =
        referredBy == null && random.nextDouble() < CAMPAIGN_SHARE ? pick(CAMPAIGNS) : null;
    int followers =
        persona == Persona.INFLUENCER
            ? INFLUENCER_MIN_FOLLOWERS + random.nextInt(INFLUENCER_FOLLOWER_SPAN)
            : MIN_FOLLOWERS + random.nextInt(FOLLOWER_SPAN);
    return new Shopper(
        anonymousId,
        userId,
        persona,
        targetFit,
        traits,
        referralCode,
        referredBy,
        campaign,
        pick(USER_AGENTS),
        place.locale(),
        place.timezone(),
        followers);
  }

  private Map<String, Object> traits(
      String userId, boolean targetFit, Place place, Persona persona) {
    Map<String, Object> traits = new LinkedHashMap<>();
    traits.put("email", userId + "@example.com");
    traits.put(
        "age",
        targetFit
            ? TARGET_MIN_AGE + random.nextInt(TARGET_AGE_SPAN)
            : random.nextBoolean()
                ? TEEN_MIN_AGE + random.nextInt(TEEN_AGE_SPAN)
                : SENIOR_MIN_AGE + random.nextInt(SENIOR_AGE_SPAN));
    traits.put("gender", random.nextBoolean() ? "female" : "male");
    traits.put("incomeBand", targetFit ? pick(TARGET_INCOMES) : OTHER_INCOME);
    traits.put("job", targetFit ? pick(TARGET_JOBS) : pick(OTHER_JOBS));
    traits.put("country", place.country());
    traits.put("region", place.region());
    traits.put("city", place.city());
    traits.put("timezone", place.timezone());
    traits.put("interests", targetFit ? pick(TARGET_INTERESTS) : OTHER_INTERESTS);
    if (persona == Persona.INFLUENCER) {
      traits.put("socialHandles", Map.of("instagram", "@" + userId));
    }
    traits.put(
        "consent",
        Map.of("email", random.nextDouble() < EMAIL_CONSENT_SHARE ? "granted" : "denied"));
    return traits;
  }

  private Persona pickPersona() {
    int pick = random.nextInt(totalWeight);
    for (Persona p : Persona.values()) {
      pick -= p.weight();
      if (pick < 0) {
        return p;
      }
    }
    throw new IllegalStateException("weights changed while picking");
  }

  private <T> T pick(List<T> list) {
    return list.get(random.nextInt(list.size()));
  }

  private String randomHex() {
    return Long.toHexString(random.nextLong() >>> (Long.SIZE - ID_HEX_BITS));
  }
}
