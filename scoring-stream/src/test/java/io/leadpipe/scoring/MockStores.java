package io.leadpipe.scoring;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/** Stores for a processor tested on its own with a {@link MockProcessorContext}. */
public final class MockStores {

  private MockStores() {}

  /** An in-memory store keyed by visitor, registered with {@code context} under {@code name}. */
  public static <V> KeyValueStore<String, V> inMemory(
      MockProcessorContext<?, ?> context, String name, Serde<V> values) {
    KeyValueStore<String, V> store =
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), values)
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    return store;
  }

  /**
   * {@code store}, noting each call of one of {@code methods} as "method key" in {@code calls}:
   * what a step costs the record cache and the changelog.
   */
  @SuppressWarnings("unchecked")
  public static <V> KeyValueStore<String, V> noting(
      KeyValueStore<String, V> store, Set<String> methods, List<String> calls) {
    return (KeyValueStore<String, V>)
        Proxy.newProxyInstance(
            MockStores.class.getClassLoader(),
            new Class<?>[] {KeyValueStore.class},
            (proxy, method, args) -> {
              if (methods.contains(method.getName())) {
                calls.add(method.getName() + " " + args[0]);
              }
              try {
                return method.invoke(store, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
