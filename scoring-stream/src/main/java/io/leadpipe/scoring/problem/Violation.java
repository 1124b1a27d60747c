package io.leadpipe.scoring.problem;

import io.micronaut.serde.annotation.Serdeable;

/** One thing wrong with an input, located by its field path, e.g. {@code rule.all[1].attr}. */
@Serdeable
public record Violation(String field, String message) {
}
