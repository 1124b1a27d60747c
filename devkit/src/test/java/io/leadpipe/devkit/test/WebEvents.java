package io.leadpipe.devkit.test;

import io.leadpipe.schemas.common.EventContext;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import java.time.Instant;

/** A minimal valid catalogue record for wire tests. */
public final class WebEvents {
  private WebEvents() {}

  public static WebEvent pageView(String visitor, int n) {
    Instant at = Instant.ofEpochMilli(1_700_000_000_000L + n);
    return WebEvent.newBuilder()
        .setMessageId(visitor + "-" + n)
        .setAnonymousId(visitor)
        .setEventTime(at)
        .setReceivedAt(at)
        .setSource("devkit-test")
        .setContext(EventContext.newBuilder().build())
        .setType(WebEventType.PAGE_VIEW)
        .setName("page")
        .build();
  }
}
