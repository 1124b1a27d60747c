package io.leadpipe.notifier.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.webhook.WebhookSigner;
import io.leadpipe.webhook.WebhookVerifier;
import io.leadpipe.webhook.WebhookVerifier.Result;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replay protection as a receiver gets it from the documented verifier (5 minutes' tolerance): a
 * captured request replayed later is refused, its timestamp cannot be refreshed without the secret,
 * and leadpipe's own retries after a long outage are not mistaken for replays because each attempt
 * is signed anew.
 */
class WebhookReplayProtectionTest {

  private static final String SECRET = "whsec_replay";
  private static final String BODY = "{\"id\":\"h-42#2\",\"type\":\"followup.trigger\"}";
  private static final Duration TOLERANCE = Duration.ofMinutes(5);
  private static final Instant SENT = Instant.parse("2026-11-23T12:00:00Z");

  /** A clock the test moves forward, as time passes between attempts. */
  private static final class MovingClock extends Clock {
    private Instant now;

    MovingClock(Instant start) {
      now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private static WebhookVerifier receiverAt(Instant now) {
    return new WebhookVerifier(SECRET, TOLERANCE, Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void aCapturedRequestReplayedAfterTheToleranceIsRefused() {
    String captured = new WebhookSigner(SECRET, Clock.fixed(SENT, ZoneOffset.UTC)).sign(BODY);

    assertThat(receiverAt(SENT.plusSeconds(2)).verify(BODY, captured)).isEqualTo(Result.VALID);
    assertThat(receiverAt(SENT.plus(TOLERANCE).plusSeconds(1)).verify(BODY, captured))
        .isEqualTo(Result.TIMESTAMP_OUT_OF_TOLERANCE);
    assertThat(receiverAt(SENT.plus(Duration.ofDays(1))).verify(BODY, captured))
        .isEqualTo(Result.TIMESTAMP_OUT_OF_TOLERANCE);
  }

  @Test
  void aReplayWithItsTimestampRefreshedFailsTheSignature() {
    String captured = new WebhookSigner(SECRET, Clock.fixed(SENT, ZoneOffset.UTC)).sign(BODY);
    Instant later = SENT.plus(Duration.ofHours(1));
    String restamped =
        captured.replace("t=" + SENT.getEpochSecond(), "t=" + later.getEpochSecond());

    assertThat(restamped).isNotEqualTo(captured);
    assertThat(receiverAt(later).verify(BODY, restamped)).isEqualTo(Result.SIGNATURE_MISMATCH);
  }

  @Test
  void aTimestampFromBeyondTheToleranceInTheFutureIsRefused() {
    String early =
        new WebhookSigner(SECRET, Clock.fixed(SENT.plus(TOLERANCE).plusSeconds(1), ZoneOffset.UTC))
            .sign(BODY);

    assertThat(receiverAt(SENT).verify(BODY, early)).isEqualTo(Result.TIMESTAMP_OUT_OF_TOLERANCE);
  }

  @Test
  void retriesAfterALongOutageCarryFreshSignaturesAndAreAccepted() throws Exception {
    MovingClock clock = new MovingClock(SENT);
    WebhookEndpoint endpoint =
        new WebhookEndpoint(
            "crm",
            "http://crm.example/hook",
            SECRET,
            4,
            Duration.ofMinutes(4),
            Duration.ofMinutes(4),
            1,
            Duration.ofSeconds(5));
    List<Result> verdictsAtArrival = new ArrayList<>();
    List<String> headers = new ArrayList<>();
    // The receiver is down for the first three attempts, spread over 8 minutes; every attempt is
    // checked on arrival.
    WebhookSender receiver =
        (url, body, h, timeout) -> {
          headers.add(h.get(WebhookSigner.SIGNATURE_HEADER));
          verdictsAtArrival.add(
              receiverAt(clock.instant()).verify(body, h.get(WebhookSigner.SIGNATURE_HEADER)));
          return headers.size() < 4 ? 503 : 204;
        };
    WebhookDelivery delivery =
        new WebhookDelivery(
            endpoint,
            new WebhookSigner(SECRET, clock),
            receiver,
            new Backoff(endpoint.initialBackoff(), endpoint.maxBackoff(), () -> 1.0),
            clock::advance);

    WebhookDelivery.Outcome outcome = delivery.deliver("h-42#2", BODY);

    assertThat(outcome.delivered()).isTrue();
    assertThat(Duration.between(SENT, clock.instant())).isGreaterThan(TOLERANCE);
    assertThat(headers).doesNotHaveDuplicates();
    assertThat(verdictsAtArrival).containsOnly(Result.VALID).hasSize(4);
    // Had the first attempt's header been reused, the last attempt would have been refused as a
    // replay.
    assertThat(receiverAt(clock.instant()).verify(BODY, headers.get(0)))
        .isEqualTo(Result.TIMESTAMP_OUT_OF_TOLERANCE);
    assertThat(outcome.attempts()).isEqualTo(4);
  }
}
