package io.leadpipe.localstack.webhook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The {@code webhook-id}s of the webhooks already processed, the latest {@code capacity} of them,
 * kept in a file: delivery is at least once, and a redelivery after a restart of the stack must
 * still be recognised (docs/followups.md: store the keys for at least the retry horizon).
 */
final class ProcessedWebhookIds {

  private final Path file;
  private final int capacity;
  private final LinkedHashSet<String> keys = new LinkedHashSet<>();

  /**
   * Loads the file (keeping its latest {@code capacity} keys, which it rewrites) or starts empty.
   */
  ProcessedWebhookIds(Path file, int capacity) {
    this.file = file;
    this.capacity = capacity;
    try {
      Files.createDirectories(file.getParent());
      if (Files.exists(file)) {
        List<String> stored = Files.readAllLines(file, StandardCharsets.UTF_8);
        stored.subList(Math.max(0, stored.size() - capacity), stored.size()).forEach(keys::add);
        Files.write(file, keys, StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the webhook keys in " + file, e);
    }
  }

  /** Takes a key for processing; false when it was processed (or is being processed) already. */
  synchronized boolean claim(String key) {
    if (!keys.add(key)) {
      return false;
    }
    if (keys.size() > capacity) {
      Iterator<String> oldest = keys.iterator();
      oldest.next();
      oldest.remove();
    }
    return true;
  }

  /** Gives a claimed key back: its webhook was not taken, and the retry must be processed. */
  synchronized void release(String key) {
    keys.remove(key);
  }

  /** Records a processed key durably. */
  synchronized void commit(String key) {
    try {
      Files.writeString(
          file,
          key + System.lineSeparator(),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot record the webhook key in " + file, e);
    }
  }
}
