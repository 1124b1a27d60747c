package io.leadpipe.deploy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads a Kubernetes manifest into the maintained model classes (fabric8's Kubernetes model,
 * Strimzi's API) and reports every field the model does not know. Both models keep an unknown field
 * in {@code additionalProperties} instead of failing (so a client survives a newer server), so
 * Jackson's FAIL_ON_UNKNOWN_PROPERTIES alone would let a misspelled field through: the loaded
 * object is walked, and every non-empty {@code additionalProperties} is a problem with its path.
 */
final class KubernetesModel {

  /** The kinds the deployment uses, by {@code apiVersion/kind}, and whose model reads them. */
  private static final Map<String, Model> MODELS =
      Map.of(
          "apps/v1/Deployment", fabric8(io.fabric8.kubernetes.api.model.apps.Deployment.class),
          "apps/v1/StatefulSet", fabric8(io.fabric8.kubernetes.api.model.apps.StatefulSet.class),
          "v1/Service", fabric8(io.fabric8.kubernetes.api.model.Service.class),
          "v1/Namespace", fabric8(io.fabric8.kubernetes.api.model.Namespace.class),
          "policy/v1/PodDisruptionBudget",
              fabric8(io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class),
          "kafka.strimzi.io/v1/Kafka", strimzi(io.strimzi.api.kafka.model.kafka.Kafka.class),
          "kafka.strimzi.io/v1/KafkaNodePool",
              strimzi(io.strimzi.api.kafka.model.nodepool.KafkaNodePool.class),
          "kafka.strimzi.io/v1/KafkaTopic",
              strimzi(io.strimzi.api.kafka.model.topic.KafkaTopic.class));

  private static final tools.jackson.databind.ObjectMapper JACKSON_3 =
      tools.jackson.databind.json.JsonMapper.builder()
          .enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  // Strimzi's API classes carry Jackson 2 annotations (@JsonDeserialize of databind 2).
  private static final com.fasterxml.jackson.databind.ObjectMapper JACKSON_2 =
      new com.fasterxml.jackson.databind.ObjectMapper()
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private record Model(Class<?> type, boolean strimzi) {}

  private KubernetesModel() {}

  private static Model fabric8(Class<?> type) {
    return new Model(type, false);
  }

  private static Model strimzi(Class<?> type) {
    return new Model(type, true);
  }

  /** The loaded object, or the reason it cannot be loaded. */
  record Loaded(Optional<Object> object, List<String> problems) {}

  /** Loads one manifest (a YAML document as maps and lists); {@code where} names it in problems. */
  static Loaded load(Map<String, Object> manifest, String where) {
    String apiVersion = String.valueOf(manifest.get("apiVersion"));
    String kind = String.valueOf(manifest.get("kind"));
    Model model = MODELS.get(apiVersion + "/" + kind);
    if (model == null) {
      return new Loaded(
          Optional.empty(),
          List.of(
              where
                  + ": "
                  + apiVersion
                  + " "
                  + kind
                  + " is no kind the checks know ("
                  + MODELS.keySet()
                  + ")"));
    }
    Object object;
    try {
      object =
          model.strimzi()
              ? JACKSON_2.convertValue(manifest, model.type())
              : JACKSON_3.convertValue(manifest, model.type());
    } catch (RuntimeException e) {
      return new Loaded(
          Optional.empty(), List.of(where + ": " + kind + " does not load: " + e.getMessage()));
    }
    List<String> problems = new ArrayList<>();
    unknownFields(object, where + " " + kind, problems);
    return new Loaded(Optional.of(object), problems);
  }

  /** Every non-empty {@code additionalProperties} under {@code object}, with its path. */
  private static void unknownFields(Object object, String path, List<String> problems) {
    if (object == null) {
      return;
    }
    if (object instanceof Map<?, ?> map) {
      map.forEach((k, v) -> unknownFields(v, path + "." + k, problems));
      return;
    }
    if (object instanceof Collection<?> list) {
      int i = 0;
      for (Object element : list) {
        unknownFields(element, path + "[" + i++ + "]", problems);
      }
      return;
    }
    String pkg = object.getClass().getPackageName();
    if (!pkg.startsWith("io.fabric8.") && !pkg.startsWith("io.strimzi.")) {
      return;
    }
    for (Method getter : object.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class
          || getter.getReturnType().isPrimitive()
          || getter.getReturnType() == String.class) {
        continue;
      }
      Object value;
      try {
        value = getter.invoke(object);
      } catch (IllegalAccessException | InvocationTargetException e) {
        continue; // a computed getter that does not apply to this object
      }
      String name = getter.getName().substring(3);
      if (name.equals("AdditionalProperties")) {
        if (value instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
          problems.add(path + ": unknown field(s) " + unknown.keySet());
        }
      } else {
        unknownFields(
            value,
            path + "." + Character.toLowerCase(name.charAt(0)) + name.substring(1),
            problems);
      }
    }
  }
}
