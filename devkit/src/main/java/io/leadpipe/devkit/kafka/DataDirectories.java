package io.leadpipe.devkit.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Throw-away broker data (a test's, a failed start's): deleted with everything under it. */
public final class DataDirectories {

  private static final Logger LOG = LoggerFactory.getLogger(DataDirectories.class);

  private DataDirectories() {}

  /**
   * Deletes {@code dir} and everything under it, as far as it can; what it cannot delete it names
   * in a warning (a test's leftovers must not fail the test).
   */
  public static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("Could not delete {}", dir, e);
    }
  }
}
