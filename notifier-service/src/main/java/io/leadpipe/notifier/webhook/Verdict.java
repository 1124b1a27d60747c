package io.leadpipe.notifier.webhook;

/**
 * Rule: what one attempt's answer means. 2xx delivered; 410 Gone disables the endpoint (the
 * receiver says it will never take webhooks here again); 408, 429, 5xx, no answer (timeout,
 * connection refused) and a refused address are retried on the schedule; any other status (other
 * 4xx, a redirect, which is never followed) is a refusal that retrying will not change, so the
 * delivery is dead-lettered at once.
 */
public enum Verdict {
  DELIVERED,
  RETRY,
  REFUSED,
  GONE;

  static final int NO_RESPONSE = 0;

  public static Verdict of(int status) {
    if (status >= 200 && status < 300) {
      return DELIVERED;
    }
    if (status == 410) {
      return GONE;
    }
    if (status == NO_RESPONSE || status == 408 || status == 429 || status >= 500) {
      return RETRY;
    }
    return REFUSED;
  }
}
