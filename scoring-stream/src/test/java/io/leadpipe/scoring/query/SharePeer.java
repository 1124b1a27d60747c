package io.leadpipe.scoring.query;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Another instance in a listing test: answers every share request with the same share, as read from
 * its active copies of the partitions asked, and records each request as {@code METHOD path?query
 * body}.
 */
final class SharePeer implements AutoCloseable {

  private final HttpServer server;
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

  private SharePeer(HttpServer server) {
    this.server = server;
  }

  static SharePeer answering(JsonMapper json, Object share) throws IOException {
    SharePeer peer = new SharePeer(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
    peer.server.createContext(
        "/",
        exchange -> {
          String query = exchange.getRequestURI().getRawQuery();
          peer.requests.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI().getRawPath()
                  + (query == null ? "" : "?" + query)
                  + " "
                  + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          byte[] body = json.writeValueAsBytes(share);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange
              .getResponseHeaders()
              .add(
                  Peers.READ_PARTITIONS_HEADER,
                  exchange.getRequestHeaders().getFirst(Peers.PARTITIONS_HEADER));
          exchange.getResponseHeaders().add(Peers.STALE_PARTITIONS_HEADER, "");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    peer.server.start();
    return peer;
  }

  HostInfo host() {
    return new HostInfo("127.0.0.1", server.getAddress().getPort());
  }

  List<String> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
