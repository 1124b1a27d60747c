package io.leadpipe.ingest.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAnonymizerTest {

  @ParameterizedTest
  @CsvSource({
    "203.0.113.77, 203.0.113.0",
    "10.1.2.255, 10.1.2.0",
    "2001:db8:85a3:1234:5678:8a2e:370:7334, 2001:db8:85a3:0:0:0:0:0",
    "'2001:db8:85a3:ffff::1', 2001:db8:85a3:0:0:0:0:0",
    "::ffff:192.0.2.128, 192.0.2.0",
    "[2001:db8::1], 2001:db8:0:0:0:0:0:0",
    "fe80::1%eth0, fe80:0:0:0:0:0:0:0"
  })
  void zeroesTheLastIpv4OctetAndTheLast80Ipv6Bits(String ip, String anonymised) {
    assertThat(IpAnonymizer.anonymize(ip)).isEqualTo(anonymised);
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "shop.example", "999.1.1.1", "1.2.3", "not an ip", ""})
  void anythingButALiteralAddressIsDroppedAndNeverResolved(String input) {
    assertThat(IpAnonymizer.anonymize(input)).isNull();
  }

  @ParameterizedTest
  @CsvSource({"203.0.113.77, 203.0.113.77", "2001:db8::1, 2001:db8:0:0:0:0:0:1"})
  void normalizeKeepsTheFullAddressWhenAnonymisingIsOff(String ip, String expected) {
    assertThat(IpAnonymizer.normalize(ip)).isEqualTo(expected);
  }
}
