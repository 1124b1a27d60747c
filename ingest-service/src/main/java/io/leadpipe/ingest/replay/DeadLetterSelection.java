package io.leadpipe.ingest.replay;

import io.leadpipe.service.problem.Violation;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which dead letters a request is about: written to leadpipe.dead-letters within [since, until],
 * from a source, for a reason, by an application, and optionally only those at the given
 * partition/offsets. Every criterion left out matches everything.
 *
 * @param since inclusive, or null for the oldest retained
 * @param until inclusive, or null for up to the newest when the request started
 * @param source a write key's source name for ingest's dead letters, else the dead letter's source
 * @param reason the dead letter's reason, e.g. invalid-event, untrusted-source
 * @param application e.g. ingest-service, scoring-stream
 * @param ids only these dead letters (empty: any)
 */
public record DeadLetterSelection(
    Instant since,
    Instant until,
    String source,
    String reason,
    String application,
    Set<DeadLetterId> ids) {

  public static final String SINCE = "since";
  public static final String UNTIL = "until";
  public static final String SOURCE = "source";
  public static final String REASON = "reason";
  public static final String APPLICATION = "application";
  public static final String IDS = "deadLetters";

  public DeadLetterSelection {
    ids = Set.copyOf(ids);
  }

  /**
   * Reads a selection from request values, adding a violation (with the parameter's name as path)
   * for each bad one; {@code ids} are {@code <partition>/<offset>} texts.
   */
  public static DeadLetterSelection parse(
      String since,
      String until,
      String source,
      String reason,
      String application,
      List<String> ids,
      List<Violation> violations) {
    Instant from = instant(SINCE, since, violations);
    Instant to = instant(UNTIL, until, violations);
    if (from != null && to != null && to.isBefore(from)) {
      violations.add(new Violation(UNTIL, "must not be before since"));
    }
    Set<DeadLetterId> parsed = new TreeSet<>();
    for (int i = 0; i < ids.size(); i++) {
      DeadLetterId id = DeadLetterId.parse(ids.get(i));
      if (id == null) {
        violations.add(
            new Violation(IDS + "[" + i + "]", "must be <partition>/<offset>, e.g. 0/42"));
      } else {
        parsed.add(id);
      }
    }
    return new DeadLetterSelection(
        from, to, blankToNull(source), blankToNull(reason), blankToNull(application), parsed);
  }

  /** Whether {@code d} is selected. */
  public boolean matches(StoredDeadLetter d) {
    return (since == null || !d.writtenAt().isBefore(since))
        && (until == null || !d.writtenAt().isAfter(until))
        && (source == null || source.equals(d.sourceName()))
        && (reason == null || reason.equals(d.letter().getReason()))
        && (application == null || application.equals(d.letter().getApplication()))
        && (ids.isEmpty() || ids.contains(d.id()));
  }

  /** A dead letter named by {@link #ids} but not found (never written, or past retention). */
  public List<DeadLetterId> missing(Set<DeadLetterId> found) {
    List<DeadLetterId> missing = new ArrayList<>();
    for (DeadLetterId id : new TreeSet<>(ids)) {
      if (!found.contains(id)) {
        missing.add(id);
      }
    }
    return missing;
  }

  private static Instant instant(String name, String value, List<Violation> violations) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value.trim());
    } catch (DateTimeParseException e) {
      violations.add(new Violation(name, "must be an ISO-8601 instant, e.g. 2026-12-03T08:00:00Z"));
      return null;
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
