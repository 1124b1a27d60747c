package io.leadpipe.service.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem detail. {@code violations} lists every field that is wrong (with its path);
 * {@code rejected} lists the rejected events of a batch by index, and is written only when there
 * are some (services without batches never have the member).
 */
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    List<Violation> violations,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<RejectedEvent> rejected) {

  /** Base of the {@code type} URIs; each service documents its codes. */
  public static final String TYPE_BASE = "https://leadpipe.io/problems/";
}
