package io.leadpipe.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * How many requests of each kind the broker in this JVM has answered, from the request metrics it
 * registers in JMX ({@code kafka.network:type=RequestMetrics,name=RequestsPerSec}). A transaction
 * costs the broker an {@code EndTxn}, a {@code TxnOffsetCommit}, the markers written to every
 * partition it touched and the fetches those markers wake up, whatever the number of records in it,
 * so the rate of transactions tells a cost per commit from a cost per event. Empty where the
 * brokers run in other JVMs ({@code --cluster}).
 */
final class BrokerRequests {

  private static final String REQUEST_RATES =
      "kafka.network:type=RequestMetrics,name=RequestsPerSec,*";

  private BrokerRequests() {}

  /** Requests answered so far per request name (all versions summed). */
  static Map<String, Long> answered() {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    Map<String, Long> counts = new HashMap<>();
    try {
      for (ObjectName name : server.queryNames(new ObjectName(REQUEST_RATES), null)) {
        Object count = server.getAttribute(name, "Count");
        if (count instanceof Number n) {
          counts.merge(name.getKeyProperty("request"), n.longValue(), Long::sum);
        }
      }
    } catch (JMException e) {
      // A metric that went away between the query and the read: the figures are left out.
      return Map.of();
    }
    return counts;
  }

  /** Requests of {@code request} per second between two readings {@code seconds} apart. */
  static double perSecond(
      Map<String, Long> before, Map<String, Long> after, String request, double seconds) {
    if (!after.containsKey(request)) {
      return Double.NaN;
    }
    return (after.get(request) - before.getOrDefault(request, 0L)) / seconds;
  }
}
