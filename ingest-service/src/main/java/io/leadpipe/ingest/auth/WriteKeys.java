package io.leadpipe.ingest.auth;

import io.leadpipe.ingest.config.SourceProperties;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

/**
 * Which source a write key belongs to. Keys are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual} against every configured key, without stopping early, so neither the
 * length nor a matching prefix of a key shows in the response time.
 */
@Singleton
public class WriteKeys {

  private record Source(String name, byte[] keyDigest) {}

  private final List<Source> sources;

  public WriteKeys(List<SourceProperties> configured) {
    this.sources = configured.stream()
        .filter(s -> s.getWriteKey() != null && !s.getWriteKey().isEmpty())
        .map(s -> new Source(s.getName(), digest(s.getWriteKey())))
        .toList();
  }

  /** The source name of {@code writeKey}, or empty when the key is unknown. */
  public Optional<String> sourceOf(String writeKey) {
    if (writeKey == null || writeKey.isEmpty()) {
      return Optional.empty();
    }
    byte[] presented = digest(writeKey);
    String match = null;
    for (Source source : sources) {
      if (MessageDigest.isEqual(presented, source.keyDigest()) && match == null) {
        match = source.name();
      }
    }
    return Optional.ofNullable(match);
  }

  public int size() {
    return sources.size();
  }

  private static byte[] digest(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
