package io.leadpipe.schemas.release;

import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.schemas.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * The schema versions we have released, kept under version control in {@code
 * schemas/released/<version>/}. Each file is the full, self-contained schema of one topic's value
 * (named types inlined), as the registry stores it, so a released version can be read without the
 * sources it was generated from.
 *
 * <p>Run {@code main(releaseDir, version)} when cutting a release to snapshot the current schemas.
 */
public final class ReleasedSchemas {

  private final Path releasedDir;

  public ReleasedSchemas(Path releasedDir) {
    this.releasedDir = releasedDir;
  }

  /** Released versions, oldest first; a version is a directory name such as {@code 0.1.0}. */
  public List<String> versions() {
    if (!Files.isDirectory(releasedDir)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(releasedDir)) {
      return dirs.filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .sorted(Comparator.comparing(ReleasedSchemas::versionKey))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The schema a topic's value had in a released version, if the topic existed then. */
  public Optional<Schema> schema(String version, Topic<?> topic) {
    Path file = releasedDir.resolve(version).resolve(fileName(topic));
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Schema.Parser().parse(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The schema of a topic's value in this build. */
  public static Schema current(Topic<?> topic) {
    return SpecificData.get().getSchema(topic.valueType());
  }

  /** Writes the current schema of every catalogue topic as released version {@code version}. */
  public void snapshot(String version) throws IOException {
    Path dir = Files.createDirectories(releasedDir.resolve(version));
    for (Topic<?> topic : Topics.all()) {
      Files.writeString(
          dir.resolve(fileName(topic)),
          current(topic).toString(true) + "\n",
          StandardCharsets.UTF_8);
    }
  }

  static String fileName(Topic<?> topic) {
    return topic.name() + ".avsc";
  }

  private static String versionKey(String version) {
    // Zero-pad each numeric part so 0.10.0 sorts after 0.9.0.
    StringBuilder key = new StringBuilder();
    for (String part : version.split("\\.")) {
      key.append(
          String.format(
              "%08d", part.chars().allMatch(Character::isDigit) ? Integer.parseInt(part) : 0));
    }
    return key.toString();
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: ReleasedSchemas <released-dir> <version>");
    }
    new ReleasedSchemas(Path.of(args[0])).snapshot(args[1]);
  }
}
