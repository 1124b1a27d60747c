package io.leadpipe.deploy;

import io.leadpipe.schemas.topics.Topic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.specific.SpecificData;

/**
 * Checks that the AsyncAPI document describes the topic catalogue as the code has it: one channel
 * per topic with its meaning, partitions, cleanup policy, key, subject and a self-contained Avro
 * schema that reads what the producers write; who produces and consumes each topic, including every
 * topic a service's code touches; and servers that are where the services connect.
 */
final class AsyncApiChecks {

  static final String AVRO_FORMAT = "application/vnd.apache.avro;version=1.9.0";
  static final String SUBJECT_EXTENSION = "x-schema-registry-subject";
  static final String KEY_SCHEMAS = "#/components/schemas/";
  static final String LOCAL_SERVER = "local";
  static final String COMPOSE_SERVER = "compose";

  private AsyncApiChecks() {}

  static List<String> channels(
      Map<String, Object> doc, Path docDir, Path releasedDir, Collection<Topic<?>> catalogue) {
    List<String> problems = new ArrayList<>();
    Map<String, Object> channels = Yamls.asMap(doc.get("channels"), "channels");
    Set<String> topicNames = catalogue.stream().map(Topic::name).collect(Collectors.toSet());
    channels.forEach(
        (id, channel) -> {
          String address = Yamls.text(Yamls.asMap(channel, id), "address").orElse(id);
          if (!topicNames.contains(address)) {
            problems.add("channel " + id + ": " + address + " is not a topic of Topics.all()");
          }
        });
    Optional<Path> release = latestRelease(releasedDir);
    if (release.isEmpty()) {
      problems.add("no released schema version under " + releasedDir);
    }
    for (Topic<?> topic : catalogue) {
      List<String> ids =
          channels.entrySet().stream()
              .filter(
                  e ->
                      Yamls.text(Yamls.asMap(e.getValue(), e.getKey()), "address")
                          .orElse(e.getKey())
                          .equals(topic.name()))
              .map(Map.Entry::getKey)
              .toList();
      if (ids.size() != 1) {
        problems.add(
            topic.name() + ": " + ids.size() + " channels with this address, expected one");
        continue;
      }
      String id = ids.get(0);
      Map<String, Object> channel = Yamls.asMap(channels.get(id), id);
      String where = "channel " + id + " (" + topic.name() + ")";
      expectEqual(
          problems,
          where + " summary",
          topic.meaning(),
          Yamls.text(channel, "summary").orElse(null));
      expectEqual(
          problems,
          where + " partitions",
          String.valueOf(topic.partitions()),
          Yamls.text(channel, "bindings", "kafka", "partitions").orElse(null));
      expectEqual(
          problems,
          where + " cleanup.policy",
          List.of(topic.cleanupPolicy()),
          Yamls.at(channel, "bindings", "kafka", "topicConfiguration", "cleanup.policy")
              .orElse(null));
      Map<String, Object> messages = Yamls.asMap(channel.get("messages"), where + ".messages");
      if (messages.size() != 1) {
        problems.add(
            where
                + ": "
                + messages.size()
                + " messages, expected the one value type "
                + topic.valueType().getSimpleName());
        continue;
      }
      Map<String, Object> message =
          Yamls.asMap(
              resolve(doc, messages.values().iterator().next(), problems, where),
              where + ".message");
      checkMessage(problems, where, topic, message, doc, docDir, release);
    }
    return problems;
  }

  private static void checkMessage(
      List<String> problems,
      String where,
      Topic<?> topic,
      Map<String, Object> message,
      Map<String, Object> doc,
      Path docDir,
      Optional<Path> release) {
    expectEqual(
        problems,
        where + " message name",
        topic.valueType().getSimpleName(),
        Yamls.text(message, "name").orElse(null));
    expectEqual(
        problems,
        where + " schemaFormat",
        AVRO_FORMAT,
        Yamls.text(message, "payload", "schemaFormat").orElse(null));
    expectEqual(
        problems,
        where + " registry subject",
        topic.name() + "-value",
        Yamls.text(message, SUBJECT_EXTENSION).orElse(null));
    expectEqual(
        problems,
        where + " schemaIdLocation",
        "payload",
        Yamls.text(message, "bindings", "kafka", "schemaIdLocation").orElse(null));
    expectEqual(
        problems,
        where + " schemaIdPayloadEncoding",
        "confluent",
        Yamls.text(message, "bindings", "kafka", "schemaIdPayloadEncoding").orElse(null));
    String keyRef = Yamls.text(message, "bindings", "kafka", "key", "$ref").orElse("");
    expectEqual(problems, where + " key", KEY_SCHEMAS + keySchemaName(topic.key()), keyRef);
    Object keySchema = resolve(doc, Map.of("$ref", keyRef), problems, where + " key");
    if (keySchema != null && !"string".equals(Yamls.asMap(keySchema, keyRef).get("type"))) {
      problems.add(where + ": key schema " + keyRef + " is not a string (keys are UTF-8 strings)");
    }
    Optional<String> schemaRef = Yamls.text(message, "payload", "schema", "$ref");
    if (schemaRef.isEmpty()) {
      problems.add(where + ": payload.schema has no $ref to an .avsc file");
      return;
    }
    Path schemaFile = docDir.resolve(schemaRef.get()).normalize();
    if (!Files.isRegularFile(schemaFile)) {
      problems.add(where + ": schema " + schemaRef.get() + " does not exist (" + schemaFile + ")");
      return;
    }
    // A topic new since the latest release links its self-contained source schema until the next
    // release.
    release
        .map(r -> r.resolve(topic.name() + ".avsc").normalize())
        .filter(Files::isRegularFile)
        .filter(expected -> !expected.equals(schemaFile))
        .ifPresent(
            expected ->
                problems.add(
                    where
                        + ": schema "
                        + schemaRef.get()
                        + " is not the latest release's self-contained schema "
                        + expected));
    checkSchema(problems, where, topic, schemaFile);
  }

  /**
   * The linked schema is the value type's record and, as a consumer's reader schema, reads what
   * producers write.
   */
  private static void checkSchema(
      List<String> problems, String where, Topic<?> topic, Path schemaFile) {
    Schema documented;
    try {
      documented = new Schema.Parser().parse(schemaFile.toFile());
    } catch (IOException | RuntimeException e) {
      problems.add(
          where + ": schema " + schemaFile + " does not parse on its own: " + e.getMessage());
      return;
    }
    expectEqual(
        problems, where + " schema record", topic.valueType().getName(), documented.getFullName());
    Schema written = SpecificData.get().getSchema(topic.valueType());
    SchemaCompatibility.SchemaPairCompatibility compatibility =
        SchemaCompatibility.checkReaderWriterCompatibility(documented, written);
    if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      problems.add(
          where
              + ": a consumer using "
              + schemaFile.getFileName()
              + " cannot read what producers write now: "
              + compatibility.getResult().getIncompatibilities());
    }
  }

  /**
   * Each channel has a producer and a consumer; each operation names its application; code and
   * document agree.
   */
  static List<String> producersAndConsumers(
      Map<String, Object> doc, Collection<ServiceModule> modules) {
    List<String> problems = new ArrayList<>();
    Map<String, Object> channels = Yamls.asMap(doc.get("channels"), "channels");
    Set<String> applications =
        Yamls.asList(Yamls.at(doc, "info", "tags").orElse(null), "info.tags").stream()
            .map(t -> String.valueOf(Yamls.asMap(t, "info.tags[]").get("name")))
            .collect(Collectors.toSet());
    Set<String> sent = new HashSet<>();
    Set<String> received = new HashSet<>();
    Set<String> touched = new HashSet<>();
    Yamls.asMap(doc.get("operations"), "operations")
        .forEach(
            (id, value) -> {
              Map<String, Object> operation = Yamls.asMap(value, id);
              String channelRef = Yamls.text(operation, "channel", "$ref").orElse("");
              String channelId = channelRef.replaceFirst("^#/channels/", "");
              if (!channelRef.startsWith("#/channels/") || !channels.containsKey(channelId)) {
                problems.add("operation " + id + ": channel " + channelRef + " does not exist");
                return;
              }
              String address =
                  Yamls.text(Yamls.asMap(channels.get(channelId), channelId), "address")
                      .orElse(channelId);
              String action = String.valueOf(operation.get("action"));
              (action.equals("send") ? sent : received).add(address);
              List<String> tags =
                  Yamls.asList(operation.get("tags"), id + ".tags").stream()
                      .map(t -> String.valueOf(Yamls.asMap(t, id + ".tags[]").get("name")))
                      .toList();
              if (tags.isEmpty()) {
                problems.add(
                    "operation " + id + ": no tag naming the application that " + action + "s");
              }
              tags.stream()
                  .filter(t -> !applications.contains(t))
                  .forEach(
                      t ->
                          problems.add(
                              "operation "
                                  + id
                                  + ": tag "
                                  + t
                                  + " is not an application of info.tags "
                                  + applications));
              tags.forEach(t -> touched.add(t + " " + address));
              for (Object message : Yamls.asList(operation.get("messages"), id + ".messages")) {
                String ref =
                    Yamls.text(Yamls.asMap(message, id + ".messages[]"), "$ref").orElse("");
                if (!ref.startsWith(channelRef + "/messages/")) {
                  problems.add(
                      "operation "
                          + id
                          + ": message "
                          + ref
                          + " is not a message of "
                          + channelRef);
                }
                resolve(doc, message, problems, "operation " + id);
              }
            });
    channels.forEach(
        (id, channel) -> {
          String address = Yamls.text(Yamls.asMap(channel, id), "address").orElse(id);
          if (!sent.contains(address)) {
            problems.add("channel " + id + ": no operation sends to " + address);
          }
          if (!received.contains(address)) {
            problems.add("channel " + id + ": no operation receives from " + address);
          }
        });
    for (ServiceModule module : modules) {
      for (Topic<?> topic : module.referencedTopics()) {
        if (!touched.contains(module.name() + " " + topic.name())) {
          problems.add(
              module.name()
                  + " uses "
                  + topic.name()
                  + " in its code, but no operation tagged "
                  + module.name()
                  + " is on that channel");
        }
      }
    }
    return problems;
  }

  /**
   * {@code local} is where the services connect by default; {@code compose} is the compose broker
   * and registry.
   */
  static List<String> servers(
      Map<String, Object> doc, ComposeFile compose, Collection<ServiceModule> modules) {
    List<String> problems = new ArrayList<>();
    Map<String, Object> servers = Yamls.asMap(doc.get("servers"), "servers");
    String localBootstrap = agreedDefault(modules, ComposeChecks.BOOTSTRAP_PROPERTY);
    String localRegistry = agreedDefault(modules, ComposeChecks.REGISTRY_PROPERTY);
    checkServer(
        problems, servers, LOCAL_SERVER, Optional.of(localBootstrap), Optional.of(localRegistry));
    checkServer(
        problems,
        servers,
        COMPOSE_SERVER,
        ComposeChecks.internalBootstrap(compose),
        ComposeChecks.internalRegistryUrl(compose));
    return problems;
  }

  private static void checkServer(
      List<String> problems,
      Map<String, Object> servers,
      String name,
      Optional<String> host,
      Optional<String> registryUrl) {
    if (!servers.containsKey(name)) {
      problems.add("servers: no '" + name + "' server");
      return;
    }
    Map<String, Object> server = Yamls.asMap(servers.get(name), name);
    expectEqual(
        problems,
        "server " + name + " protocol",
        "kafka",
        Yamls.text(server, "protocol").orElse(null));
    expectEqual(
        problems,
        "server " + name + " host",
        host.orElse("<none>"),
        Yamls.text(server, "host").orElse(null));
    expectEqual(
        problems,
        "server " + name + " schemaRegistryUrl",
        registryUrl.orElse("<none>"),
        Yamls.text(server, "bindings", "kafka", "schemaRegistryUrl").orElse(null));
  }

  static String keySchemaName(Topic.Key key) {
    return Arrays.stream(key.name().split("_"))
        .map(w -> w.charAt(0) + w.substring(1).toLowerCase(Locale.ROOT))
        .collect(Collectors.joining());
  }

  /** The newest {@code schemas/released/<version>} directory (versions compared numerically). */
  static Optional<Path> latestRelease(Path releasedDir) {
    if (!Files.isDirectory(releasedDir)) {
      return Optional.empty();
    }
    try (Stream<Path> dirs = Files.list(releasedDir)) {
      return dirs.filter(Files::isDirectory)
          .max(Comparator.comparing(d -> versionKey(d.getFileName().toString())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String versionKey(String version) {
    return Arrays.stream(version.split("\\."))
        .map(part -> String.format("%010d", Integer.parseInt(part.replaceAll("\\D.*", "0"))))
        .collect(Collectors.joining("."));
  }

  private static String agreedDefault(Collection<ServiceModule> modules, String property) {
    Set<String> values =
        modules.stream()
            .flatMap(m -> m.defaultValue(property).stream())
            .collect(Collectors.toSet());
    if (values.size() != 1) {
      throw new IllegalStateException(
          "The services disagree on the default of " + property + ": " + values);
    }
    return values.iterator().next();
  }

  /**
   * Follows a local {@code $ref} ({@code #/components/messages/WebEvent}); other values are
   * returned as they are.
   */
  private static Object resolve(
      Map<String, Object> doc, Object node, List<String> problems, String where) {
    if (!(node instanceof Map<?, ?> map) || !map.containsKey("$ref")) {
      return node;
    }
    String ref = String.valueOf(map.get("$ref"));
    if (!ref.startsWith("#/")) {
      problems.add(where + ": $ref " + ref + " is not a reference within the document");
      return null;
    }
    Object current = doc;
    for (String segment : ref.substring(2).split("/")) {
      String key = segment.replace("~1", "/").replace("~0", "~");
      if (!(current instanceof Map<?, ?> level) || !level.containsKey(key)) {
        problems.add(where + ": $ref " + ref + " does not resolve");
        return null;
      }
      current = level.get(key);
    }
    return current;
  }

  private static void expectEqual(
      List<String> problems, String what, Object expected, Object actual) {
    boolean equal =
        expected instanceof List<?> || actual instanceof List<?>
            ? String.valueOf(expected).equals(String.valueOf(actual))
            : expected.equals(actual == null ? null : String.valueOf(actual));
    if (!equal) {
      problems.add(what + ": is " + actual + ", expected " + expected);
    }
  }
}
