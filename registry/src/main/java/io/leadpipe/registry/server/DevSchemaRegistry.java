package io.leadpipe.registry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.leadpipe.registry.client.CompatibilityResult;
import io.leadpipe.registry.client.ErrorCodes;
import io.leadpipe.registry.client.RegisteredSchema;
import io.leadpipe.registry.client.RestSchemaRegistryClient;
import io.leadpipe.registry.client.SchemaRegistryException;
import io.leadpipe.registry.store.CompatibilityLevel;
import io.leadpipe.registry.store.InMemorySchemaLog;
import io.leadpipe.registry.store.SchemaLog;
import io.leadpipe.registry.store.SchemaStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry for local runs and tests speaking Confluent's REST API v1 (the subset clients
 * use: subjects, versions, schemas by id, compatibility, config, mode, deletes) with Confluent's
 * JSON shapes and error bodies, so Confluent's own clients work against it. State lives in memory
 * or in a compacted Kafka topic ({@code _schemas}) read to the end before serving.
 */
public final class DevSchemaRegistry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DevSchemaRegistry.class);

  /** A dev registry sees a handful of concurrent clients; a small pool is plenty. */
  private static final int WORKER_THREADS = 4;

  /** No backlog tuning needed: 0 means the system default. */
  private static final int DEFAULT_BACKLOG = 0;

  /** Seconds close() lets in-flight exchanges finish. */
  private static final int STOP_DELAY_SECONDS = 0;

  private static final String LATEST = "latest";

  /** Confluent accepts -1 as a synonym of latest. */
  private static final int LATEST_VERSION_NUMBER = -1;

  private static final String AVRO = "AVRO";
  private static final String READWRITE = "READWRITE";
  private static final int OK = 200;
  private static final int NOT_FOUND = 404;
  private static final int METHOD_NOT_ALLOWED = 405;
  private static final int UNPROCESSABLE = 422;
  private static final int SERVER_ERROR = 500;

  private final HttpServer server;
  private final ExecutorService workers;
  private final SchemaStore store;
  private final SchemaLog log;
  private final ObjectMapper json = new ObjectMapper();
  private final AtomicLong requests = new AtomicLong();

  private DevSchemaRegistry(
      HttpServer server, ExecutorService workers, SchemaStore store, SchemaLog log) {
    this.server = server;
    this.workers = workers;
    this.store = store;
    this.log = log;
  }

  /** Reads the persisted state (if any), starts serving, and returns once the port is bound. */
  public static DevSchemaRegistry start(DevSchemaRegistryConfig config) {
    SchemaLog log =
        config.bootstrapServers() == null
            ? new InMemorySchemaLog()
            : new KafkaSchemaLog(config.bootstrapServers(), config.topic());
    SchemaStore store;
    try {
      store = new SchemaStore(log);
    } catch (RuntimeException e) {
      log.close();
      throw e;
    }
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(config.host(), config.port()), DEFAULT_BACKLOG);
      ExecutorService workers =
          Executors.newFixedThreadPool(
              WORKER_THREADS,
              r -> {
                Thread t = new Thread(r, "dev-schema-registry");
                t.setDaemon(true);
                return t;
              });
      DevSchemaRegistry registry = new DevSchemaRegistry(server, workers, store, log);
      server.createContext("/", registry::handle);
      server.setExecutor(workers);
      server.start();
      LOG.info(
          "Dev schema registry serving at {} ({})",
          registry.url(),
          config.bootstrapServers() == null
              ? "in memory"
              : "topic " + config.topic() + " on " + config.bootstrapServers());
      return registry;
    } catch (IOException e) {
      log.close();
      throw new UncheckedIOException(
          "Cannot bind dev schema registry to " + config.host() + ":" + config.port(), e);
    }
  }

  public String url() {
    return "http://" + server.getAddress().getHostString() + ":" + port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** HTTP requests served so far (tests use it to prove client caching). */
  public long requestCount() {
    return requests.get();
  }

  /** The registry state, for tests and embedding. */
  public SchemaStore store() {
    return store;
  }

  @Override
  public void close() {
    server.stop(STOP_DELAY_SECONDS);
    workers.shutdownNow();
    log.close();
    LOG.info("Dev schema registry at port {} stopped", port());
  }

  private record Answer(int status, Object body) {}

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    Answer answer;
    try {
      answer = route(exchange.getRequestMethod(), segments(exchange), query(exchange), exchange);
    } catch (SchemaRegistryException e) {
      answer = error(e.status(), e.errorCode(), messageOf(e));
    } catch (IOException | RuntimeException e) {
      LOG.error(
          "Dev schema registry failed on {} {}",
          exchange.getRequestMethod(),
          exchange.getRequestURI(),
          e);
      answer =
          error(
              SERVER_ERROR,
              ErrorCodes.STORE_ERROR,
              "Error in the backend data store: " + e.getMessage());
    }
    byte[] bytes = answer.body() == null ? new byte[0] : json.writeValueAsBytes(answer.body());
    exchange.getResponseHeaders().set("Content-Type", RestSchemaRegistryClient.CONTENT_TYPE);
    exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The exception message without the "(status, error_code)" suffix the client adds. */
  private static String messageOf(SchemaRegistryException e) {
    String message = e.getMessage();
    int suffix = message.lastIndexOf(" (status ");
    return suffix < 0 ? message : message.substring(0, suffix);
  }

  private Answer error(int status, int code, String message) {
    ObjectNode body = json.createObjectNode();
    body.put("error_code", code);
    body.put("message", message);
    return new Answer(status, body);
  }

  private static List<String> segments(HttpExchange exchange) {
    return Arrays.stream(exchange.getRequestURI().getRawPath().split("/"))
        .filter(s -> !s.isEmpty())
        .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8))
        .toList();
  }

  private static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> params = new HashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String name =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        params.put(
            name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return params;
  }

  private JsonNode body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readAllBytes();
      if (bytes.length == 0) {
        throw new SchemaRegistryException(UNPROCESSABLE, UNPROCESSABLE, "Request body is missing");
      }
      try {
        return json.readTree(bytes);
      } catch (IOException e) {
        throw new SchemaRegistryException(
            UNPROCESSABLE, UNPROCESSABLE, "Unrecognized request body: " + e.getMessage());
      }
    }
  }

  private String schemaFrom(JsonNode body) {
    String type = body.path("schemaType").asText(AVRO);
    if (!AVRO.equalsIgnoreCase(type)) {
      throw new SchemaRegistryException.InvalidSchemaException(
          "Unsupported schema type " + type + ": only AVRO");
    }
    JsonNode schema = body.get("schema");
    if (schema == null || !schema.isTextual()) {
      throw new SchemaRegistryException.InvalidSchemaException(
          "Request body needs a string field 'schema'");
    }
    return schema.asText();
  }

  private Answer route(String method, List<String> p, Map<String, String> q, HttpExchange ex)
      throws IOException {
    int n = p.size();
    String first = n == 0 ? "" : p.get(0);
    boolean get = method.equals("GET");
    boolean post = method.equals("POST");
    boolean put = method.equals("PUT");
    boolean delete = method.equals("DELETE");
    switch (first) {
      case "" -> {
        return new Answer(OK, json.createObjectNode());
      }
      case "subjects" -> {
        if (n == 1 && get) {
          return new Answer(OK, store.subjects());
        }
        String subject = n > 1 ? p.get(1) : null;
        if (n == 2 && post) {
          return new Answer(OK, versionJson(store.lookup(subject, schemaFrom(body(ex)))));
        }
        if (n == 2 && delete) {
          return new Answer(OK, store.deleteSubject(subject));
        }
        if (n == 3 && p.get(2).equals("versions") && get) {
          return new Answer(OK, store.versions(subject));
        }
        if (n == 3 && p.get(2).equals("versions") && post) {
          int id = store.register(subject, schemaFrom(body(ex)));
          return new Answer(OK, json.createObjectNode().put("id", id));
        }
        if (n == 4 && p.get(2).equals("versions") && get) {
          return new Answer(OK, versionJson(version(subject, p.get(3))));
        }
        if (n == 5 && p.get(2).equals("versions") && p.get(4).equals("schema") && get) {
          return new Answer(OK, json.readTree(version(subject, p.get(3)).schema()));
        }
        if (n == 4 && p.get(2).equals("versions") && delete) {
          return new Answer(OK, store.deleteVersion(subject, version(subject, p.get(3)).version()));
        }
      }
      case "schemas" -> {
        if (n == 2 && p.get(1).equals("types") && get) {
          return new Answer(OK, List.of(AVRO));
        }
        if (n >= 3 && p.get(1).equals("ids") && get) {
          int id =
              parseInt(p.get(2), ErrorCodes.SCHEMA_NOT_FOUND, "Schema " + p.get(2) + " not found");
          if (n == 3) {
            return new Answer(OK, json.createObjectNode().put("schema", store.getById(id)));
          }
          if (n == 4 && p.get(3).equals("versions")) {
            ArrayNode array = json.createArrayNode();
            store
                .versionsOfId(id)
                .forEach(
                    r -> array.addObject().put("subject", r.subject()).put("version", r.version()));
            return new Answer(OK, array);
          }
          if (n == 4 && p.get(3).equals("subjects")) {
            return new Answer(
                OK,
                store.versionsOfId(id).stream().map(RegisteredSchema::subject).distinct().toList());
          }
        }
      }
      case "compatibility" -> {
        if (post
            && n >= 4
            && p.get(1).equals("subjects")
            && p.get(3).equals("versions")
            && n <= 5) {
          return compatibility(p.get(2), n == 5 ? p.get(4) : null, schemaFrom(body(ex)), q);
        }
      }
      case "config" -> {
        return config(method, n == 2 ? p.get(1) : null, n, q, ex);
      }
      case "mode" -> {
        if (get && n <= 2) {
          return new Answer(OK, json.createObjectNode().put("mode", READWRITE));
        }
      }
      default -> {
        // falls through to the 404 below
      }
    }
    if (!(get || post || put || delete)) {
      return error(METHOD_NOT_ALLOWED, METHOD_NOT_ALLOWED, "HTTP 405 Method Not Allowed");
    }
    return error(NOT_FOUND, ErrorCodes.NOT_FOUND, "HTTP 404 Not Found");
  }

  private Answer compatibility(
      String subject, String versionText, String schema, Map<String, String> q) {
    CompatibilityResult result;
    if (versionText == null) {
      // Without a version: against the versions the subject's level covers.
      result = store.testCompatibility(subject, schema);
    } else {
      RegisteredSchema against = version(subject, versionText);
      List<String> problems =
          store
              .levelOf(subject)
              .check(
                  new org.apache.avro.Schema.Parser().parse(SchemaStore.canonical(schema)),
                  List.of(new org.apache.avro.Schema.Parser().parse(against.schema())));
      result = new CompatibilityResult(problems.isEmpty(), problems);
    }
    ObjectNode body = json.createObjectNode().put("is_compatible", result.compatible());
    if (Boolean.parseBoolean(q.getOrDefault("verbose", "false"))) {
      ArrayNode messages = body.putArray("messages");
      result.messages().forEach(messages::add);
    }
    return new Answer(OK, body);
  }

  private Answer config(
      String method, String subject, int n, Map<String, String> q, HttpExchange ex)
      throws IOException {
    if (n > 2) {
      return error(NOT_FOUND, ErrorCodes.NOT_FOUND, "HTTP 404 Not Found");
    }
    switch (method) {
      case "GET" -> {
        CompatibilityLevel level =
            subject == null ? store.levelOf(null) : store.subjectLevel(subject);
        if (level == null && Boolean.parseBoolean(q.getOrDefault("defaultToGlobal", "false"))) {
          level = store.levelOf(null);
        }
        if (level == null) {
          return error(
              NOT_FOUND,
              ErrorCodes.SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED,
              "Subject '" + subject + "' does not have subject-level compatibility configured");
        }
        return new Answer(OK, json.createObjectNode().put("compatibilityLevel", level.name()));
      }
      case "PUT" -> {
        JsonNode body = body(ex);
        String level = body.path("compatibility").asText(null);
        store.setCompatibility(subject, level);
        return new Answer(
            OK,
            json.createObjectNode().put("compatibility", CompatibilityLevel.parse(level).name()));
      }
      case "DELETE" -> {
        if (subject == null) {
          return error(METHOD_NOT_ALLOWED, METHOD_NOT_ALLOWED, "HTTP 405 Method Not Allowed");
        }
        CompatibilityLevel previous = store.deleteSubjectCompatibility(subject);
        if (previous == null) {
          throw new SchemaRegistryException.SubjectNotFoundException(
              "Subject '" + subject + "' not found.");
        }
        return new Answer(OK, json.createObjectNode().put("compatibilityLevel", previous.name()));
      }
      default -> {
        return error(METHOD_NOT_ALLOWED, METHOD_NOT_ALLOWED, "HTTP 405 Method Not Allowed");
      }
    }
  }

  private RegisteredSchema version(String subject, String text) {
    if (text.equals(LATEST)) {
      return store.getLatest(subject);
    }
    int version =
        parseInt(
            text,
            ErrorCodes.INVALID_VERSION,
            "The specified version '"
                + text
                + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    return version == LATEST_VERSION_NUMBER
        ? store.getLatest(subject)
        : store.getVersion(subject, version);
  }

  private static int parseInt(String text, int errorCode, String message) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw SchemaRegistryException.of(
          errorCode == ErrorCodes.INVALID_VERSION ? UNPROCESSABLE : NOT_FOUND, errorCode, message);
    }
  }

  private ObjectNode versionJson(RegisteredSchema r) {
    return json.createObjectNode()
        .put("subject", r.subject())
        .put("version", r.version())
        .put("id", r.id())
        .put("schema", r.schema());
  }
}
