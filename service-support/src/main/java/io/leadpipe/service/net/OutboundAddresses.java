package io.leadpipe.service.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Rule (SSRF): a server-side request to a URL someone configured may only go to a public address,
 * unless that destination is explicitly allowed to be private. Refused: loopback, unspecified,
 * link-local (incl. the cloud metadata address 169.254.169.254), private (10/8, 172.16/12,
 * 192.168/16, fc00::/7, site-local fec0::/10), carrier-grade NAT (100.64/10), benchmarking
 * (198.18/15), IETF protocol assignments (192.0.0/24), multicast and reserved (240/4); IPv4 inside
 * IPv6 (mapped, compatible, NAT64 64:ff9b::/96) is judged by its IPv4 part. Every address a host
 * name resolves to must pass, so one public record cannot smuggle in a private one.
 */
public final class OutboundAddresses {

  /** Resolves a host name to all its addresses; tests pass a fixed table. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /**
   * Why a URL is refused; {@code unresolved} when its host did not resolve (which may pass later,
   * unlike an address in a refused range).
   */
  public record Refusal(String reason, boolean unresolved) {}

  /** The JVM's resolver (and its address cache, so a check and the request that follows agree). */
  public static final Resolver SYSTEM = InetAddress::getAllByName;

  private OutboundAddresses() {}

  /**
   * Why {@code url} may not be requested, or empty when it may. {@code allowPrivate} lifts the
   * address rule (a receiver on the same host or network, set explicitly per destination); the
   * scheme and host checks stay.
   */
  public static Optional<Refusal> refusal(URI url, boolean allowPrivate, Resolver resolver) {
    if (url == null || url.getScheme() == null) {
      return refused("not an absolute URL");
    }
    String scheme = url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return refused("scheme " + scheme + " is not http or https");
    }
    String host = url.getHost();
    if (host == null || host.isEmpty()) {
      return refused("no host");
    }
    if (allowPrivate) {
      return Optional.empty();
    }
    InetAddress[] addresses;
    try {
      addresses =
          resolver.resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
    } catch (UnknownHostException e) {
      return Optional.of(new Refusal("host " + host + " does not resolve", true));
    }
    for (InetAddress a : addresses) {
      Optional<String> range = nonPublicRange(a);
      if (range.isPresent()) {
        return refused(
            "host " + host + " resolves to " + a.getHostAddress() + " (" + range.get() + ")");
      }
    }
    return Optional.empty();
  }

  private static Optional<Refusal> refused(String reason) {
    return Optional.of(new Refusal(reason, false));
  }

  /** The name of the non-public range {@code address} is in, or empty for a public address. */
  public static Optional<String> nonPublicRange(InetAddress address) {
    if (address instanceof Inet6Address v6) {
      byte[] b = v6.getAddress();
      Optional<Inet4Address> embedded = embeddedIpv4(b);
      if (embedded.isPresent()) {
        return nonPublicRange(embedded.get());
      }
    }
    if (address.isAnyLocalAddress()) {
      return Optional.of("unspecified");
    }
    if (address.isLoopbackAddress()) {
      return Optional.of("loopback");
    }
    if (address.isLinkLocalAddress()) {
      return Optional.of("link-local");
    }
    if (address.isSiteLocalAddress()) {
      return Optional.of("private");
    }
    if (address.isMulticastAddress()) {
      return Optional.of("multicast");
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      if (first == 0) {
        return Optional.of("this network");
      }
      if (first == 100 && (second & 0xc0) == 64) {
        return Optional.of("carrier-grade NAT");
      }
      if (first == 192 && second == 0 && (b[2] & 0xff) == 0) {
        return Optional.of("IETF protocol assignments");
      }
      if (first == 198 && (second & 0xfe) == 18) {
        return Optional.of("benchmarking");
      }
      if (first >= 240) {
        return Optional.of("reserved");
      }
      return Optional.empty();
    }
    if ((b[0] & 0xfe) == 0xfc) {
      return Optional.of("unique local (fc00::/7)");
    }
    return Optional.empty();
  }

  /** The IPv4 address carried by an IPv4-mapped, -compatible or NAT64 IPv6 address. */
  private static Optional<Inet4Address> embeddedIpv4(byte[] b) {
    boolean zeroPrefix = isZero(b, 0, 10);
    boolean mapped = zeroPrefix && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    boolean compatible = zeroPrefix && b[10] == 0 && b[11] == 0 && !isZero(b, 12, 14);
    boolean nat64 =
        (b[0] & 0xff) == 0x00
            && (b[1] & 0xff) == 0x64
            && (b[2] & 0xff) == 0xff
            && (b[3] & 0xff) == 0x9b
            && isZero(b, 4, 12);
    if (!mapped && !compatible && !nat64) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          (Inet4Address) InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static boolean isZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
