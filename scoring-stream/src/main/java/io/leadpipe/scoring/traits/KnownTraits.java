package io.leadpipe.scoring.traits;

import io.leadpipe.schemas.common.ChannelConsent;
import io.leadpipe.schemas.common.Company;
import io.leadpipe.schemas.common.ConsentStatus;
import io.leadpipe.schemas.common.Traits;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a visitor told us about themselves (identify) and the account they belong to (group, as
 * {@code company.*}), field by field: each field keeps its latest value by event time, so a late
 * identify never overwrites a newer answer. Consent is kept per channel with its date; an identify
 * that says nothing about a channel (UNKNOWN) leaves it as it was.
 *
 * @param values trait name (the contract's field names; {@code social.<network>}, {@code
 *     custom.<name>}) → value
 * @param interests declared interests
 * @param consent channel → consent
 * @param setAt trait name (or {@code interests}) → event time of the value kept
 * @param observedTimezone the timezone the visitor's browser reports, used when they never told us
 *     theirs
 */
public record KnownTraits(
    Map<String, String> values,
    List<String> interests,
    Map<String, Consent> consent,
    Map<String, Instant> setAt,
    String observedTimezone) {

  public static final String EMAIL = "email";
  public static final String FIRST_NAME = "firstName";
  public static final String BIRTH_YEAR = "birthYear";
  public static final String AGE = "age";
  public static final String GENDER = "gender";
  public static final String INCOME_BAND = "incomeBand";
  public static final String JOB = "job";
  public static final String COUNTRY = "country";
  public static final String REGION = "region";
  public static final String CITY = "city";
  public static final String TIMEZONE = "timezone";
  public static final String INTERESTS = "interests";

  /** The account the visitor belongs to (group call): {@code company.<field>}. */
  public static final String COMPANY = "company.";

  public static final String COMPANY_GROUP_ID = COMPANY + "groupId";
  public static final String COMPANY_NAME = COMPANY + "name";
  public static final String COMPANY_INDUSTRY = COMPANY + "industry";
  public static final String COMPANY_EMPLOYEES = COMPANY + "employees";
  public static final String COMPANY_PLAN = COMPANY + "plan";
  static final String SOCIAL = "social.";
  static final String CUSTOM = "custom.";

  public KnownTraits {
    values = values == null ? Map.of() : Map.copyOf(values);
    interests = interests == null ? List.of() : List.copyOf(interests);
    consent = consent == null ? Map.of() : Map.copyOf(consent);
    setAt = setAt == null ? Map.of() : Map.copyOf(setAt);
  }

  public static KnownTraits none() {
    return new KnownTraits(Map.of(), List.of(), Map.of(), Map.of(), null);
  }

  /**
   * Applies an identify's traits told at {@code at}; at most {@code customKept} custom traits are
   * kept.
   */
  public KnownTraits merge(Traits told, Instant at, int customKept) {
    var next = new Merge(this, at);
    next.put(EMAIL, told.getEmail());
    next.put(FIRST_NAME, told.getFirstName());
    next.put(BIRTH_YEAR, told.getBirthYear());
    next.put(AGE, told.getAge());
    next.put(GENDER, told.getGender());
    next.put(INCOME_BAND, told.getIncomeBand());
    next.put(JOB, told.getJob());
    next.put(COUNTRY, told.getCountry());
    next.put(REGION, told.getRegion());
    next.put(CITY, told.getCity());
    next.put(TIMEZONE, told.getTimezone());
    told.getSocialHandles().forEach((network, handle) -> next.put(SOCIAL + network, handle));
    told.getCustom()
        .forEach(
            (name, value) -> {
              if (next.values.containsKey(CUSTOM + name) || customCount(next.values) < customKept) {
                next.put(CUSTOM + name, value);
              }
            });
    if (!told.getInterests().isEmpty()) {
      next.interests(told.getInterests());
    }
    told.getConsent().forEach(next::consent);
    if (told.getCompany() != null) {
      next.company(told.getCompany());
    }
    return next.build();
  }

  /** The handle the visitor acts with on a social network (from a social event). */
  public KnownTraits withSocialHandle(String network, String handle, Instant at) {
    var next = new Merge(this, at);
    next.put(SOCIAL + network, handle);
    return next.build();
  }

  /** The browser's timezone: kept for quiet hours when the visitor never told us theirs. */
  public KnownTraits withObservedTimezone(String timezone) {
    if (timezone == null || timezone.equals(observedTimezone)) {
      return this;
    }
    return new KnownTraits(values, interests, consent, setAt, timezone);
  }

  public String value(String name) {
    return values.get(name);
  }

  /** The age told, else derived from the birth year as of {@code now}. */
  public Integer age(Instant now) {
    String age = values.get(AGE);
    if (age != null) {
      return Integer.valueOf(age);
    }
    String birthYear = values.get(BIRTH_YEAR);
    return birthYear == null
        ? null
        : LocalDate.ofInstant(now, ZoneOffset.UTC).getYear() - Integer.parseInt(birthYear);
  }

  public String timezone() {
    String told = values.get(TIMEZONE);
    return told != null ? told : observedTimezone;
  }

  /** network → handle. */
  public Map<String, String> socialHandles() {
    return withPrefix(SOCIAL);
  }

  /** name → JSON text. */
  public Map<String, String> custom() {
    return withPrefix(CUSTOM);
  }

  /** The traits fit is scored on, with the profile's interests (declared and from behaviour). */
  public io.leadpipe.scoring.fit.Traits forFit(Instant now, Collection<String> profileInterests) {
    return new io.leadpipe.scoring.fit.Traits(
        age(now),
        values.get(GENDER),
        values.get(INCOME_BAND),
        values.get(JOB),
        values.get(COUNTRY),
        values.get(CITY),
        Set.copyOf(profileInterests),
        values.get(COMPANY_INDUSTRY),
        companyEmployees());
  }

  /** The company size told by the latest group call, or null. */
  public Integer companyEmployees() {
    String employees = values.get(COMPANY_EMPLOYEES);
    return employees == null ? null : Integer.valueOf(employees);
  }

  /** When the trait(s) behind a fit criterion were last told, or null if never. */
  public Instant toldAt(String criterion) {
    List<String> fields =
        switch (criterion) {
          case "age" -> List.of(AGE, BIRTH_YEAR);
          case "income" -> List.of(INCOME_BAND);
          case "location" -> List.of(COUNTRY, CITY);
          case "industry" -> List.of(COMPANY_INDUSTRY);
          case "companySize" -> List.of(COMPANY_EMPLOYEES);
          default -> List.of(criterion);
        };
    return fields.stream()
        .map(setAt::get)
        .filter(t -> t != null)
        .max(Instant::compareTo)
        .orElse(null);
  }

  private Map<String, String> withPrefix(String prefix) {
    Map<String, String> out = new TreeMap<>();
    values.forEach(
        (k, v) -> {
          if (k.startsWith(prefix)) {
            out.put(k.substring(prefix.length()), v);
          }
        });
    return out;
  }

  private static long customCount(Map<String, String> values) {
    return values.keySet().stream().filter(k -> k.startsWith(CUSTOM)).count();
  }

  /**
   * Field-by-field merge: a value told at {@code at} replaces one told earlier, never one told
   * later.
   */
  private static final class Merge {
    private final Map<String, String> values;
    private List<String> interests;
    private final Map<String, Consent> consent;
    private final Map<String, Instant> setAt;
    private final String observedTimezone;
    private final Instant at;

    Merge(KnownTraits from, Instant at) {
      this.values = new HashMap<>(from.values);
      this.interests = from.interests;
      this.consent = new HashMap<>(from.consent);
      this.setAt = new HashMap<>(from.setAt);
      this.observedTimezone = from.observedTimezone;
      this.at = at;
    }

    void put(String name, Object value) {
      if (value != null && isNewer(name)) {
        values.put(name, String.valueOf(value));
        setAt.put(name, at);
      }
    }

    /**
     * A group call: the account's traits. Moving to another account drops what was known of the
     * previous one, so its industry or size never sticks to the new one.
     */
    void company(Company told) {
      if (!isNewer(COMPANY_GROUP_ID)) {
        return;
      }
      if (!told.getGroupId().equals(values.get(COMPANY_GROUP_ID))) {
        values.keySet().removeIf(k -> k.startsWith(COMPANY));
        setAt.keySet().removeIf(k -> k.startsWith(COMPANY));
      }
      put(COMPANY_GROUP_ID, told.getGroupId());
      put(COMPANY_NAME, told.getName());
      put(COMPANY_INDUSTRY, told.getIndustry());
      put(COMPANY_EMPLOYEES, told.getEmployees());
      put(COMPANY_PLAN, told.getPlan());
    }

    void interests(List<String> told) {
      if (isNewer(INTERESTS)) {
        List<String> cleaned = new ArrayList<>();
        for (String i : told) {
          if (i != null
              && !i.isBlank()
              && cleaned.stream().noneMatch(c -> c.equalsIgnoreCase(i.trim()))) {
            cleaned.add(i.trim().toLowerCase(Locale.ROOT));
          }
        }
        interests = cleaned;
        setAt.put(INTERESTS, at);
      }
    }

    void consent(String channel, ChannelConsent told) {
      if (told == null || told.getStatus() == ConsentStatus.UNKNOWN) {
        return;
      }
      Instant since = told.getUpdatedAt() != null ? told.getUpdatedAt() : at;
      Consent known = consent.get(channel);
      if (known == null || !since.isBefore(known.at())) {
        consent.put(channel, new Consent(told.getStatus().name(), since));
      }
    }

    private boolean isNewer(String name) {
      Instant known = setAt.get(name);
      return known == null || !at.isBefore(known);
    }

    KnownTraits build() {
      return new KnownTraits(values, interests, consent, setAt, observedTimezone);
    }
  }
}
