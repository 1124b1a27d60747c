package io.leadpipe.notifier.admin;

import io.leadpipe.notifier.policy.PolicyConfig;
import io.leadpipe.notifier.strategy.DefaultStrategies;
import io.leadpipe.schemas.followup.FollowupStrategy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * create → version 1; update → previous version + 1; delete → tombstone. Each write is acknowledged
 * by Kafka before it is applied to the catalogue and answered; the notifier's topology reads the
 * topic as a global table, so new hesitations follow the write within moments, running sequences
 * keep the version they started with. Writes of one instance are serialised, so versions only grow.
 */
@Singleton
public class StrategyAdmin {

  /** {@code updatedBy} of strategies written through the admin API. */
  public static final String ADMIN_API = "admin-api";

  /** {@code updatedBy} of the default strategies seeded at start-up. */
  public static final String DEFAULTS = "leadpipe-defaults";

  private static final Logger LOG = LoggerFactory.getLogger(StrategyAdmin.class);

  private final StrategyCatalog catalog;
  private final StrategyWriter writer;
  private final PolicyConfig configured;
  private final Clock clock;

  @Inject
  public StrategyAdmin(StrategyCatalog catalog, StrategyWriter writer, PolicyConfig configured) {
    this(catalog, writer, configured, Clock.systemUTC());
  }

  public StrategyAdmin(
      StrategyCatalog catalog, StrategyWriter writer, PolicyConfig configured, Clock clock) {
    this.catalog = catalog;
    this.writer = writer;
    this.configured = configured;
    this.clock = clock;
  }

  public synchronized FollowupStrategy create(FollowupStrategy draft) {
    requireLoaded();
    if (catalog.find(draft.getStrategyId()).isPresent()) {
      throw new StrategyExistsException(draft.getStrategyId());
    }
    return write(draft, 1, ADMIN_API);
  }

  public synchronized FollowupStrategy update(FollowupStrategy draft) {
    requireLoaded();
    FollowupStrategy current =
        catalog
            .find(draft.getStrategyId())
            .orElseThrow(() -> new StrategyNotFoundException(draft.getStrategyId()));
    return write(draft, current.getVersion() + 1, ADMIN_API);
  }

  public synchronized void delete(String strategyId) {
    requireLoaded();
    if (catalog.find(strategyId).isEmpty()) {
      throw new StrategyNotFoundException(strategyId);
    }
    catalog.apply(strategyId, null, writer.write(strategyId, null));
    LOG.info("Strategy {} deleted", strategyId);
  }

  public Optional<FollowupStrategy> find(String strategyId) {
    requireLoaded();
    return catalog.find(strategyId);
  }

  public List<FollowupStrategy> all() {
    requireLoaded();
    return catalog.all();
  }

  /**
   * Writes each default strategy (the configured sequences) that neither exists nor was deleted by
   * an operator; existing ones, edited or not, are left alone. Returns the ids written.
   */
  public synchronized List<String> seedDefaults() {
    requireLoaded();
    List<String> seeded = new ArrayList<>();
    for (FollowupStrategy d : DefaultStrategies.of(configured)) {
      if (catalog.find(d.getStrategyId()).isEmpty() && !catalog.wasDeleted(d.getStrategyId())) {
        write(d, 1, DEFAULTS);
        seeded.add(d.getStrategyId());
      }
    }
    return seeded;
  }

  private FollowupStrategy write(FollowupStrategy draft, int version, String updatedBy) {
    FollowupStrategy strategy =
        FollowupStrategy.newBuilder(draft)
            .setVersion(version)
            .setUpdatedAt(clock.instant())
            .setUpdatedBy(updatedBy)
            .build();
    catalog.apply(
        strategy.getStrategyId(), strategy, writer.write(strategy.getStrategyId(), strategy));
    LOG.info(
        "Strategy {} written (version {}, by {})", strategy.getStrategyId(), version, updatedBy);
    return strategy;
  }

  private void requireLoaded() {
    if (!catalog.isLoaded()) {
      throw new StrategiesUnavailableException("the strategies are still loading", null);
    }
  }
}
