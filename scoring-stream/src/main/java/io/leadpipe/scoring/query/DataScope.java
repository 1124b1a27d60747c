package io.leadpipe.scoring.query;

import io.micronaut.http.HttpRequest;

/**
 * What a query API caller may see. Personal data is what names or locates a person: the user id,
 * first name, birth year, city, social handles and custom traits; a visitor id is a pseudonym and
 * scores, stages, segments and counts are not personal. The e-mail is never served (see {@link
 * ProfileViews#WITHHELD_TRAITS}).
 */
public enum DataScope {
  /** A read token: everything but personal data. */
  PSEUDONYMOUS,
  /** A personal-data token, or local mode on this machine. */
  PERSONAL;

  private static final String ATTRIBUTE = "leadpipe.query.data-scope";

  /** Set by {@link ReadTokenFilter} once the caller is known. */
  void attachTo(HttpRequest<?> request) {
    request.setAttribute(ATTRIBUTE, this);
  }

  /** The caller's scope; pseudonymous when no filter decided (never more than allowed). */
  public static DataScope of(HttpRequest<?> request) {
    return request.getAttribute(ATTRIBUTE, DataScope.class).orElse(PSEUDONYMOUS);
  }
}
