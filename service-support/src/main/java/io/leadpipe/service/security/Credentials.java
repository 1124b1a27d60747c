package io.leadpipe.service.security;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;

/** Reads a presented secret from {@code Authorization: Bearer <secret>} or from a named header. */
public final class Credentials {

  private static final String BEARER = "Bearer ";

  private Credentials() {}

  /** The bearer secret, else the value of {@code fallbackHeader}; null when neither is present. */
  public static String presented(HttpRequest<?> request, String fallbackHeader) {
    String authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return authorization.substring(BEARER.length()).trim();
    }
    return fallbackHeader == null ? null : request.getHeaders().get(fallbackHeader);
  }
}
