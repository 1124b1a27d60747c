package io.leadpipe.registry.server;

import static io.leadpipe.registry.testdata.Schemas.LEAD_REQUIRED_FIELD;
import static io.leadpipe.registry.testdata.Schemas.LEAD_V1;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Confluent's JSON shapes and error bodies, checked on the raw HTTP answers. */
class DevSchemaRegistryApiTest {
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private DevSchemaRegistry registry;

  @BeforeEach
  void start() {
    registry = DevSchemaRegistry.start(DevSchemaRegistryConfig.inMemory());
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  private record Reply(int status, JsonNode body, String contentType) {}

  private Reply call(String method, String path, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(registry.url() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", CONTENT_TYPE);
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(
        response.statusCode(),
        response.body().isEmpty() ? null : json.readTree(response.body()),
        response.headers().firstValue("Content-Type").orElse(""));
  }

  private String schemaBody(String schema) throws Exception {
    return json.createObjectNode().put("schema", schema).toString();
  }

  @Test
  void registerAnswersTheIdAndVersionsReadBack() throws Exception {
    Reply registered = call("POST", "/subjects/leads-value/versions", schemaBody(LEAD_V1));

    assertThat(registered.status()).isEqualTo(200);
    assertThat(registered.contentType()).isEqualTo(CONTENT_TYPE);
    assertThat(registered.body()).isEqualTo(json.readTree("{\"id\":1}"));
    JsonNode latest = call("GET", "/subjects/leads-value/versions/latest", null).body();
    assertThat(latest.get("subject").asText()).isEqualTo("leads-value");
    assertThat(latest.get("version").asInt()).isEqualTo(1);
    assertThat(latest.get("id").asInt()).isEqualTo(1);
    assertThat(json.readTree(latest.get("schema").asText())).isEqualTo(json.readTree(LEAD_V1));
    assertThat(call("GET", "/subjects", null).body()).isEqualTo(json.readTree("[\"leads-value\"]"));
    assertThat(call("GET", "/subjects/leads-value/versions", null).body())
        .isEqualTo(json.readTree("[1]"));
    assertThat(call("GET", "/schemas/ids/1/versions", null).body())
        .isEqualTo(json.readTree("[{\"subject\":\"leads-value\",\"version\":1}]"));
    assertThat(call("GET", "/subjects/leads-value/versions/1/schema", null).body())
        .isEqualTo(json.readTree(LEAD_V1));
  }

  @Test
  void incompatibleRegistrationIs409WithConfluentsErrorBody() throws Exception {
    call("POST", "/subjects/leads-value/versions", schemaBody(LEAD_V1));

    Reply rejected =
        call("POST", "/subjects/leads-value/versions", schemaBody(LEAD_REQUIRED_FIELD));

    assertThat(rejected.status()).isEqualTo(409);
    assertThat(rejected.body().get("error_code").asInt()).isEqualTo(409);
    assertThat(rejected.body().get("message").asText()).contains("incompatible");
    assertThat(rejected.body().size()).isEqualTo(2);
  }

  @Test
  void compatibilityVerboseExplainsWhy() throws Exception {
    call("POST", "/subjects/leads-value/versions", schemaBody(LEAD_V1));

    JsonNode answer =
        call(
                "POST",
                "/compatibility/subjects/leads-value/versions/latest?verbose=true",
                schemaBody(LEAD_REQUIRED_FIELD))
            .body();
    JsonNode terse =
        call("POST", "/compatibility/subjects/leads-value/versions/1", schemaBody(LEAD_V1)).body();

    assertThat(answer.get("is_compatible").asBoolean()).isFalse();
    assertThat(answer.get("messages").toString()).contains("owner");
    assertThat(terse).isEqualTo(json.readTree("{\"is_compatible\":true}"));
  }

  @Test
  void configModeAndTypesAnswerLikeConfluent() throws Exception {
    assertThat(call("GET", "/config", null).body())
        .isEqualTo(json.readTree("{\"compatibilityLevel\":\"BACKWARD\"}"));
    assertThat(call("PUT", "/config/leads-value", "{\"compatibility\":\"FULL\"}").body())
        .isEqualTo(json.readTree("{\"compatibility\":\"FULL\"}"));
    assertThat(call("GET", "/config/leads-value", null).body())
        .isEqualTo(json.readTree("{\"compatibilityLevel\":\"FULL\"}"));
    Reply unset = call("GET", "/config/other", null);
    assertThat(unset.status()).isEqualTo(404);
    assertThat(unset.body().get("error_code").asInt()).isEqualTo(40408);
    assertThat(
            call("GET", "/config/other?defaultToGlobal=true", null)
                .body()
                .get("compatibilityLevel")
                .asText())
        .isEqualTo("BACKWARD");
    assertThat(call("DELETE", "/config/leads-value", null).body())
        .isEqualTo(json.readTree("{\"compatibilityLevel\":\"FULL\"}"));
    assertThat(call("GET", "/mode", null).body())
        .isEqualTo(json.readTree("{\"mode\":\"READWRITE\"}"));
    assertThat(call("GET", "/schemas/types", null).body()).isEqualTo(json.readTree("[\"AVRO\"]"));
  }

  @Test
  void errorsCarryConfluentCodes() throws Exception {
    assertThat(call("GET", "/subjects/none/versions", null).body().get("error_code").asInt())
        .isEqualTo(40401);
    assertThat(call("GET", "/schemas/ids/77", null).body().get("error_code").asInt())
        .isEqualTo(40403);
    call("POST", "/subjects/leads-value/versions", schemaBody(LEAD_V1));
    assertThat(
            call("GET", "/subjects/leads-value/versions/5", null).body().get("error_code").asInt())
        .isEqualTo(40402);
    Reply badVersion = call("GET", "/subjects/leads-value/versions/abc", null);
    assertThat(badVersion.status()).isEqualTo(422);
    assertThat(badVersion.body().get("error_code").asInt()).isEqualTo(42202);
    assertThat(
            call("POST", "/subjects/x/versions", schemaBody("{\"type\":"))
                .body()
                .get("error_code")
                .asInt())
        .isEqualTo(42201);
    assertThat(
            call("PUT", "/config", "{\"compatibility\":\"SOMETIMES\"}")
                .body()
                .get("error_code")
                .asInt())
        .isEqualTo(42203);
    assertThat(call("GET", "/nowhere", null).status()).isEqualTo(404);
  }

  @Test
  void deletesAreSoftAndAnswerTheVersions() throws Exception {
    call("POST", "/subjects/leads-value/versions", schemaBody(LEAD_V1));

    assertThat(call("DELETE", "/subjects/leads-value", null).body())
        .isEqualTo(json.readTree("[1]"));
    assertThat(call("GET", "/subjects", null).body()).isEqualTo(json.readTree("[]"));
    assertThat(call("GET", "/schemas/ids/1", null).status()).isEqualTo(200);
  }
}
