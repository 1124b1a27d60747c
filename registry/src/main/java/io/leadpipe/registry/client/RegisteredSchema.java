package io.leadpipe.registry.client;

/**
 * One version of a subject: its global id, the version number within the subject and the schema
 * text.
 */
public record RegisteredSchema(String subject, int id, int version, String schema) {}
