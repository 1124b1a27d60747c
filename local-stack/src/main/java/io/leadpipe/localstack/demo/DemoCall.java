package io.leadpipe.localstack.demo;

import java.util.Map;

/**
 * One call a simulated shopper makes to the ingest API, {@code offsetMs} after their visit starts.
 */
public record DemoCall(long offsetMs, Endpoint endpoint, Map<String, Object> body) {

  /**
   * Where a call goes and with which key: what happens in the shopper's browser uses the shop's
   * (public) browser key; purchases and social interactions come from the shop's server and its
   * social connector, with the server key, as ingest accepts them from server sources only.
   */
  public enum Endpoint {
    /** Segment-style calls (track, page, identify) from the browser, through /v1/batch. */
    BATCH("/v1/batch", false),
    /** Calls the shop's server makes (Order Completed), through /v1/batch. */
    SERVER_BATCH("/v1/batch", true),
    /** Social interactions from the social connector, through /v1/social. */
    SOCIAL("/v1/social", true),
    /**
     * An answer on ingest's hosted survey page, as a browser gives it: the page is opened and its
     * form posted. The body holds the link ({@code url}) and the answer ({@code reason}).
     */
    SURVEY_PAGE("/survey/", false);

    private final String path;
    private final boolean serverSide;

    Endpoint(String path, boolean serverSide) {
      this.path = path;
      this.serverSide = serverSide;
    }

    public String path() {
      return path;
    }

    public boolean serverSide() {
      return serverSide;
    }
  }
}
