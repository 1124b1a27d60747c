package io.leadpipe.scoring.query;

import io.leadpipe.schemas.propensity.PropensityModel;
import io.leadpipe.scoring.propensity.PropensitySettings;
import io.leadpipe.scoring.propensity.stream.ModelRecords;
import io.leadpipe.scoring.topology.Stores;
import io.leadpipe.streams.runtime.ManagedStreams;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The purchase propensity model (docs/scoring.md, Propensity): the version every instance scores
 * with, and each version with its holdout calibration (Brier score, reliability by decile) and AUC.
 * Read from this instance's copy of the global model table, so any instance answers alike; no
 * personal data.
 */
@Controller("/v1/propensity")
@ExecuteOn(TaskExecutors.BLOCKING)
public class PropensityController {

  private final ManagedStreams scoring;

  public PropensityController(@Named(Stores.SCORING) ManagedStreams scoring) {
    this.scoring = scoring;
  }

  @Get("/model")
  public Map<String, Object> model() {
    KafkaStreams streams =
        scoring
            .streams()
            .orElseThrow(() -> new QueryUnavailableException("the models are not loaded yet"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", PropensitySettings.MODEL);
    try {
      ReadOnlyKeyValueStore<String, PropensityModel> store =
          streams.store(
              StoreQueryParameters.fromNameAndType(
                  Stores.PROPENSITY_MODEL_STORE,
                  QueryableStoreTypes.<String, PropensityModel>keyValueStore()));
      PropensityModel serving = store.get(PropensitySettings.MODEL);
      // Version 0 (the starting point from the rule scores) scores until the trainer publishes.
      out.put("servingVersion", serving == null ? 0 : serving.getVersion());
      out.put("serving", serving == null ? null : AvroJson.of(serving));
      List<PropensityModel> versions = new ArrayList<>();
      String prefix = ModelRecords.versionKey(PropensitySettings.MODEL, 0);
      prefix = prefix.substring(0, prefix.length() - 1);
      try (KeyValueIterator<String, PropensityModel> all = store.all()) {
        while (all.hasNext()) {
          var kv = all.next();
          if (kv.key.startsWith(prefix) && kv.value != null) {
            versions.add(kv.value);
          }
        }
      }
      versions.sort(Comparator.comparingInt(PropensityModel::getVersion));
      out.put("versions", versions.stream().map(AvroJson::of).toList());
    } catch (InvalidStateStoreException e) {
      throw new QueryUnavailableException("the model store is not ready; retry", e);
    }
    return out;
  }
}
