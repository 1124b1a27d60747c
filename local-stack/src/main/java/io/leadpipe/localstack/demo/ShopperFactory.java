package io.leadpipe.localstack.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Draws shoppers from the persona mix. Some identify with traits that fit the shop's target customer
 * (outdoor enthusiasts of working age in the DACH region), others are off-target, so the fit score,
 * the profile lead type and the target-vs-actual view all have something to show.
 */
public final class ShopperFactory {

  private static final List<String> USER_AGENTS = List.of(
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
      "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36");
  private static final List<String[]> TARGET_PLACES = List.of(
      new String[] {"DE", "Bavaria", "Munich", "Europe/Berlin"},
      new String[] {"DE", "Berlin", "Berlin", "Europe/Berlin"},
      new String[] {"AT", "Tyrol", "Innsbruck", "Europe/Vienna"},
      new String[] {"CH", "Zurich", "Zurich", "Europe/Zurich"});
  private static final List<String[]> OTHER_PLACES = List.of(
      new String[] {"US", "California", "Los Angeles", "America/Los_Angeles"},
      new String[] {"BR", "Sao Paulo", "Sao Paulo", "America/Sao_Paulo"},
      new String[] {"JP", "Tokyo", "Tokyo", "Asia/Tokyo"});
  private static final List<String> TARGET_JOBS = List.of("engineer", "teacher", "nurse", "designer", "manager");
  private static final List<String> OTHER_JOBS = List.of("retired", "student");

  private final Random random;
  private final int totalWeight;
  private int count;

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
    return create(Persona.WINDOW_SHOPPER, referralCode);
  }

  private Shopper create(Persona persona, String referredBy) {
    int n = ++count;
    String anonymousId = "anon-" + Long.toHexString(random.nextLong() & Long.MAX_VALUE);
    // Buyers and influencers log in; about half of the others do.
    boolean identifies = persona == Persona.LOYAL_BUYER || persona == Persona.INFLUENCER || random.nextBoolean();
    boolean targetFit = random.nextDouble() < (persona == Persona.WINDOW_SHOPPER ? 0.3 : 0.65);
    String userId = identifies ? "user-" + n + "-" + Integer.toHexString(random.nextInt(0xffff)) : null;
    Map<String, Object> traits = identifies ? traits(userId, targetFit, persona) : Map.of();
    String referralCode = persona == Persona.INFLUENCER ? userId : null;
    return new Shopper(anonymousId, userId, persona, targetFit, traits, referralCode, referredBy,
        USER_AGENTS.get(random.nextInt(USER_AGENTS.size())));
  }

  private Map<String, Object> traits(String userId, boolean targetFit, Persona persona) {
    String[] place = (targetFit ? TARGET_PLACES : OTHER_PLACES).get(random.nextInt(targetFit ? TARGET_PLACES.size() : OTHER_PLACES.size()));
    Map<String, Object> traits = new LinkedHashMap<>();
    traits.put("email", userId + "@example.com");
    traits.put("age", targetFit ? 25 + random.nextInt(20) : (random.nextBoolean() ? 17 + random.nextInt(4) : 62 + random.nextInt(15)));
    traits.put("gender", random.nextBoolean() ? "female" : "male");
    traits.put("incomeBand", targetFit ? List.of("middle", "upper-middle", "high").get(random.nextInt(3)) : "low");
    traits.put("job", targetFit ? TARGET_JOBS.get(random.nextInt(TARGET_JOBS.size())) : OTHER_JOBS.get(random.nextInt(OTHER_JOBS.size())));
    traits.put("country", place[0]);
    traits.put("region", place[1]);
    traits.put("city", place[2]);
    traits.put("timezone", place[3]);
    traits.put("interests", targetFit ? List.of("hiking", "camping") : List.of("gaming"));
    if (persona == Persona.INFLUENCER) {
      traits.put("socialHandles", Map.of("instagram", "@" + userId));
    }
    // Most shoppers agree to e-mail; some refuse, and the notifier must respect that.
    traits.put("consent", Map.of("email", random.nextDouble() < 0.85 ? "granted" : "denied"));
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
}
