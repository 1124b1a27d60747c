package io.leadpipe.registry.client;

import java.util.List;

/**
 * The operations of Confluent's Schema Registry REST API v1 that leadpipe uses. Schemas are Avro
 * schema texts (JSON). Failures are {@link SchemaRegistryException}s.
 */
public interface SchemaRegistryClient {
  /** Registers (or finds) the schema under the subject; returns its global id. */
  int register(String subject, String schema);

  /** Finds an already registered schema under the subject; 40401/40403 when absent. */
  RegisteredSchema lookup(String subject, String schema);

  /** The schema text with this global id; 40403 when unknown. */
  String getById(int id);

  RegisteredSchema getVersion(String subject, int version);

  RegisteredSchema getLatest(String subject);

  List<String> subjects();

  List<Integer> versions(String subject);

  /**
   * Checks the schema against the subject's latest version under the subject's compatibility level.
   */
  CompatibilityResult testCompatibility(String subject, String schema);

  /** The compatibility level of the subject, or the global one when subject is null. */
  String getCompatibility(String subject);

  /** Sets the compatibility level of the subject, or the global one when subject is null. */
  void setCompatibility(String subject, String level);

  /** Soft-deletes every version of the subject; returns the deleted version numbers. */
  List<Integer> deleteSubject(String subject);

  /** Soft-deletes one version; returns its number. */
  int deleteVersion(String subject, int version);
}
