package io.leadpipe.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A Dockerfile as a list of instructions (continuation lines joined, comments dropped). */
record Dockerfile(List<Instruction> instructions) {

  record Instruction(String keyword, String arguments) {}

  static Dockerfile parse(String text) {
    List<Instruction> instructions = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && pending.isEmpty())) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      pending.append(trimmed);
      String full = pending.toString().strip();
      pending.setLength(0);
      if (full.isEmpty()) {
        continue;
      }
      String[] keywordAndRest = full.split("\\s+", 2);
      instructions.add(
          new Instruction(
              keywordAndRest[0].toUpperCase(Locale.ROOT),
              keywordAndRest.length > 1 ? keywordAndRest[1] : ""));
    }
    return new Dockerfile(instructions);
  }

  List<String> all(String keyword) {
    return instructions.stream()
        .filter(i -> i.keyword().equals(keyword))
        .map(Instruction::arguments)
        .toList();
  }

  /** The last one counts for EXPOSE-like single settings (USER, ENTRYPOINT, HEALTHCHECK). */
  Optional<String> last(String keyword) {
    List<String> all = all(keyword);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }
}
