package io.leadpipe.ingest.health;

import io.leadpipe.ingest.publish.EventPublisher;
import io.leadpipe.registry.client.SchemaRegistryClient;
import io.leadpipe.registry.client.SchemaRegistryException;
import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.service.registry.RegistrySettings;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificData;

/**
 * Not ready while a record type ingest writes has no schema id and the registry cannot give it:
 * such events could only be answered 503. Ids are cached once known (the serializers share this
 * client), so a registry outage after warm-up keeps ingest ready and serving, while a start without
 * the registry is not ready until it is back. Asking here also fetches the ids before the first
 * event needs them.
 */
@Singleton
@Readiness
public class SchemaRegistryReadinessIndicator extends AbstractHealthIndicator<Map<String, Object>> {

  private final SchemaRegistryClient client;
  private final RegistrySettings settings;

  public SchemaRegistryReadinessIndicator(SchemaRegistryClient client, RegistrySettings settings) {
    this.client = client;
    this.settings = settings;
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    Map<String, Object> details = new LinkedHashMap<>();
    int known = 0;
    for (Topic<?> topic : EventPublisher.WRITTEN_TOPICS) {
      // The subject the serializers use (Confluent's topic name strategy); cached ids make no
      // registry call.
      String subject = topic.name() + "-value";
      String schema = SpecificData.get().getSchema(topic.valueType()).toString();
      try {
        if (settings.autoRegister()) {
          client.register(subject, schema);
        } else {
          client.lookup(subject, schema);
        }
        known++;
      } catch (SchemaRegistryException e) {
        details.put(
            "error",
            e instanceof SchemaRegistryException.SchemaRegistryServerException
                ? "schema registry unreachable"
                : "schema registry refused the schema (status " + e.status() + ")");
        details.put("subject", subject);
        break; // the next subjects would wait on the same unreachable registry
      }
    }
    details.put("schemas-known", known + "/" + EventPublisher.WRITTEN_TOPICS.size());
    healthStatus =
        known == EventPublisher.WRITTEN_TOPICS.size() ? HealthStatus.UP : HealthStatus.DOWN;
    return details;
  }

  @Override
  protected String getName() {
    return "schema-registry";
  }
}
