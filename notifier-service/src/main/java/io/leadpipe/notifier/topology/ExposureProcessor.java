package io.leadpipe.notifier.topology;

import io.leadpipe.notifier.results.Exposures;
import io.leadpipe.schemas.followup.DeliveryOutcome;
import io.leadpipe.schemas.followup.FollowupDelivery;
import io.leadpipe.schemas.followup.StrategyExposure;
import io.leadpipe.schemas.privacy.PrivacyErasure;
import io.leadpipe.schemas.web.OrderInfo;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Rule: per visitor, assignments to a strategy's arm (from the follow-up processor), purchases
 * (PURCHASE web events) and DELIVERED follow-ups (leadpipe.followup-deliveries) → the visitor's
 * exposures ({@link Exposures}) → each change of their contribution to a strategy's results →
 * leadpipe.strategy-exposures, keyed by strategy id, without the visitor id. An erased visitor's
 * exposures are deleted (what they already added to the sums stays: sums are not personal data).
 *
 * <p>Inputs are keyed by visitor id on equally partitioned topics, so one task sees all of a
 * visitor; exactly_once_v2 commits the store and the changes together, so a change is published
 * once, and re-delivered input (the same order, the same delivery) changes nothing.
 */
final class ExposureProcessor implements Processor<String, Object, String, StrategyExposure> {

  private final Exposures rules;
  private ProcessorContext<String, StrategyExposure> context;
  private KeyValueStore<String, VisitorExposures> store;

  ExposureProcessor(Exposures rules) {
    this.rules = rules;
  }

  @Override
  public void init(ProcessorContext<String, StrategyExposure> context) {
    this.context = context;
    this.store = context.getStateStore(NotifierTopology.EXPOSURE_STORE);
  }

  @Override
  public void process(Record<String, Object> record) {
    String visitor = record.key();
    if (visitor == null || record.value() == null) {
      return;
    }
    Object value = record.value();
    if (value instanceof PrivacyErasure) {
      store.delete(visitor);
    } else if (value instanceof StrategyAssignment a) {
      apply(
          visitor,
          rules.onAssigned(
              current(visitor).byStrategy(),
              a.strategyId(),
              a.version(),
              a.variantId(),
              a.reason(),
              a.segments(),
              a.at()));
    } else if (value instanceof WebEvent e && e.getType() == WebEventType.PURCHASE) {
      VisitorExposures stored = store.get(visitor);
      if (stored == null) {
        return; // never assigned: nothing to credit, nothing to keep
      }
      OrderInfo order = e.getOrder();
      String orderId =
          order != null && order.getOrderId() != null
              ? order.getOrderId()
              : "message:" + e.getMessageId();
      Double revenue =
          order == null ? null : order.getRevenue() != null ? order.getRevenue() : order.getTotal();
      apply(visitor, rules.onPurchase(stored.byStrategy(), orderId, revenue, e.getEventTime()));
    } else if (value instanceof FollowupDelivery d && d.getOutcome() == DeliveryOutcome.DELIVERED) {
      VisitorExposures stored = store.get(visitor);
      if (stored == null || d.getStrategyId() == null) {
        return;
      }
      apply(visitor, rules.onDelivered(stored.byStrategy(), d.getStrategyId(), d.getAt()));
    }
  }

  private VisitorExposures current(String visitor) {
    VisitorExposures stored = store.get(visitor);
    return stored == null ? VisitorExposures.NONE : stored;
  }

  private void apply(String visitor, Exposures.Outcome o) {
    VisitorExposures after = new VisitorExposures(o.exposures());
    if (!after.equals(store.get(visitor))) {
      // Also without a change to publish: a later assignment restarts the window.
      store.put(visitor, after);
    }
    long now = context.currentSystemTimeMs();
    for (Exposures.Change c : o.changes()) {
      context.forward(
          new Record<>(c.strategyId(), ResultRecords.exposure(c, Instant.ofEpochMilli(now)), now));
    }
  }
}
