package io.leadpipe.scoring.propensity.stream;

import io.leadpipe.schemas.profile.Propensity;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.propensity.PropensityModel;
import io.leadpipe.scoring.propensity.LogisticModel;
import io.leadpipe.scoring.propensity.PropensityFeatures;
import io.leadpipe.scoring.propensity.PropensitySettings;
import io.leadpipe.scoring.propensity.StartingPoint;
import io.leadpipe.scoring.topology.Stores;
import io.leadpipe.streams.global.GlobalTableChanges;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A profile at publish time → its purchase propensity from the serving version in the global model
 * store (the same on every instance), or the starting point while none has been published: one dot
 * product per published profile. The serving model is re-read only after the loader changed the
 * store. One per processor instance.
 */
public final class ServingPropensity {

  private final PropensitySettings settings;
  private final GlobalTableChanges changes;
  private ReadOnlyKeyValueStore<String, PropensityModel> models;
  private long changesSeen = -1;
  private LogisticModel serving = StartingPoint.model();

  public ServingPropensity(PropensitySettings settings, GlobalTableChanges changes) {
    this.settings = settings;
    this.changes = changes;
  }

  public void init(ProcessorContext<?, ?> context) {
    this.models = context.getStateStore(Stores.PROPENSITY_MODEL_STORE);
  }

  public Propensity of(ProspectProfile profile) {
    return ModelRecords.prediction(
        serving(), PropensityFeatures.of(profile), settings.horizonDays(), settings.topFactors());
  }

  private LogisticModel serving() {
    long now = changes.current();
    if (now != changesSeen) {
      changesSeen = now;
      PropensityModel record = models.get(PropensitySettings.MODEL);
      LogisticModel model = record == null ? null : ModelRecords.fromAvro(record);
      serving = model == null ? StartingPoint.model() : model;
    }
    return serving;
  }
}
