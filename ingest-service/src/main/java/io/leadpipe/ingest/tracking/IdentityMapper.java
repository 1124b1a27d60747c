package io.leadpipe.ingest.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpipe.ingest.config.IngestLimits;
import io.leadpipe.ingest.enrichment.ContextMapper;
import io.leadpipe.ingest.event.Envelope;
import io.leadpipe.ingest.event.MappedEvent;
import io.leadpipe.ingest.event.RequestMeta;
import io.leadpipe.ingest.validation.FieldReader;
import io.leadpipe.schemas.common.ChannelConsent;
import io.leadpipe.schemas.common.Company;
import io.leadpipe.schemas.common.ConsentStatus;
import io.leadpipe.schemas.common.Traits;
import io.leadpipe.schemas.identity.IdentityEvent;
import io.leadpipe.schemas.identity.IdentityKind;
import io.leadpipe.schemas.topics.Topics;
import jakarta.inject.Singleton;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Segment {@code identify} (who the visitor is: traits, consent), {@code alias} (previousId is the
 * same person as userId) and {@code group} (the visitor belongs to an account) → {@link
 * IdentityEvent} on leadpipe.identities, keyed by visitor. Traits use Segment's reserved names
 * (firstName, address.city, birthday, ...) plus leadpipe's (incomeBand, interests, socialHandles,
 * consent); any other trait is kept in {@code custom} as JSON text.
 */
@Singleton
public class IdentityMapper {

  private static final int MAX_EMAIL_LENGTH = 320;

  private final ContextMapper contexts;
  private final IngestLimits limits;

  public IdentityMapper(ContextMapper contexts, IngestLimits limits) {
    this.contexts = contexts;
    this.limits = limits;
  }

  public MappedEvent identify(JsonNode message, int index, byte[] original, RequestMeta meta) {
    FieldReader r = new FieldReader();
    Envelope envelope = Envelope.read(message, meta, r, limits);
    Traits traits = traits(new PropertiesReader(r.object(message, "traits", ""), "traits", r));
    return result(
        "identify",
        index,
        original,
        envelope,
        r,
        builder(envelope, meta, message, r).setKind(IdentityKind.IDENTIFY).setTraits(traits));
  }

  public MappedEvent alias(JsonNode message, int index, byte[] original, RequestMeta meta) {
    FieldReader r = new FieldReader();
    Envelope envelope = Envelope.read(message, meta, r, limits);
    if (FieldReader.field(message, "userId") == null) {
      r.violation("userId", "is required for alias");
    }
    String previousId = r.id(message, "previousId", "", limits.maxIdLength());
    if (FieldReader.field(message, "previousId") == null) {
      r.violation("previousId", "is required for alias");
    }
    return result(
        "alias",
        index,
        original,
        envelope,
        r,
        builder(envelope, meta, message, r)
            .setKind(IdentityKind.ALIAS)
            .setPreviousId(previousId)
            .setTraits(Traits.newBuilder().build()));
  }

  /**
   * Segment {@code group}: the visitor belongs to the account {@code groupId}, whose traits (name,
   * industry, employees, plan; any other kept in {@code custom}) reach the profile as company
   * traits for segment rules and account fit.
   */
  public MappedEvent group(JsonNode message, int index, byte[] original, RequestMeta meta) {
    FieldReader r = new FieldReader();
    Envelope envelope = Envelope.read(message, meta, r, limits);
    String groupId = r.id(message, "groupId", "", limits.maxIdLength());
    if (FieldReader.field(message, "groupId") == null) {
      r.violation("groupId", "is required for group");
    }
    Company company =
        company(groupId, new PropertiesReader(r.object(message, "traits", ""), "traits", r));
    return result(
        "group",
        index,
        original,
        envelope,
        r,
        builder(envelope, meta, message, r)
            .setKind(IdentityKind.GROUP)
            .setGroupId(groupId)
            .setTraits(Traits.newBuilder().setCompany(company).build()));
  }

  /** Segment's reserved group traits that company fit and segments use; the rest stay custom. */
  private Company company(String groupId, PropertiesReader t) {
    FieldReader r = t.reader();
    String path = t.path();
    int shortText = limits.maxNameLength();
    Integer employees = t.read((n, f) -> r.integer(n, f, path), "employees");
    if (employees != null && employees < 0) {
      r.violation(FieldReader.path(path, "employees"), "must not be negative");
    }
    return Company.newBuilder()
        .setGroupId(groupId == null ? "" : groupId)
        .setName(t.read((n, f) -> r.text(n, f, path, limits.maxTextLength()), "name"))
        .setIndustry(t.read((n, f) -> r.text(n, f, path, shortText), "industry"))
        .setEmployees(employees)
        .setPlan(t.read((n, f) -> r.text(n, f, path, shortText), "plan"))
        .setCustom(t.rest())
        .build();
  }

  private IdentityEvent.Builder builder(
      Envelope envelope, RequestMeta meta, JsonNode message, FieldReader r) {
    return IdentityEvent.newBuilder()
        .setMessageId(envelope.messageId())
        .setAnonymousId(envelope.anonymousId())
        .setUserId(envelope.userId())
        .setEventTime(envelope.eventTime())
        .setReceivedAt(meta.receivedAt())
        .setSource(meta.source())
        .setContext(contexts.map(message, null, meta, r).context());
  }

  private Traits traits(PropertiesReader t) {
    FieldReader r = t.reader();
    String path = t.path();
    int shortText = limits.maxNameLength();
    JsonNode address = t.read((n, f) -> r.object(n, f, path), "address");
    String addressPath = FieldReader.path(path, "address");
    Integer birthYear = t.read((n, f) -> r.integer(n, f, path), "birthYear", "birth_year");
    String birthday = t.read((n, f) -> r.text(n, f, path, shortText), "birthday");
    if (birthYear == null && birthday != null) {
      birthYear = yearOf(birthday, FieldReader.path(path, "birthday"), r);
    }
    String country = t.read((n, f) -> r.text(n, f, path, shortText), "country");
    String region = t.read((n, f) -> r.text(n, f, path, shortText), "region", "state");
    String city = t.read((n, f) -> r.text(n, f, path, shortText), "city");
    return Traits.newBuilder()
        .setEmail(t.read((n, f) -> r.text(n, f, path, MAX_EMAIL_LENGTH), "email"))
        .setFirstName(t.read((n, f) -> r.text(n, f, path, shortText), "firstName", "first_name"))
        .setBirthYear(birthYear)
        .setAge(t.read((n, f) -> r.integer(n, f, path), "age"))
        .setGender(t.read((n, f) -> r.text(n, f, path, shortText), "gender"))
        .setIncomeBand(t.read((n, f) -> r.text(n, f, path, shortText), "incomeBand", "income_band"))
        .setJob(t.read((n, f) -> r.text(n, f, path, shortText), "job", "title"))
        .setCountry(country != null ? country : r.text(address, "country", addressPath, shortText))
        .setRegion(region != null ? region : r.text(address, "state", addressPath, shortText))
        .setCity(city != null ? city : r.text(address, "city", addressPath, shortText))
        .setTimezone(t.read((n, f) -> r.text(n, f, path, shortText), "timezone"))
        .setInterests(interests(t))
        .setSocialHandles(socialHandles(t))
        .setConsent(consent(t))
        .setCustom(t.rest())
        .build();
  }

  private static Integer yearOf(String birthday, String path, FieldReader r) {
    try {
      return LocalDate.parse(birthday.length() > 10 ? birthday.substring(0, 10) : birthday)
          .getYear();
    } catch (DateTimeException e) {
      r.violation(path, "must be an ISO-8601 date, e.g. 1990-05-31");
      return null;
    }
  }

  /** An array of strings, or one comma-separated string. */
  private List<String> interests(PropertiesReader t) {
    FieldReader r = t.reader();
    JsonNode node = t.read((n, f) -> FieldReader.field(n, f), "interests");
    String path = FieldReader.path(t.path(), "interests");
    List<String> interests = new ArrayList<>();
    if (node == null) {
      return interests;
    }
    if (node.isTextual()) {
      for (String s : node.textValue().split(",")) {
        if (!s.isBlank()) {
          interests.add(s.trim());
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        if (node.get(i).isTextual()) {
          interests.add(node.get(i).textValue());
        } else {
          r.violation(FieldReader.index(path, i), "must be a string");
        }
      }
    } else {
      r.violation(path, "must be an array of strings");
    }
    return interests;
  }

  private Map<String, String> socialHandles(PropertiesReader t) {
    FieldReader r = t.reader();
    JsonNode handles =
        t.read((n, f) -> r.object(n, f, t.path()), "socialHandles", "social_handles");
    Map<String, String> out = new LinkedHashMap<>();
    if (handles == null) {
      return out;
    }
    String path = FieldReader.path(t.path(), "socialHandles");
    Iterator<String> names = handles.fieldNames();
    while (names.hasNext()) {
      String network = names.next();
      String handle = r.text(handles, network, path, limits.maxNameLength());
      if (handle != null) {
        out.put(network.toLowerCase(Locale.ROOT), handle);
      }
    }
    return out;
  }

  /** channel → "granted" | "denied" | "revoked" | "unknown", or {status, updatedAt}. */
  private Map<String, ChannelConsent> consent(PropertiesReader t) {
    FieldReader r = t.reader();
    JsonNode consent = t.read((n, f) -> r.object(n, f, t.path()), "consent");
    Map<String, ChannelConsent> out = new LinkedHashMap<>();
    if (consent == null) {
      return out;
    }
    String path = FieldReader.path(t.path(), "consent");
    Iterator<String> channels = consent.fieldNames();
    while (channels.hasNext()) {
      String channel = channels.next();
      JsonNode value = consent.get(channel);
      String channelPath = FieldReader.path(path, channel);
      String status;
      Instant updatedAt = null;
      if (value.isObject()) {
        status = r.text(value, "status", channelPath, limits.maxNameLength());
        updatedAt = r.timestamp(value, "updatedAt", channelPath);
        channelPath = FieldReader.path(channelPath, "status");
      } else if (value.isTextual()) {
        status = value.textValue();
      } else {
        r.violation(channelPath, "must be a consent status string or an object with status");
        continue;
      }
      ConsentStatus parsed = consentStatus(status);
      if (parsed == null) {
        r.violation(channelPath, "must be one of granted, denied, revoked, unknown");
        continue;
      }
      out.put(
          channel.toLowerCase(Locale.ROOT),
          ChannelConsent.newBuilder().setStatus(parsed).setUpdatedAt(updatedAt).build());
    }
    return out;
  }

  private static ConsentStatus consentStatus(String status) {
    if (status == null) {
      return null;
    }
    try {
      return ConsentStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private MappedEvent result(
      String callType,
      int index,
      byte[] original,
      Envelope envelope,
      FieldReader r,
      IdentityEvent.Builder builder) {
    if (r.hasViolations()) {
      return new MappedEvent.Rejected(
          index,
          callType,
          envelope.messageId(),
          envelope.visitorId(),
          "invalid-event",
          r.violations(),
          original);
    }
    return new MappedEvent.Accepted(
        index, callType, Topics.IDENTITIES, envelope.visitorId(), builder.build());
  }
}
