package io.leadpipe.devkit.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * State directories for Kafka Streams under test. Streams' default, {@code
 * /tmp/kafka-streams/<application id>}, is shared by every build on the machine: a driver reopened
 * RocksDB stores another one had left behind (a build killed mid-test) and saw their data, and
 * drivers of parallel builds fought over the same locks.
 */
public final class StateDirectories {

  private StateDirectories() {}

  /** A new, empty temporary directory for one application's state. */
  public static String fresh(String prefix) {
    try {
      return Files.createTempDirectory(prefix).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
