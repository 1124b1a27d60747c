package io.leadpipe.scoring.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.leadpipe.schemas.common.EventContext;
import io.leadpipe.schemas.common.Product;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.profile.ProfileState;
import io.leadpipe.scoring.profile.ProfileUpdater;
import io.leadpipe.scoring.profile.ScoringRules;
import io.leadpipe.scoring.profile.VisitorInput;
import io.leadpipe.streams.state.StateSerde;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class StateSerdeTest {

  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
  private final Serde<ProfileState> serde = StateSerde.of(ProfileState.class);

  /** A visitor who browsed, carted and bought: most parts of the state are filled. */
  private static ProfileState shopper() {
    ProfileUpdater updater =
        new ProfileUpdater(ScoringRules.defaults(), Duration.ofHours(1), Duration.ofHours(24));
    ProfileState state = null;
    WebEventType[] journey = {
      WebEventType.PAGE_VIEW,
      WebEventType.PRODUCT_VIEW,
      WebEventType.REVIEW_READ,
      WebEventType.CART_ADD,
      WebEventType.CHECKOUT_STARTED,
      WebEventType.PURCHASE
    };
    for (int i = 0; i < journey.length; i++) {
      Instant at = T0.plus(Duration.ofMinutes(i));
      VisitorInput input =
          new VisitorInput.Web(
              WebEvent.newBuilder()
                  .setMessageId("m-" + i)
                  .setAnonymousId("anon-1")
                  .setEventTime(at)
                  .setReceivedAt(at)
                  .setSource("test")
                  .setContext(EventContext.newBuilder().build())
                  .setType(journey[i])
                  .setName(journey[i].name())
                  .setProduct(
                      Product.newBuilder()
                          .setProductId("sku-" + i)
                          .setCategory("shoes")
                          .setPrice(59.9)
                          .setQuantity(1)
                          .build())
                  .setProperties(Map.of("campaign", "\"autumn\""))
                  .build());
      state = updater.apply("anon-1", state, input).state();
    }
    return state;
  }

  @Test
  void aProfileStateSurvivesTheRoundTripAndIsSmallerThanItsJsonText() throws Exception {
    ProfileState state = shopper();

    byte[] bytes = serde.serializer().serialize("t", state);

    assertThat(StateSerde.isSmile(bytes)).isTrue();
    assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(state);
    byte[] json = legacyJson().writeValueAsBytes(state);
    System.out.printf(
        "[state-serde] Smile %d bytes, JSON %d bytes%n%s%n",
        bytes.length, json.length, new String(json));
    assertThat(bytes.length)
        .as("Smile %d bytes vs JSON %d", bytes.length, json.length)
        .isLessThan(json.length);
  }

  @Test
  void stateWrittenAsJsonByEarlierVersionsIsStillRead() throws Exception {
    ProfileState state = shopper();

    byte[] written = legacyJson().writeValueAsBytes(state);

    assertThat(StateSerde.isSmile(written)).isFalse();
    assertThat(serde.deserializer().deserialize("t", written)).isEqualTo(state);
  }

  @Test
  void tombstonesStayNullAndGarbageFailsWithTheTypeNamed() {
    assertThat(serde.serializer().serialize("t", null)).isNull();
    assertThat(serde.deserializer().deserialize("t", null)).isNull();
    assertThatThrownBy(
            () -> serde.deserializer().deserialize("t", new byte[] {':', ')', '\n', 0, 1, 2}))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("ProfileState");
  }

  /** How earlier versions wrote state: JSON text without empty and zero values, epoch millis. */
  private static ObjectMapper legacyJson() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATE_TIMESTAMPS_AS_NANOSECONDS)
        .setSerializationInclusion(JsonInclude.Include.NON_DEFAULT);
  }
}
