package io.leadpipe.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A docker-compose file as the checks need it: services with their build, environment, ports and
 * volumes.
 */
record ComposeFile(Map<String, Object> root) {

  static ComposeFile parse(String yaml) {
    return new ComposeFile(Yamls.parseMap(yaml));
  }

  List<Service> services() {
    List<Service> services = new ArrayList<>();
    Yamls.asMap(root.get("services"), "services")
        .forEach(
            (name, definition) ->
                services.add(new Service(name, Yamls.asMap(definition, "services." + name))));
    return services;
  }

  Optional<Service> service(String name) {
    return services().stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /**
   * The services whose image is built from a module directory (build context {@code ./<module>}
   * from the repository root).
   */
  List<Service> builtFrom(String module) {
    return services().stream()
        .filter(
            s ->
                s.buildContext()
                    .map(c -> Path.of(c).normalize().getFileName().toString().equals(module))
                    .orElse(false))
        .toList();
  }

  /**
   * Services with the given image repository (the part before the tag), e.g. {@code apache/kafka}.
   */
  List<Service> withImage(String repository) {
    return services().stream()
        .filter(s -> s.image().map(i -> i.startsWith(repository + ":")).orElse(false))
        .toList();
  }

  record Service(String name, Map<String, Object> definition) {

    Optional<String> image() {
      return Yamls.text(definition, "image");
    }

    Optional<String> buildContext() {
      Object build = definition.get("build");
      if (build instanceof String context) {
        return Optional.of(context);
      }
      return Yamls.text(Yamls.asMap(build, name + ".build"), "context");
    }

    /** The name other containers reach it by: its hostname if set, else the service name. */
    String hostname() {
      return Yamls.text(definition, "hostname").orElse(name);
    }

    /** Both compose forms: a mapping, or a list of {@code KEY=value}. */
    Map<String, String> environment() {
      Object env = definition.get("environment");
      Map<String, String> result = new LinkedHashMap<>();
      if (env instanceof List<?> list) {
        for (Object entry : list) {
          String[] keyValue = String.valueOf(entry).split("=", 2);
          result.put(keyValue[0], keyValue.length > 1 ? keyValue[1] : "");
        }
      } else {
        Yamls.asMap(env, name + ".environment")
            .forEach((k, v) -> result.put(k, v == null ? "" : String.valueOf(v)));
      }
      return result;
    }

    List<PortMapping> ports() {
      return Yamls.asList(definition.get("ports"), name + ".ports").stream()
          .map(p -> PortMapping.parse(String.valueOf(p)))
          .toList();
    }

    List<VolumeMount> volumes() {
      return Yamls.asList(definition.get("volumes"), name + ".volumes").stream()
          .map(v -> VolumeMount.parse(String.valueOf(v)))
          .toList();
    }

    List<String> entrypoint() {
      Object entrypoint = definition.get("entrypoint");
      if (entrypoint instanceof String line) {
        return List.of(line.split("\\s+"));
      }
      return Yamls.asList(entrypoint, name + ".entrypoint").stream().map(String::valueOf).toList();
    }
  }

  /** {@code "8080:8080"}, {@code "127.0.0.1:8092:8082"}, {@code "9090:9090/tcp"}. */
  record PortMapping(int hostPort, int containerPort) {
    private static final Pattern SHORT_SYNTAX =
        Pattern.compile("(?:[^:]+:)?(\\d+):(\\d+)(?:/\\w+)?");

    static PortMapping parse(String spec) {
      Matcher m = SHORT_SYNTAX.matcher(spec.trim());
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "Unsupported port mapping '" + spec + "' (use HOST:CONTAINER)");
      }
      return new PortMapping(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }
  }

  /** {@code source:target[:mode]}; a source without a slash or dot prefix is a named volume. */
  record VolumeMount(String source, String target) {
    static VolumeMount parse(String spec) {
      String[] parts = spec.split(":");
      if (parts.length < 2) {
        throw new IllegalArgumentException("Unsupported volume '" + spec + "' (use SOURCE:TARGET)");
      }
      return new VolumeMount(parts[0], parts[1]);
    }

    boolean namedVolume() {
      return !source.startsWith(".") && !source.startsWith("/") && !source.startsWith("~");
    }
  }
}
