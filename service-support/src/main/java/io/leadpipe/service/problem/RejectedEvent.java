package io.leadpipe.service.problem;

import java.util.List;

/**
 * One event of a batch that was not accepted: its position in the batch, its message id when it had
 * one, a machine-readable reason ({@code invalid-event}, {@code event-too-large}, ...) and the
 * violations.
 */
public record RejectedEvent(
    int index, String messageId, String reason, List<Violation> violations) {}
