package io.leadpipe.ingest.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.ingest.testing.Mappers;
import io.leadpipe.schemas.common.DeviceInfo;
import org.junit.jupiter.api.Test;

class UserAgentParserTest {

  @Test
  void aDesktopChrome() {
    DeviceInfo device =
        Mappers.USER_AGENTS.parse(
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 "
                + "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36");

    assertThat(device.getDeviceClass()).isEqualTo("Desktop");
    assertThat(device.getBrowser()).isEqualTo("Chrome");
    assertThat(device.getBrowserVersion()).startsWith("131");
    assertThat(device.getOs()).isEqualTo("Linux");
    assertThat(device.getBot()).isFalse();
  }

  @Test
  void anIphone() {
    DeviceInfo device =
        Mappers.USER_AGENTS.parse(
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) "
                + "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1");

    assertThat(device.getDeviceClass()).isEqualTo("Phone");
    assertThat(device.getOs()).isEqualTo("iOS");
    assertThat(device.getBrowser()).isEqualTo("Safari");
  }

  @Test
  void aCrawlerIsABot() {
    DeviceInfo device =
        Mappers.USER_AGENTS.parse(
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)");

    assertThat(device.getBot()).isTrue();
  }

  @Test
  void noUserAgentNoDevice() {
    assertThat(Mappers.USER_AGENTS.parse(null)).isNull();
    assertThat(Mappers.USER_AGENTS.parse(" ")).isNull();
  }
}
