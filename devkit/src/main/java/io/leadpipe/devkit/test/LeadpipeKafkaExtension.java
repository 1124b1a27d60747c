package io.leadpipe.devkit.test;

import java.util.Locale;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving tests one Kafka broker and one schema registry per test JVM, with the
 * catalogue topics created once. Use {@code @ExtendWith(LeadpipeKafkaExtension.class)} and take a
 * {@link KafkaTestEnvironment} parameter, or call {@link #environment()}.
 *
 * <p>Backend: system property {@value #BACKEND_PROPERTY} = {@code embedded} (default, in-process
 * KRaft broker + dev registry) or {@code testcontainers} (apache/kafka + cp-schema-registry in
 * Docker).
 *
 * <p>A test class annotated {@link WithKafkaCluster} gets a three-node cluster instead ({@link
 * ClusterKafkaTestEnvironment}), also one per JVM, whatever the backend property says.
 */
public final class LeadpipeKafkaExtension implements BeforeAllCallback, ParameterResolver {

  public static final String BACKEND_PROPERTY = "leadpipe.test.kafka";
  public static final String EMBEDDED = "embedded";
  public static final String TESTCONTAINERS = "testcontainers";
  public static final String CLUSTER = "cluster";
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LeadpipeKafkaExtension.class);
  private static final String KEY = "environment";
  private static final String CLUSTER_KEY = "cluster";

  /** Set once per JVM; the root store owns its lifecycle (closed when the test plan ends). */
  private static volatile KafkaTestEnvironment shared;

  @Override
  public void beforeAll(ExtensionContext context) {
    environment(context);
  }

  @Override
  public boolean supportsParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    Class<?> type = parameterContext.getParameter().getType();
    return type == KafkaTestEnvironment.class
        || (type == ClusterKafkaTestEnvironment.class && wantsCluster(extensionContext));
  }

  @Override
  public Object resolveParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext)
      throws ParameterResolutionException {
    return environment(extensionContext);
  }

  /** The environment of this JVM; only valid once a test class using the extension has started. */
  public static KafkaTestEnvironment environment() {
    KafkaTestEnvironment env = shared;
    if (env == null) {
      throw new IllegalStateException(
          "No Kafka test environment yet: annotate the test class with "
              + "@ExtendWith(LeadpipeKafkaExtension.class)");
    }
    return env;
  }

  private static KafkaTestEnvironment environment(ExtensionContext context) {
    ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
    if (wantsCluster(context)) {
      // Not the shared environment(): single-broker tests in the same JVM keep their own broker.
      return store.getOrComputeIfAbsent(
              CLUSTER_KEY, k -> new Resource(new ClusterKafkaTestEnvironment()), Resource.class)
          .environment;
    }
    Resource resource =
        store.getOrComputeIfAbsent(KEY, k -> new Resource(create()), Resource.class);
    shared = resource.environment;
    return resource.environment;
  }

  private static boolean wantsCluster(ExtensionContext context) {
    return context
        .getTestClass()
        .map(c -> c.isAnnotationPresent(WithKafkaCluster.class))
        .orElse(false);
  }

  private static KafkaTestEnvironment create() {
    String backend = System.getProperty(BACKEND_PROPERTY, EMBEDDED).trim().toLowerCase(Locale.ROOT);
    return switch (backend) {
      case EMBEDDED -> new EmbeddedKafkaTestEnvironment();
      case TESTCONTAINERS -> new TestcontainersKafkaTestEnvironment();
      default ->
          throw new IllegalArgumentException(
              BACKEND_PROPERTY
                  + "="
                  + backend
                  + " is not supported; use "
                  + EMBEDDED
                  + " or "
                  + TESTCONTAINERS);
    };
  }

  /** Closed by JUnit when the root context closes, i.e. once at the end of the test JVM's plan. */
  private static final class Resource
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    private final KafkaTestEnvironment environment;

    Resource(KafkaTestEnvironment environment) {
      this.environment = environment;
    }

    @Override
    public void close() {
      if (shared == environment) {
        shared = null;
      }
      environment.close();
    }
  }
}
