package io.leadpipe.dashboard.web;

import io.leadpipe.dashboard.support.DashboardJson;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;

/** An RFC 9457 problem detail, as the other leadpipe services answer errors. */
public record Problem(String type, String title, int status, String detail) {

  public static final String MEDIA_TYPE = "application/problem+json";
  private static final String TYPE_BASE = "https://leadpipe.io/problems/";

  public static MutableHttpResponse<String> response(HttpStatus status, String code, String title, String detail) {
    return HttpResponse.<String>status(status)
        .contentType(MEDIA_TYPE)
        .body(DashboardJson.write(new Problem(TYPE_BASE + code, title, status.getCode(), detail)));
  }
}
