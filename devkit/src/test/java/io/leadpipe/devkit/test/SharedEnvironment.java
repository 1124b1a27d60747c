package io.leadpipe.devkit.test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Records what each test class saw, so the second class can prove the broker is shared. */
final class SharedEnvironment {
  static final Set<String> BOOTSTRAPS = ConcurrentHashMap.newKeySet();
  static final Set<KafkaTestEnvironment> INSTANCES = ConcurrentHashMap.newKeySet();

  private SharedEnvironment() {}
}
