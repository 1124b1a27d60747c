package io.leadpipe.scoring.traits;

import java.time.Instant;

/**
 * Consent for one contact channel: the contract's status symbol (GRANTED, DENIED, REVOKED) and
 * since when.
 */
public record Consent(String status, Instant at) {}
