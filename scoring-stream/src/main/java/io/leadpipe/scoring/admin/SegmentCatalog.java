package io.leadpipe.scoring.admin;

import io.leadpipe.schemas.segment.SegmentDefinition;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.service.catalog.CompactedCatalog;
import io.leadpipe.service.registry.RegistrySettings;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

/** The segment definitions as they are on {@code leadpipe.segment-definitions}. */
@Singleton
public class SegmentCatalog extends CompactedCatalog<SegmentDefinition> {

  public SegmentCatalog(
      @Value("${kafka.bootstrap.servers:localhost:9092}") String bootstrapServers,
      RegistrySettings registry) {
    super(
        bootstrapServers,
        new Source<>(
            Topics.SEGMENT_DEFINITIONS.name(),
            "segment definition",
            SegmentDefinition.class,
            SegmentDefinition::getSegmentId,
            "leadpipe-scoring-segment-catalog"),
        Topics.SEGMENT_DEFINITIONS.valueSerde(registry.serdeConfig()).deserializer());
  }

  @PreDestroy
  @Override
  public void close() throws InterruptedException {
    super.close();
  }
}
