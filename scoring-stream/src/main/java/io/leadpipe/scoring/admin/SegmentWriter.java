package io.leadpipe.scoring.admin;

import io.leadpipe.schemas.segment.SegmentDefinition;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.service.catalog.CatalogWriter;
import io.leadpipe.service.registry.RegistrySettings;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

/** Writes segment definitions (a null value deletes) to {@code leadpipe.segment-definitions}. */
@Singleton
public class SegmentWriter extends CatalogWriter<SegmentDefinition> {

  public SegmentWriter(
      @Value("${kafka.bootstrap.servers:localhost:9092}") String bootstrapServers,
      RegistrySettings registry,
      SegmentSettings settings) {
    super(
        bootstrapServers,
        Topics.SEGMENT_DEFINITIONS.name(),
        "leadpipe-scoring-segment-admin",
        Topics.SEGMENT_DEFINITIONS.valueSerde(registry.serdeConfig()).serializer(),
        settings.writeTimeout(),
        SegmentsUnavailableException::new);
  }

  @PreDestroy
  @Override
  public void close() {
    super.close();
  }
}
