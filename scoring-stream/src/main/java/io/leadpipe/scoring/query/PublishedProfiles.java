package io.leadpipe.scoring.query;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.service.registry.RegistrySettings;
import jakarta.inject.Singleton;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes the profile store's values: the Avro bytes exactly as published on {@code
 * leadpipe.prospect-profiles} (serialized once, by segment evaluation), read with the topic's own
 * deserializer so its writer schema is resolved through the registry like any subscriber's.
 */
@Singleton
public final class PublishedProfiles {

  private final Deserializer<ProspectProfile> deserializer;

  public PublishedProfiles(RegistrySettings registry) {
    this(registry.serdeConfig());
  }

  public PublishedProfiles(Map<String, ?> registryConfig) {
    this.deserializer = Topics.PROSPECT_PROFILES.valueSerde(registryConfig).deserializer();
  }

  /** The profile of stored bytes; null for none. */
  public ProspectProfile decode(byte[] stored) {
    return stored == null
        ? null
        : deserializer.deserialize(Topics.PROSPECT_PROFILES.name(), stored);
  }
}
