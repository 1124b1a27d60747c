package io.leadpipe.scoring.referral;

import io.leadpipe.scoring.topology.Stores;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs where the records are keyed by referral code: CLAIM → the code's owner (first claimant,
 * referral-code-store); ARRIVAL / PURCHASE → the referred visitor's ledger entry
 * (referral-ledger-store; a visitor known by several ids keeps the entry of the first one seen) →
 * credits for the owner, each exactly once, keyed by the owner's visitor id. Reports for a code not
 * claimed yet wait in the ledger and are credited when the claim arrives. ERASE (a privacy request
 * for a visitor who touched the code) → the code and every ledger entry under it go when the erased
 * visitor owns it; else their own entry as a referred visitor goes.
 */
public final class ReferralCrediting
    implements Processor<String, ReferralEvent, String, ReferralCredit> {

  private ProcessorContext<String, ReferralCredit> context;
  private KeyValueStore<String, String> owners;
  private KeyValueStore<String, LedgerEntry> ledger;

  @Override
  public void init(ProcessorContext<String, ReferralCredit> context) {
    this.context = context;
    this.owners = context.getStateStore(Stores.REFERRAL_CODE_STORE);
    this.ledger = context.getStateStore(Stores.REFERRAL_LEDGER_STORE);
  }

  @Override
  public void process(Record<String, ReferralEvent> record) {
    ReferralEvent report = record.value();
    String code = report.code();
    String owner = owners.get(code);
    if (report.kind() == ReferralEvent.Kind.ERASE) {
      erase(code, report.visitorId(), owner);
      return;
    }
    if (report.kind() == ReferralEvent.Kind.CLAIM) {
      if (ReferralLedger.takesOwnership(owner)) {
        owners.put(code, report.visitorId());
        settleWaiting(record, code, report.visitorId());
      }
      return;
    }
    String referred =
        ReferralLedger.referredId(report, id -> ledger.get(ledgerKey(code, id)) != null);
    String key = ledgerKey(code, referred);
    var decision = ReferralLedger.report(owner, ledger.get(key), report.as(referred));
    ledger.put(key, decision.entry());
    send(record, decision.credits());
  }

  /** The code just got its owner: credit every referred visitor who was waiting for it. */
  private void settleWaiting(Record<String, ReferralEvent> record, String code, String owner) {
    String prefix = ledgerPrefix(code);
    List<KeyValue<String, LedgerEntry>> waiting = new ArrayList<>();
    try (KeyValueIterator<String, LedgerEntry> it =
        ledger.prefixScan(prefix, new StringSerializer())) {
      it.forEachRemaining(waiting::add);
    }
    for (var kv : waiting) {
      var decision =
          ReferralLedger.settle(owner, code, kv.key.substring(prefix.length()), kv.value);
      ledger.put(kv.key, decision.entry());
      send(record, decision.credits());
    }
  }

  /**
   * The erased visitor's reports were written to this partition before the erase (same key, same
   * order), so nothing of theirs arrives after it; new input from them is suppressed upstream.
   */
  private void erase(String code, String erased, String owner) {
    if (!erased.equals(owner)) {
      ledger.delete(ledgerKey(code, erased));
      return;
    }
    owners.delete(code);
    List<String> entries = new ArrayList<>();
    try (KeyValueIterator<String, LedgerEntry> it =
        ledger.prefixScan(ledgerPrefix(code), new StringSerializer())) {
      it.forEachRemaining(kv -> entries.add(kv.key));
    }
    entries.forEach(ledger::delete);
  }

  private void send(Record<String, ReferralEvent> cause, List<ReferralCredit> credits) {
    for (ReferralCredit credit : credits) {
      context.forward(new Record<>(credit.sharer(), credit, cause.timestamp()));
    }
  }

  /** Length-prefixed, so one code's entries are a key prefix whatever characters codes contain. */
  private static String ledgerPrefix(String code) {
    return code.length() + ":" + code + ":";
  }

  private static String ledgerKey(String code, String referred) {
    return ledgerPrefix(code) + referred;
  }
}
