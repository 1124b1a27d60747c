package io.leadpipe.ingest.enrichment;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Anonymises client addresses as Google Analytics does: the last IPv4 octet and the last 80 bits of
 * an IPv6 address become zero, which keeps the network (for rough geography) but not the household.
 *
 * <p>Only literal addresses are parsed (never a host name, so no DNS lookup on the request path);
 * anything that is not an address yields {@code null} rather than a value we could not anonymise.
 */
public final class IpAnonymizer {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");
  private static final int IPV4_KEPT_BYTES = 3;

  /** 128 - 80 bits = 48 bits kept. */
  private static final int IPV6_KEPT_BYTES = 6;

  private IpAnonymizer() {}

  /** The anonymised address, or null when {@code ip} is not a literal IPv4/IPv6 address. */
  public static String anonymize(String ip) {
    InetAddress address = parse(ip);
    if (address == null) {
      return null;
    }
    byte[] bytes = address.getAddress();
    int kept = address instanceof Inet4Address ? IPV4_KEPT_BYTES : IPV6_KEPT_BYTES;
    for (int i = kept; i < bytes.length; i++) {
      bytes[i] = 0;
    }
    return toText(bytes);
  }

  /**
   * The address in canonical text without anonymising, or null when it is not a literal address.
   */
  public static String normalize(String ip) {
    InetAddress address = parse(ip);
    return address == null ? null : toText(address.getAddress());
  }

  private static InetAddress parse(String ip) {
    if (ip == null) {
      return null;
    }
    String literal = ip.trim();
    if (literal.startsWith("[") && literal.endsWith("]")) {
      literal = literal.substring(1, literal.length() - 1);
    }
    int zone = literal.indexOf('%');
    if (zone >= 0) {
      literal = literal.substring(0, zone);
    }
    boolean v4 = IPV4.matcher(literal).matches();
    boolean v6 = !v4 && literal.indexOf(':') >= 0 && IPV6.matcher(literal).matches();
    if (!v4 && !v6) {
      return null;
    }
    if (v4) {
      for (String part : literal.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          return null;
        }
      }
    }
    try {
      // A literal (checked above), so this parses and never resolves a name.
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static String toText(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes are always an address", e);
    }
  }
}
