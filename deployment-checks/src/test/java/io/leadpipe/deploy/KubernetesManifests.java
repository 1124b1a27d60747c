package io.leadpipe.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Kubernetes manifests under {@value #DIRECTORY}: every YAML document of every file except the
 * kustomizations, as maps and lists, with where it came from.
 */
record KubernetesManifests(List<Manifest> all) {

  static final String DIRECTORY = "deploy/kubernetes";
  static final String KUSTOMIZATION = "kustomization.yaml";

  /** One document: its file (relative to the repository root), index in the file, and content. */
  record Manifest(String file, int index, Map<String, Object> yaml) {
    String kind() {
      return String.valueOf(yaml.get("kind"));
    }

    String name() {
      return Yamls.text(yaml, "metadata", "name").orElse("");
    }

    String where() {
      return file + "#" + index + " " + kind() + " " + name();
    }
  }

  static KubernetesManifests load(Path repositoryRoot) {
    List<Manifest> manifests = new ArrayList<>();
    for (Path file : yamlFiles(repositoryRoot)) {
      if (file.getFileName().toString().equals(KUSTOMIZATION)) {
        continue;
      }
      String relative = repositoryRoot.relativize(file).toString();
      manifests.addAll(parse(relative, Repository.read(file)));
    }
    return new KubernetesManifests(manifests);
  }

  static List<Manifest> parse(String file, String text) {
    List<Manifest> manifests = new ArrayList<>();
    int index = 0;
    for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)) {
      if (document != null) {
        manifests.add(new Manifest(file, index, Yamls.asMap(document, file + "#" + index)));
      }
      index++;
    }
    return manifests;
  }

  static List<Path> yamlFiles(Path repositoryRoot) {
    try (Stream<Path> files = Files.walk(repositoryRoot.resolve(DIRECTORY))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  KubernetesManifests with(String file, String text) {
    List<Manifest> changed =
        new ArrayList<>(all.stream().filter(m -> !m.file().equals(file)).toList());
    changed.addAll(parse(file, text));
    return new KubernetesManifests(changed);
  }

  List<Manifest> ofKind(String kind) {
    return all.stream().filter(m -> m.kind().equals(kind)).toList();
  }

  Optional<Manifest> find(String kind, String name) {
    return ofKind(kind).stream().filter(m -> m.name().equals(name)).findFirst();
  }
}
