package io.leadpipe.dashboard.query;

/** What the query API answered: its status, content type and body, passed on as they are. */
public record QueryAnswer(int status, String contentType, String body) {

  public boolean ok() {
    return status >= 200 && status < 300;
  }

  /**
   * A 4xx other than 404 is the caller's mistake (e.g. an unknown sort), worth showing as the API
   * phrased it.
   */
  public boolean callerError() {
    return status >= 400 && status < 500 && status != 404;
  }
}
