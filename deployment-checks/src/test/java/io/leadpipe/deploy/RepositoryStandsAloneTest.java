package io.leadpipe.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Someone who clones leadpipe has only the repository: documentation links resolve to files in it,
 * and no documentation, build or deployment file points at a path outside it.
 */
class RepositoryStandsAloneTest {

  /** Generated or local-only trees: not part of what a clone holds. */
  private static final Set<String> SKIPPED_DIRECTORIES =
      Set.of(".git", "target", "node_modules", ".local-data", ".idea", ".vscode");

  /**
   * Files whose relative paths are read by people or tools: docs, build, configuration, scripts.
   */
  private static final Pattern CHECKED_FILE =
      Pattern.compile(
          ".*\\.(md|ya?ml|xml|sh|properties)$|Dockerfile|run-local|run-tests|run-benchmarks|install-prerequisites|run");

  private static final Pattern MARKDOWN_LINK = Pattern.compile("\\]\\(([^)\\s#]+)(#[^)]*)?\\)");
  private static final Pattern PARENT_PATH =
      Pattern.compile("(?<![\\w/.])((?:\\.\\./)+[\\w.-]+(?:/[\\w.-]+)*)");

  @Test
  void markdownLinksResolveToFilesInTheRepository() {
    List<String> broken = new ArrayList<>();
    for (Path file : checkedFiles()) {
      if (!file.toString().endsWith(".md")) {
        continue;
      }
      Matcher link = MARKDOWN_LINK.matcher(Repository.read(file));
      while (link.find()) {
        String target = link.group(1);
        if (target.contains("://") || target.startsWith("mailto:")) {
          continue;
        }
        Path resolved = file.getParent().resolve(target).normalize();
        if (!resolved.startsWith(Repository.root()) || !Files.exists(resolved)) {
          broken.add(relative(file) + " → " + target);
        }
      }
    }
    assertThat(broken).as("links to files that are not in the repository").isEmpty();
  }

  @Test
  void noFilePointsOutsideTheRepository() {
    List<String> outside = new ArrayList<>();
    for (Path file : checkedFiles()) {
      Matcher path = PARENT_PATH.matcher(Repository.read(file));
      while (path.find()) {
        Path resolved = file.getParent().resolve(path.group(1)).normalize();
        if (!resolved.startsWith(Repository.root())) {
          outside.add(relative(file) + " → " + path.group(1));
        }
      }
    }
    assertThat(outside).as("paths that leave the repository").isEmpty();
  }

  @Test
  void theCheckSeesAPathOutsideTheRepository() {
    Path readme = Repository.path("README.md");
    Matcher path = PARENT_PATH.matcher("see ../notes-beside-the-checkout/NOTES.md for details");

    assertThat(path.find()).isTrue();
    assertThat(readme.getParent().resolve(path.group(1)).normalize().startsWith(Repository.root()))
        .isFalse();
  }

  private static List<Path> checkedFiles() {
    try (Stream<Path> files = Files.walk(Repository.root())) {
      return files
          .filter(f -> Repository.root().relativize(f).getNameCount() > 0)
          .filter(f -> !skipped(Repository.root().relativize(f)))
          .filter(Files::isRegularFile)
          .filter(f -> CHECKED_FILE.matcher(f.getFileName().toString()).matches())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean skipped(Path relative) {
    for (Path part : relative) {
      if (SKIPPED_DIRECTORIES.contains(part.toString())) {
        return true;
      }
    }
    return false;
  }

  private static String relative(Path file) {
    return Repository.root().relativize(file).toString();
  }
}
