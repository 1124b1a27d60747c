package io.leadpipe.ingest.auth;

import io.leadpipe.ingest.config.SourceProperties;
import io.leadpipe.service.security.RunMode;
import io.leadpipe.service.security.SecretDigest;
import io.leadpipe.service.security.SecretSetting;
import io.micronaut.context.annotation.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which source a write key belongs to, checked when the service starts (a {@link Context} bean) so
 * an instance without keys of its own never comes up: outside local mode every configured source
 * needs its own key (no demo key, at least {@link SecretSetting#MIN_LENGTH} characters, or its
 * {@code sha256:<hex>} digest), named by {@link #variableOf its variable}. Local mode falls back to
 * the documented demo keys: {@value #DEMO_SHOP_KEY} for {@value #DEMO_SHOP} (browser) and {@value
 * #DEMO_SERVER_KEY} for {@value #DEMO_SERVER} (server), added unless configured.
 *
 * <p>Keys are compared as {@link SecretDigest}s against every configured key, without stopping
 * early, so neither the length nor a matching prefix of a key shows in the response time.
 */
@Context
public class WriteKeys {

  public static final String DEMO_SHOP = "demo-shop";
  public static final String DEMO_SHOP_KEY = "demo-write-key";
  public static final String DEMO_SHOP_VARIABLE = "DEMO_SHOP_WRITE_KEY";
  public static final String DEMO_SERVER = "demo-server";
  public static final String DEMO_SERVER_KEY = "demo-server-write-key";

  private static final String PREFIX = "leadpipe.ingest.sources.";

  private record Keyed(Source source, SecretDigest key) {}

  private final List<Keyed> sources;

  public WriteKeys(RunMode mode, List<SourceProperties> configured) {
    List<Keyed> keyed = new ArrayList<>();
    boolean demoServerConfigured = false;
    for (SourceProperties s : configured) {
      demoServerConfigured |= DEMO_SERVER.equals(s.getName());
      add(keyed, mode, s.getName(), s.getWriteKey(), s.getKind());
    }
    if (mode.isLocal() && !demoServerConfigured) {
      add(keyed, mode, DEMO_SERVER, null, SourceKind.SERVER.name());
    }
    this.sources = List.copyOf(keyed);
  }

  private static void add(
      List<Keyed> keyed, RunMode mode, String name, String writeKey, String kind) {
    SecretSetting setting = settingOf(name);
    Source source = new Source(name, SourceKind.parse(PREFIX + name + ".kind", kind));
    for (String key : setting.accepted(mode, writeKey == null ? List.of() : List.of(writeKey))) {
      keyed.add(new Keyed(source, SecretDigest.ofConfigured(setting.property(), key)));
    }
  }

  /** The rule for one source's key; the demo sources have their local fallback. */
  static SecretSetting settingOf(String source) {
    String localDemo =
        switch (source) {
          case DEMO_SHOP -> DEMO_SHOP_KEY;
          case DEMO_SERVER -> DEMO_SERVER_KEY;
          default -> null;
        };
    return new SecretSetting(PREFIX + source + ".write-key", variableOf(source), localDemo, true);
  }

  /**
   * The environment variable a source's key is read from: {@code DEMO_SHOP_WRITE_KEY} for {@value
   * #DEMO_SHOP} (application.yml), else Micronaut's name for the property, {@code
   * LEADPIPE_INGEST_SOURCES_<NAME>_WRITE_KEY} (a one-word name: Micronaut reads {@code _} as a
   * dot).
   */
  public static String variableOf(String source) {
    if (DEMO_SHOP.equals(source)) {
      return DEMO_SHOP_VARIABLE;
    }
    return "LEADPIPE_INGEST_SOURCES_"
        + source.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_")
        + "_WRITE_KEY";
  }

  /** The source of {@code writeKey}, or empty when the key is unknown. */
  public Optional<Source> sourceOf(String writeKey) {
    if (writeKey == null || writeKey.isEmpty()) {
      return Optional.empty();
    }
    SecretDigest presented = SecretDigest.of(writeKey);
    Source match = null;
    for (Keyed keyed : sources) {
      if (keyed.key().sameAs(presented) && match == null) {
        match = keyed.source();
      }
    }
    return Optional.ofNullable(match);
  }

  /**
   * The configured source named {@code name} (a dead-letter replay reads it under today's kind).
   */
  public Optional<Source> sourceNamed(String name) {
    return sources.stream().map(Keyed::source).filter(s -> s.name().equals(name)).findFirst();
  }

  public int size() {
    return sources.size();
  }
}
