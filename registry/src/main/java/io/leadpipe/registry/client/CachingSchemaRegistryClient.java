package io.leadpipe.registry.client;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Caches the answers a serde needs per record (schema → id per subject, id → schema, lookups), so a
 * steady-state producer or consumer makes no registry call per record. Everything else passes
 * through.
 */
public final class CachingSchemaRegistryClient implements SchemaRegistryClient {
  private final SchemaRegistryClient delegate;
  private final Map<String, Map<String, Integer>> registered = new ConcurrentHashMap<>();
  private final Map<String, Map<String, RegisteredSchema>> lookedUp = new ConcurrentHashMap<>();
  private final Map<Integer, String> byId = new ConcurrentHashMap<>();

  public CachingSchemaRegistryClient(SchemaRegistryClient delegate) {
    this.delegate = delegate;
  }

  @Override
  public int register(String subject, String schema) {
    Map<String, Integer> ids = registered.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
    Integer id = ids.get(schema);
    if (id == null) {
      id = delegate.register(subject, schema);
      ids.put(schema, id);
      byId.putIfAbsent(id, schema);
    }
    return id;
  }

  @Override
  public RegisteredSchema lookup(String subject, String schema) {
    Map<String, RegisteredSchema> found =
        lookedUp.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
    RegisteredSchema result = found.get(schema);
    if (result == null) {
      result = delegate.lookup(subject, schema);
      found.put(schema, result);
    }
    return result;
  }

  @Override
  public String getById(int id) {
    String schema = byId.get(id);
    if (schema == null) {
      schema = delegate.getById(id);
      byId.put(id, schema);
    }
    return schema;
  }

  @Override
  public RegisteredSchema getVersion(String subject, int version) {
    return delegate.getVersion(subject, version);
  }

  @Override
  public RegisteredSchema getLatest(String subject) {
    return delegate.getLatest(subject);
  }

  @Override
  public List<String> subjects() {
    return delegate.subjects();
  }

  @Override
  public List<Integer> versions(String subject) {
    return delegate.versions(subject);
  }

  @Override
  public CompatibilityResult testCompatibility(String subject, String schema) {
    return delegate.testCompatibility(subject, schema);
  }

  @Override
  public String getCompatibility(String subject) {
    return delegate.getCompatibility(subject);
  }

  @Override
  public void setCompatibility(String subject, String level) {
    delegate.setCompatibility(subject, level);
  }

  @Override
  public List<Integer> deleteSubject(String subject) {
    registered.remove(subject);
    lookedUp.remove(subject);
    return delegate.deleteSubject(subject);
  }

  @Override
  public int deleteVersion(String subject, int version) {
    registered.remove(subject);
    lookedUp.remove(subject);
    return delegate.deleteVersion(subject, version);
  }
}
