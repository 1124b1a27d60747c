package io.leadpipe.scoring.identity;

/**
 * What the identity graph reads, in one order: a claim from an input, or an operator's command.
 * Internal JSON.
 */
public record GraphInput(IdentityClaim claim, OperatorCommand command) {}
