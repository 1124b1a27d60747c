package io.leadpipe.registry.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confluent Schema Registry REST API v1 over {@link HttpClient}. Several base URLs fail over in
 * turn; connection failures and 5xx answers are retried with exponential backoff, a bounded number
 * of times; 4xx answers are final and become typed {@link SchemaRegistryException}s.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  static final String ACCEPT = CONTENT_TYPE + ", application/json";
  private static final int FIRST_SERVER_ERROR_STATUS = 500;
  private static final int FIRST_ERROR_STATUS = 400;
  private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);

  private final List<URI> baseUrls;
  private final String authorization;
  private final Duration timeout;
  private final int maxRetries;
  private final Duration backoff;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  /** The URL that answered last: keep using it instead of retrying a dead one first every time. */
  private final AtomicInteger current = new AtomicInteger();

  /**
   * @param urls base URLs; user info in a URL ({@code http://user:pass@host}) is used for basic
   *     auth
   * @param userInfo {@code user:password} for basic auth, or null
   */
  public RestSchemaRegistryClient(
      List<String> urls, String userInfo, Duration timeout, int maxRetries, Duration backoff) {
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("at least one schema registry URL is needed");
    }
    List<URI> parsed = new ArrayList<>();
    String urlUserInfo = null;
    for (String url : urls) {
      URI uri = URI.create(url.trim().replaceAll("/+$", ""));
      if (uri.getRawUserInfo() != null) {
        urlUserInfo = URI.create(url.trim()).getUserInfo();
        uri =
            URI.create(
                uri.getScheme()
                    + "://"
                    + uri.getHost()
                    + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                    + Objects.requireNonNullElse(uri.getRawPath(), ""));
      }
      parsed.add(uri);
    }
    this.baseUrls = List.copyOf(parsed);
    String credentials = userInfo != null ? userInfo : urlUserInfo;
    this.authorization =
        credentials == null
            ? null
            : "Basic "
                + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    this.timeout = timeout;
    this.maxRetries = maxRetries;
    this.backoff = backoff;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  private static String enc(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private ObjectNode schemaBody(String schema) {
    ObjectNode body = json.createObjectNode();
    body.put("schema", schema);
    return body;
  }

  @Override
  public int register(String subject, String schema) {
    return send("POST", "/subjects/" + enc(subject) + "/versions", schemaBody(schema))
        .get("id")
        .asInt();
  }

  @Override
  public RegisteredSchema lookup(String subject, String schema) {
    return toRegistered(send("POST", "/subjects/" + enc(subject), schemaBody(schema)));
  }

  @Override
  public String getById(int id) {
    return send("GET", "/schemas/ids/" + id, null).get("schema").asText();
  }

  @Override
  public RegisteredSchema getVersion(String subject, int version) {
    return toRegistered(send("GET", "/subjects/" + enc(subject) + "/versions/" + version, null));
  }

  @Override
  public RegisteredSchema getLatest(String subject) {
    return toRegistered(send("GET", "/subjects/" + enc(subject) + "/versions/latest", null));
  }

  private static RegisteredSchema toRegistered(JsonNode node) {
    return new RegisteredSchema(
        node.path("subject").asText(),
        node.path("id").asInt(),
        node.path("version").asInt(),
        node.path("schema").asText());
  }

  @Override
  public List<String> subjects() {
    List<String> result = new ArrayList<>();
    send("GET", "/subjects", null).forEach(n -> result.add(n.asText()));
    return result;
  }

  @Override
  public List<Integer> versions(String subject) {
    return ints(send("GET", "/subjects/" + enc(subject) + "/versions", null));
  }

  private static List<Integer> ints(JsonNode array) {
    List<Integer> result = new ArrayList<>();
    array.forEach(n -> result.add(n.asInt()));
    return result;
  }

  @Override
  public CompatibilityResult testCompatibility(String subject, String schema) {
    JsonNode answer;
    try {
      answer =
          send(
              "POST",
              "/compatibility/subjects/" + enc(subject) + "/versions/latest?verbose=true",
              schemaBody(schema));
    } catch (SchemaRegistryException.SubjectNotFoundException
        | SchemaRegistryException.VersionNotFoundException e) {
      // Nothing registered yet: anything is compatible with nothing.
      return new CompatibilityResult(true, List.of());
    }
    List<String> messages = new ArrayList<>();
    answer.path("messages").forEach(n -> messages.add(n.asText()));
    return new CompatibilityResult(answer.path("is_compatible").asBoolean(), messages);
  }

  @Override
  public String getCompatibility(String subject) {
    String path = subject == null ? "/config" : "/config/" + enc(subject) + "?defaultToGlobal=true";
    JsonNode node = send("GET", path, null);
    return node.has("compatibilityLevel")
        ? node.get("compatibilityLevel").asText()
        : node.path("compatibility").asText();
  }

  @Override
  public void setCompatibility(String subject, String level) {
    ObjectNode body = json.createObjectNode();
    body.put("compatibility", level);
    send("PUT", subject == null ? "/config" : "/config/" + enc(subject), body);
  }

  @Override
  public List<Integer> deleteSubject(String subject) {
    return ints(send("DELETE", "/subjects/" + enc(subject), null));
  }

  @Override
  public int deleteVersion(String subject, int version) {
    return send("DELETE", "/subjects/" + enc(subject) + "/versions/" + version, null).asInt();
  }

  /** Sends with fail-over across URLs and bounded retries on connect failures and 5xx. */
  JsonNode send(String method, String pathAndQuery, JsonNode body) {
    String payload;
    try {
      payload = body == null ? null : json.writeValueAsString(body);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode request body", e);
    }
    RuntimeException last = null;
    long delay = backoff.toMillis();
    for (int attempt = 0; attempt <= maxRetries; attempt++) {
      if (attempt > 0) {
        pause(delay);
        delay *= 2;
      }
      int index = Math.floorMod(current.get(), baseUrls.size());
      for (int tried = 0; tried < baseUrls.size(); tried++) {
        int urlIndex = (index + tried) % baseUrls.size();
        URI uri = URI.create(baseUrls.get(urlIndex) + pathAndQuery);
        try {
          HttpResponse<String> response =
              http.send(request(method, uri, payload), HttpResponse.BodyHandlers.ofString());
          int status = response.statusCode();
          if (status < FIRST_ERROR_STATUS) {
            current.set(urlIndex);
            return json.readTree(response.body().isEmpty() ? "null" : response.body());
          }
          SchemaRegistryException error = error(status, response.body());
          if (status < FIRST_SERVER_ERROR_STATUS) {
            throw error;
          }
          LOG.warn(
              "Schema registry {} answered {} to {} {} (attempt {})",
              baseUrls.get(urlIndex),
              status,
              method,
              pathAndQuery,
              attempt + 1);
          last = error;
        } catch (IOException e) {
          LOG.warn(
              "Schema registry {} unreachable for {} {} (attempt {}): {}",
              baseUrls.get(urlIndex),
              method,
              pathAndQuery,
              attempt + 1,
              e.toString());
          last =
              new SchemaRegistryException.SchemaRegistryServerException(
                  SchemaRegistryException.NO_HTTP_STATUS,
                  ErrorCodes.STORE_ERROR,
                  "Schema registry unreachable: " + e,
                  e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SchemaRegistryException(
              SchemaRegistryException.NO_HTTP_STATUS,
              ErrorCodes.OPERATION_TIMEOUT,
              "Interrupted calling schema registry",
              e);
        }
      }
    }
    throw last;
  }

  private HttpRequest request(String method, URI uri, String payload) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Accept", ACCEPT)
            .method(
                method,
                payload == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8));
    if (payload != null) {
      builder.header("Content-Type", CONTENT_TYPE);
    }
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    return builder.build();
  }

  private SchemaRegistryException error(int status, String body) {
    try {
      JsonNode node = json.readTree(body);
      if (node != null && node.has("error_code")) {
        return SchemaRegistryException.of(
            status, node.get("error_code").asInt(), node.path("message").asText());
      }
    } catch (IOException e) {
      // Not Confluent's error body (e.g. a proxy's HTML page): fall through with the raw status.
    }
    return SchemaRegistryException.of(status, status, "HTTP " + status + ": " + body);
  }

  /**
   * Backoff between retries; a client call is blocking anyway, so parking the caller is intended.
   */
  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException(
          SchemaRegistryException.NO_HTTP_STATUS,
          ErrorCodes.OPERATION_TIMEOUT,
          "Interrupted while backing off",
          e);
    }
  }
}
