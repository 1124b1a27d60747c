package io.leadpipe.scoring.propensity.stream;

import io.leadpipe.schemas.propensity.PropensityModel;
import io.leadpipe.scoring.propensity.Example;
import io.leadpipe.scoring.propensity.PropensitySettings;
import io.leadpipe.scoring.propensity.PropensityTrainer;
import io.leadpipe.scoring.topology.Stores;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * examples (one partition, in order) → the trainer (state in a changelogged store, so a restart
 * resumes exactly) → a model record whenever a version is promoted or its holdout figures are
 * reported: under the model name (the version every instance scores with) and under name/version
 * (that version's history).
 */
public final class TrainPropensity implements Processor<String, Example, String, PropensityModel> {

  private static final Logger LOG = LoggerFactory.getLogger(TrainPropensity.class);

  private final PropensitySettings settings;
  private ProcessorContext<String, PropensityModel> context;
  private KeyValueStore<String, PropensityTrainer.State> states;

  public TrainPropensity(PropensitySettings settings) {
    this.settings = settings;
  }

  @Override
  public void init(ProcessorContext<String, PropensityModel> context) {
    this.context = context;
    this.states = context.getStateStore(Stores.PROPENSITY_TRAINER_STORE);
  }

  @Override
  public void process(Record<String, Example> record) {
    PropensityTrainer.State state = states.get(PropensitySettings.MODEL);
    PropensityTrainer trainer =
        state == null ? new PropensityTrainer(settings) : new PropensityTrainer(settings, state);
    PropensityTrainer.Publication published = trainer.learn(record.value());
    states.put(PropensitySettings.MODEL, trainer.state());
    if (published == null) {
      return;
    }
    if (published.promoted()) {
      LOG.info(
          "Purchase propensity model v{} promoted: holdout Brier {} (v{}: {}), AUC {} on {} examples",
          published.model().version(),
          published.promotedWith().brier(),
          published.model().version() - 1,
          published.promotedOver().brier(),
          published.promotedWith().auc(),
          published.promotedWith().examples());
    }
    PropensityModel model = ModelRecords.toAvro(published, settings);
    long at = record.timestamp();
    context.forward(
        new Record<>(
            ModelRecords.versionKey(PropensitySettings.MODEL, model.getVersion()), model, at));
    context.forward(new Record<>(PropensitySettings.MODEL, model, at));
  }
}
