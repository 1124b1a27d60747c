package io.leadpipe.service.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundAddressesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "127.8.9.10",
        "0.0.0.0",
        "10.1.2.3",
        "172.16.0.1",
        "172.31.255.255",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "100.127.255.255",
        "198.18.0.1",
        "192.0.0.8",
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd12:3456:789a::1",
        "fec0::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "64:ff9b::a00:1"
      })
  void nonPublicAddressesAreRefused(String address) throws Exception {
    assertThat(OutboundAddresses.nonPublicRange(InetAddress.getByName(address))).isPresent();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "93.184.216.34",
        "8.8.8.8",
        "172.32.0.1",
        "100.128.0.1",
        "11.0.0.1",
        "2606:2800:220:1:248:1893:25c8:1946",
        "::ffff:8.8.8.8"
      })
  void publicAddressesPass(String address) throws Exception {
    assertThat(OutboundAddresses.nonPublicRange(InetAddress.getByName(address))).isEmpty();
  }

  private static final Map<String, String[]> DNS =
      Map.of(
          "crm.example", new String[] {"93.184.216.34"},
          "sneaky.example", new String[] {"93.184.216.34", "10.0.0.5"},
          "metadata.example", new String[] {"169.254.169.254"});

  private static InetAddress[] resolve(String host) throws UnknownHostException {
    String[] ips = DNS.get(host);
    if (ips == null) {
      if (host.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == ':')) {
        return new InetAddress[] {InetAddress.getByName(host)};
      }
      throw new UnknownHostException(host);
    }
    InetAddress[] out = new InetAddress[ips.length];
    for (int i = 0; i < ips.length; i++) {
      out[i] = InetAddress.getByName(ips[i]);
    }
    return out;
  }

  @Test
  void aUrlIsJudgedByEveryAddressItsHostResolvesTo() {
    assertThat(refusal("https://crm.example/hook", false)).isEmpty();
    assertThat(refusal("https://sneaky.example/hook", false))
        .hasValueSatisfying(r -> assertThat(r).contains("10.0.0.5").contains("private"));
    assertThat(refusal("http://metadata.example/latest", false))
        .hasValueSatisfying(r -> assertThat(r).contains("link-local"));
    assertThat(refusal("http://127.0.0.1:8080/hook", false))
        .hasValueSatisfying(r -> assertThat(r).contains("loopback"));
    assertThat(refusal("http://[::1]:8080/hook", false))
        .hasValueSatisfying(r -> assertThat(r).contains("loopback"));
    assertThat(refusal("http://nowhere.example/hook", false))
        .hasValueSatisfying(r -> assertThat(r).contains("does not resolve"));
    assertThat(
            OutboundAddresses.refusal(
                URI.create("http://nowhere.example/"), false, OutboundAddressesTest::resolve))
        .hasValueSatisfying(r -> assertThat(r.unresolved()).isTrue());
  }

  @Test
  void privateDestinationsPassOnlyWhenExplicitlyAllowedAndOnlyOverHttp() {
    assertThat(refusal("http://127.0.0.1:8080/hook", true)).isEmpty();
    assertThat(refusal("file:///etc/passwd", true)).hasValue("scheme file is not http or https");
    assertThat(refusal("gopher://crm.example/", false)).isPresent();
    assertThat(refusal("/relative", false)).hasValue("not an absolute URL");
  }

  private static java.util.Optional<String> refusal(String url, boolean allowPrivate) {
    return OutboundAddresses.refusal(URI.create(url), allowPrivate, OutboundAddressesTest::resolve)
        .map(OutboundAddresses.Refusal::reason);
  }
}
