package io.leadpipe.scoring.identity;

import io.leadpipe.schemas.privacy.Hashes;

/**
 * SHA-256 in hex: how an email, handle or id is written wherever the raw value must not be kept.
 */
public final class Hashing {

  private Hashing() {}

  /** The contract's hash ({@link Hashes}), so an erased id hashes the same in every service. */
  public static String sha256(String value) {
    return Hashes.sha256(value);
  }
}
