package io.leadpipe.ingest.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.ingest.auth.SourceKind;
import io.leadpipe.schemas.web.WebEventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TrustedSignalsTest {

  @ParameterizedTest
  @EnumSource(
      value = WebEventType.class,
      names = {"PURCHASE", "ORDER_UPDATED", "ORDER_REFUNDED", "ORDER_CANCELLED"})
  void revenueEventsAreRefusedFromABrowserAndAcceptedFromAServer(WebEventType type) {
    assertThat(TrustedSignals.refusedEvent(SourceKind.BROWSER, type, "Order Completed"))
        .hasValueSatisfying(
            message -> assertThat(message).contains("\"Order Completed\"", "server sources only"));
    assertThat(TrustedSignals.refusedEvent(SourceKind.SERVER, type, "Order Completed")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(
      value = WebEventType.class,
      names = {"PURCHASE", "ORDER_UPDATED", "ORDER_REFUNDED", "ORDER_CANCELLED"},
      mode = EnumSource.Mode.EXCLUDE)
  void everythingElseIsAcceptedFromABrowser(WebEventType type) {
    assertThat(TrustedSignals.refusedEvent(SourceKind.BROWSER, type, "Anything")).isEmpty();
  }

  @Test
  void aFollowerCountIsRefusedFromABrowserOnly() {
    assertThat(TrustedSignals.refusedFollowerCount(SourceKind.BROWSER, 10L)).isPresent();
    assertThat(TrustedSignals.refusedFollowerCount(SourceKind.BROWSER, null)).isEmpty();
    assertThat(TrustedSignals.refusedFollowerCount(SourceKind.SERVER, 10L)).isEmpty();
  }

  @Test
  void anUnknownKindIsTreatedAsABrowser() {
    assertThat(TrustedSignals.refusedEvent(null, WebEventType.PURCHASE, "Order Completed"))
        .isPresent();
  }
}
