package io.leadpipe.notifier.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.webhook.WebhookSecret;
import io.leadpipe.webhook.WebhookSigner;
import io.leadpipe.webhook.WebhookVerifier;
import io.leadpipe.webhook.WebhookVerifier.Result;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Replay protection as a receiver gets it from the documented verifier (5 minutes' tolerance): a
 * captured request replayed later is refused, its timestamp cannot be refreshed without the secret,
 * and leadpipe's retries hours later are not mistaken for replays because each attempt is signed
 * anew with the same {@code webhook-id}.
 */
class WebhookReplayProtectionTest {

  private static final WebhookSecret SECRET = WebhookSecret.generate(new SecureRandom(), 32);
  private static final String ID = "h-42#2";
  private static final String BODY = "{\"id\":\"h-42#2\",\"type\":\"followup.trigger\"}";
  private static final Duration TOLERANCE = Duration.ofMinutes(5);
  private static final Instant SENT = Instant.parse("2026-11-23T12:00:00Z");

  private static WebhookVerifier receiverAt(Instant now) {
    return new WebhookVerifier(SECRET, TOLERANCE, Clock.fixed(now, ZoneOffset.UTC));
  }

  private static Map<String, String> sentAt(Instant at) {
    return new WebhookSigner(SECRET, Clock.fixed(at, ZoneOffset.UTC)).headers(ID, BODY);
  }

  @Test
  void aCapturedRequestReplayedAfterTheToleranceIsRefused() {
    Map<String, String> captured = sentAt(SENT);

    assertThat(receiverAt(SENT.plusSeconds(2)).verify(captured::get, BODY)).isEqualTo(Result.VALID);
    assertThat(receiverAt(SENT.plus(TOLERANCE).plusSeconds(1)).verify(captured::get, BODY))
        .isEqualTo(Result.TIMESTAMP_OUT_OF_TOLERANCE);
    assertThat(receiverAt(SENT.plus(Duration.ofDays(1))).verify(captured::get, BODY))
        .isEqualTo(Result.TIMESTAMP_OUT_OF_TOLERANCE);
  }

  @Test
  void aReplayWithItsTimestampRefreshedFailsTheSignature() {
    Map<String, String> restamped = new HashMap<>(sentAt(SENT));
    Instant later = SENT.plus(Duration.ofHours(1));
    restamped.put(WebhookSigner.TIMESTAMP_HEADER, Long.toString(later.getEpochSecond()));

    assertThat(receiverAt(later).verify(restamped::get, BODY)).isEqualTo(Result.SIGNATURE_MISMATCH);
  }

  @Test
  void aTimestampFromBeyondTheToleranceInTheFutureIsRefused() {
    Map<String, String> early = sentAt(SENT.plus(TOLERANCE).plusSeconds(1));

    assertThat(receiverAt(SENT).verify(early::get, BODY))
        .isEqualTo(Result.TIMESTAMP_OUT_OF_TOLERANCE);
  }

  @Test
  void retriesHoursLaterCarryFreshSignaturesAndTheSameId() {
    Instant retry = SENT.plus(RetrySchedule.STANDARD_WEBHOOKS.horizon());
    Map<String, String> first = sentAt(SENT);
    Map<String, String> last = sentAt(retry);

    assertThat(last.get(WebhookSigner.ID_HEADER)).isEqualTo(first.get(WebhookSigner.ID_HEADER));
    assertThat(receiverAt(retry).verify(last::get, BODY)).isEqualTo(Result.VALID);
    // Had the first attempt's headers been reused, the last attempt would have been refused.
    assertThat(receiverAt(retry).verify(first::get, BODY))
        .isEqualTo(Result.TIMESTAMP_OUT_OF_TOLERANCE);
  }
}
