package io.leadpipe.scoring.problem;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** An RFC 9457 problem detail; {@code violations} lists every wrong field with its path. */
@Serdeable
public record Problem(String type, String title, int status, String detail, @Nullable String instance,
    List<Violation> violations) {

  /** Base of the {@code type} URIs; each code is listed in docs/queries.md. */
  public static final String TYPE_BASE = "https://leadpipe.io/problems/";
}
