package io.leadpipe.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipe.localstack.demo.DemoCall;
import io.leadpipe.localstack.demo.Shopper;
import io.leadpipe.localstack.demo.ShopperFactory;
import io.leadpipe.localstack.demo.ShopperJourney;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The benchmark's input: the local stack's demo shoppers (same personas, fixed seed) turned into
 * the request bodies the tracking snippet would send, so figures are measured on representative
 * events and repeat from run to run. Tracking calls are grouped into {@code /v1/batch} bodies;
 * social interactions are posted to {@code /v1/social} in batches too.
 */
final class DemoCorpus {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SHOP_URL = "http://shop.example/demo/shop.html";

  final List<byte[]> trackingBatches = new ArrayList<>();
  final List<byte[]> socialBatches = new ArrayList<>();
  int trackingEvents;
  int socialEvents;
  int shoppers;

  /**
   * At least {@code events} events (whole journeys), in bodies of at most {@code batchSize} events.
   */
  static DemoCorpus generate(int events, int batchSize, long seed, Instant start) {
    Random random = new Random(seed);
    ShopperFactory factory = new ShopperFactory(random);
    DemoCorpus corpus = new DemoCorpus();
    List<Map<String, Object>> tracking = new ArrayList<>();
    List<Map<String, Object>> social = new ArrayList<>();
    long clock = start.toEpochMilli();
    while (tracking.size() + social.size() < events) {
      Shopper shopper = factory.next();
      corpus.shoppers++;
      clock += 50;
      add(ShopperJourney.plan(shopper, SHOP_URL, 1_000, 4_000, random), clock, tracking, social);
      if (shopper.referralCode() != null) {
        Shopper friend = factory.referredBy(shopper.referralCode());
        corpus.shoppers++;
        add(
            ShopperJourney.plan(friend, SHOP_URL, 1_000, 4_000, random),
            clock + 10_000,
            tracking,
            social);
      }
    }
    corpus.trackingEvents = tracking.size();
    corpus.socialEvents = social.size();
    corpus.trackingBatches.addAll(bodies(tracking, batchSize));
    corpus.socialBatches.addAll(bodies(social, batchSize));
    return corpus;
  }

  int events() {
    return trackingEvents + socialEvents;
  }

  private static void add(
      List<DemoCall> calls,
      long startMs,
      List<Map<String, Object>> tracking,
      List<Map<String, Object>> social) {
    for (DemoCall call : calls) {
      Map<String, Object> message = new LinkedHashMap<>(call.body());
      message.put("timestamp", Instant.ofEpochMilli(startMs + call.offsetMs()).toString());
      (call.endpoint() == DemoCall.Endpoint.BATCH ? tracking : social).add(message);
    }
  }

  private static List<byte[]> bodies(List<Map<String, Object>> messages, int batchSize) {
    List<byte[]> bodies = new ArrayList<>();
    for (int from = 0; from < messages.size(); from += batchSize) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("batch", messages.subList(from, Math.min(messages.size(), from + batchSize)));
      try {
        bodies.add(JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    return bodies;
  }
}
