package io.leadpipe.streams.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class DecodeOnceSerdeTest {

  private static final String TOPIC = "state-changelog";

  /** A string serde that counts its decodes. */
  private final AtomicInteger decodes = new AtomicInteger();

  private final Serde<String> counting =
      Serdes.serdeFrom(
          (topic, value) -> value == null ? null : value.getBytes(StandardCharsets.UTF_8),
          (topic, bytes) -> {
            decodes.incrementAndGet();
            return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
          });

  @Test
  void the_array_a_write_made_reads_back_as_the_written_object_without_a_decode() {
    Serde<String> serde = DecodeOnceSerde.of(counting);
    String state = new String("visitor state");
    byte[] written = serde.serializer().serialize(TOPIC, state);

    assertThat(serde.deserializer().deserialize(TOPIC, written)).isSameAs(state);
    assertThat(serde.deserializer().deserialize(TOPIC, written)).isSameAs(state);
    assertThat(decodes).hasValue(0);
  }

  @Test
  void an_array_read_twice_is_decoded_once() {
    Serde<String> serde = DecodeOnceSerde.of(counting);
    byte[] fromRocksDb = "visitor state".getBytes(StandardCharsets.UTF_8);

    String first = serde.deserializer().deserialize(TOPIC, fromRocksDb);
    assertThat(serde.deserializer().deserialize(TOPIC, fromRocksDb)).isSameAs(first);
    assertThat(decodes).hasValue(1);
  }

  @Test
  void equal_bytes_in_another_array_are_decoded_afresh() {
    Serde<String> serde = DecodeOnceSerde.of(counting);
    String state = new String("visitor state");
    byte[] written = serde.serializer().serialize(TOPIC, state);

    String read = serde.deserializer().deserialize(TOPIC, written.clone());
    assertThat(read).isEqualTo(state).isNotSameAs(state);
    assertThat(decodes).hasValue(1);
  }

  @Test
  void an_array_whose_slot_another_took_is_decoded_to_its_own_value() {
    Serde<String> serde = DecodeOnceSerde.of(counting, 1);
    byte[] a = serde.serializer().serialize(TOPIC, "a");
    byte[] b = serde.serializer().serialize(TOPIC, "b");

    assertThat(serde.deserializer().deserialize(TOPIC, a)).isEqualTo("a");
    assertThat(serde.deserializer().deserialize(TOPIC, b)).isEqualTo("b");
    assertThat(decodes).hasValue(2);
  }

  @Test
  void another_thread_decodes_for_itself() throws Exception {
    Serde<String> serde = DecodeOnceSerde.of(counting);
    String state = new String("visitor state");
    byte[] written = serde.serializer().serialize(TOPIC, state);

    String elsewhere =
        CompletableFuture.supplyAsync(() -> serde.deserializer().deserialize(TOPIC, written)).get();
    assertThat(elsewhere).isEqualTo(state).isNotSameAs(state);
  }

  @Test
  void tombstones_stay_null_and_are_never_remembered() {
    Serde<String> serde = DecodeOnceSerde.of(counting);
    assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
    assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
  }

  @Test
  void slots_come_in_powers_of_two() {
    assertThatThrownBy(() -> DecodeOnceSerde.of(counting, 1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1000");
  }
}
