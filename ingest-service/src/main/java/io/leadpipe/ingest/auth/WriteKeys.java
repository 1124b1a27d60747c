package io.leadpipe.ingest.auth;

import io.leadpipe.ingest.config.SourceProperties;
import io.leadpipe.service.security.SecretDigest;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/**
 * Which source a write key belongs to. Keys are compared as {@link SecretDigest}s against every
 * configured key, without stopping early, so neither the length nor a matching prefix of a key
 * shows in the response time.
 */
@Singleton
public class WriteKeys {

  private record Source(String name, SecretDigest key) {}

  private final List<Source> sources;

  public WriteKeys(List<SourceProperties> configured) {
    this.sources =
        configured.stream()
            .filter(s -> s.getWriteKey() != null && !s.getWriteKey().isEmpty())
            .map(s -> new Source(s.getName(), SecretDigest.of(s.getWriteKey())))
            .toList();
  }

  /** The source name of {@code writeKey}, or empty when the key is unknown. */
  public Optional<String> sourceOf(String writeKey) {
    if (writeKey == null || writeKey.isEmpty()) {
      return Optional.empty();
    }
    SecretDigest presented = SecretDigest.of(writeKey);
    String match = null;
    for (Source source : sources) {
      if (source.key().sameAs(presented) && match == null) {
        match = source.name();
      }
    }
    return Optional.ofNullable(match);
  }

  public int size() {
    return sources.size();
  }
}
