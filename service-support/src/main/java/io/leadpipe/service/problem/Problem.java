package io.leadpipe.service.problem;

import io.leadpipe.service.problem.Violation;
import java.util.List;

/**
 * An RFC 9457 problem detail. {@code violations} lists every field that is wrong (with its path);
 * {@code rejected} lists the rejected events of a batch by index.
 */
public record Problem(
    String type, String title, int status, String detail, String instance,
    List<Violation> violations, List<RejectedEvent> rejected) {

  /** Base of the {@code type} URIs; each code is documented in the module README. */
  public static final String TYPE_BASE = "https://leadpipe.io/problems/";
}
