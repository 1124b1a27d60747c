package io.leadpipe.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.ingest.config.SourceProperties;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteKeysTest {

  private static SourceProperties source(String name, String key) {
    SourceProperties s = new SourceProperties(name);
    s.setWriteKey(key);
    return s;
  }

  private final WriteKeys keys =
      new WriteKeys(
          List.of(source("shop-a", "key-a"), source("shop-b", "key-b"), source("no-key", null)));

  @Test
  void eachKeyNamesItsSource() {
    assertThat(keys.sourceOf("key-a")).hasValue("shop-a");
    assertThat(keys.sourceOf("key-b")).hasValue("shop-b");
  }

  @Test
  void unknownPrefixesAndEmptyKeysMatchNothing() {
    assertThat(keys.sourceOf("key-")).isEmpty();
    assertThat(keys.sourceOf("key-a ")).isEmpty();
    assertThat(keys.sourceOf("")).isEmpty();
    assertThat(keys.sourceOf(null)).isEmpty();
  }

  @Test
  void aSourceWithoutKeyCannotBeUsed() {
    assertThat(keys.size()).isEqualTo(2);
  }

  @Test
  void theKeyIsNeverPrintedWithTheConfiguration() {
    assertThat(source("shop-a", "secret-key").toString()).doesNotContain("secret-key");
  }
}
