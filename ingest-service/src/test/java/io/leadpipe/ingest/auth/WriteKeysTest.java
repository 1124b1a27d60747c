package io.leadpipe.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.ingest.config.SourceProperties;
import io.leadpipe.service.config.ConfigBindingException;
import io.leadpipe.service.security.RunMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteKeysTest {

  private static final String KEY_A = "shop-a-key-0123456789";
  private static final String KEY_B = "shop-b-key-0123456789";

  private static SourceProperties source(String name, String key) {
    return source(name, key, null);
  }

  private static SourceProperties source(String name, String key, String kind) {
    SourceProperties s = new SourceProperties(name);
    s.setWriteKey(key);
    s.setKind(kind);
    return s;
  }

  private final WriteKeys keys =
      new WriteKeys(
          RunMode.PRODUCTION, List.of(source("shop-a", KEY_A), source("shop-b", KEY_B, "server")));

  @Test
  void eachKeyNamesItsSourceAndKind() {
    assertThat(keys.sourceOf(KEY_A)).hasValue(new Source("shop-a", SourceKind.BROWSER));
    assertThat(keys.sourceOf(KEY_B)).hasValue(new Source("shop-b", SourceKind.SERVER));
  }

  @Test
  void unknownPrefixesAndEmptyKeysMatchNothing() {
    assertThat(keys.sourceOf("shop-a-key-")).isEmpty();
    assertThat(keys.sourceOf(KEY_A + " ")).isEmpty();
    assertThat(keys.sourceOf("")).isEmpty();
    assertThat(keys.sourceOf(null)).isEmpty();
  }

  @Test
  void aKeyMayBeGivenAsItsSha256Digest() throws Exception {
    String digest =
        "sha256:"
            + HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("SHA-256")
                        .digest(KEY_A.getBytes(StandardCharsets.UTF_8)));

    WriteKeys hashed = new WriteKeys(RunMode.PRODUCTION, List.of(source("shop-a", digest)));

    assertThat(hashed.sourceOf(KEY_A)).hasValue(new Source("shop-a", SourceKind.BROWSER));
    assertThat(hashed.sourceOf(digest)).isEmpty();
  }

  @Test
  void productionRefusesASourceWithoutKeyNamingItsVariable() {
    assertThatThrownBy(() -> new WriteKeys(RunMode.PRODUCTION, List.of(source("demo-shop", null))))
        .isInstanceOf(ConfigBindingException.class)
        .hasMessageContaining("leadpipe.ingest.sources.demo-shop.write-key")
        .hasMessageContaining("DEMO_SHOP_WRITE_KEY");
  }

  @Test
  void productionRefusesADemoKeyWithoutPrintingIt() {
    assertThatThrownBy(
            () ->
                new WriteKeys(
                    RunMode.PRODUCTION, List.of(source("demo-shop", WriteKeys.DEMO_SHOP_KEY))))
        .isInstanceOf(ConfigBindingException.class)
        .hasMessageContaining("DEMO_SHOP_WRITE_KEY")
        .hasMessageContaining("demo secret")
        .message()
        .doesNotContain(WriteKeys.DEMO_SHOP_KEY);
    assertThatThrownBy(
            () ->
                new WriteKeys(
                    RunMode.PRODUCTION,
                    List.of(source("backend", WriteKeys.DEMO_SERVER_KEY, "server"))))
        .hasMessageContaining("LEADPIPE_INGEST_SOURCES_BACKEND_WRITE_KEY");
  }

  @Test
  void anUnknownKindFailsNamingTheSetting() {
    assertThatThrownBy(
            () -> new WriteKeys(RunMode.PRODUCTION, List.of(source("shop-a", KEY_A, "trusted"))))
        .isInstanceOf(ConfigBindingException.class)
        .hasMessageContaining("leadpipe.ingest.sources.shop-a.kind");
  }

  @Test
  void localModeFallsBackToTheDemoKeysOfABrowserAndAServerSource() {
    WriteKeys local = new WriteKeys(RunMode.LOCAL, List.of(source("demo-shop", "")));

    assertThat(local.sourceOf(WriteKeys.DEMO_SHOP_KEY))
        .hasValue(new Source("demo-shop", SourceKind.BROWSER));
    assertThat(local.sourceOf(WriteKeys.DEMO_SERVER_KEY))
        .hasValue(new Source("demo-server", SourceKind.SERVER));
  }

  @Test
  void productionHasNoDemoServerSource() {
    assertThat(keys.sourceOf(WriteKeys.DEMO_SERVER_KEY)).isEmpty();
    assertThat(keys.size()).isEqualTo(2);
  }

  @Test
  void theKeyIsNeverPrintedWithTheConfiguration() {
    assertThat(source("shop-a", "secret-key").toString()).doesNotContain("secret-key");
  }
}
