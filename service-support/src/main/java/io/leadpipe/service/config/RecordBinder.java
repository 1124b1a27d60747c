package io.leadpipe.service.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Overlays configuration properties onto a default instance of a Java record, so the record (with
 * its {@code defaults()}) is the only description of a setting: no hand-written properties class
 * copies it.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li>A key addresses a record component by its name in kebab-case ({@code dedupe-window} →
 *       {@code dedupeWindow}); camelCase and SCREAMING_SNAKE keys are normalised the same way.
 *       Nested records are nested keys ({@code fit.grade-a}).
 *   <li>Components that are not configured keep the default instance's value.
 *   <li>Maps ({@code Map<K, V>}) merge entry by entry onto the default map: a configured entry of a
 *       record type is bound onto the default entry with the same key (so one field of one signal
 *       can be changed); a new entry must set every non-collection component. Enum keys accept any
 *       case and {@code -} for {@code _}.
 *   <li>Lists and sets replace the default; a comma-separated string is a list ({@code
 *       -Dx=7,30,90}).
 *   <li>Values: primitives and their boxes, String, {@link Duration} (Micronaut style {@code 15m},
 *       {@code 100ms}, {@code 7d} or ISO-8601 {@code PT15M}), {@link LocalTime} ({@code 21:00}),
 *       enums (any case, {@code -} for {@code _}), and any type given a {@link #converter}.
 *   <li>{@link #alias}: a property path that is not the component path (e.g. {@code target} →
 *       {@code rules.fit.target}); {@link #inline}: a nested record whose components are written
 *       directly under its parent (e.g. {@code leadpipe.scoring.fit} rather than {@code
 *       leadpipe.scoring.rules.fit}); {@link #ignore}: keys under the prefix that belong to other
 *       configuration (e.g. Streams settings).
 *   <li>An unknown key or an invalid value fails with a {@link ConfigBindingException} naming the
 *       full property and what is allowed (the known keys, or the expected type or enum values); so
 *       does a value the record's constructor rejects.
 * </ul>
 *
 * <p>Plain Java: the source is a {@code Map} of keys relative to the prefix (flat dotted keys or
 * nested maps); {@link EnvironmentProperties} reads it from a Micronaut environment.
 *
 * @param <R> the record type bound
 */
public final class RecordBinder<R extends Record> {

  private static final Pattern DURATION = Pattern.compile("^(-?\\d+)(ns|us|ms|s|m|h|d)$");
  private static final Pattern INDEX = Pattern.compile("^(.*)\\[(\\d+)]$");

  private final Class<R> type;
  private final Map<String, String> aliases = new LinkedHashMap<>();
  private final Set<String> inlined = new LinkedHashSet<>();
  private final List<String> ignored = new ArrayList<>();
  private final Map<String, Function<String, String>> keyNormalisers = new LinkedHashMap<>();
  private final Map<Class<?>, Function<String, ?>> converters = new LinkedHashMap<>();

  private RecordBinder(Class<R> type) {
    this.type = type;
  }

  public static <R extends Record> RecordBinder<R> of(Class<R> type) {
    return new RecordBinder<>(type);
  }

  /**
   * Keys starting with {@code propertyPath} (kebab-case, {@code *} for any one segment) are read as
   * if they started with {@code componentPath} (the record component path in kebab-case, {@code *}
   * taking the matched segments in order).
   */
  public RecordBinder<R> alias(String propertyPath, String componentPath) {
    aliases.put(propertyPath, componentPath);
    return this;
  }

  /** The nested record at {@code componentPath} is configured directly under its parent's keys. */
  public RecordBinder<R> inline(String componentPath) {
    inlined.add(componentPath);
    return this;
  }

  /**
   * Keys under these paths (relative to the prefix) are someone else's configuration: not bound,
   * not rejected.
   */
  public RecordBinder<R> ignore(String... propertyPaths) {
    ignored.addAll(Arrays.asList(propertyPaths));
    return this;
  }

  /**
   * String keys of the map at {@code componentPath} pass through {@code normaliser} (e.g. {@link
   * #upperSnake}).
   */
  public RecordBinder<R> mapKeys(String componentPath, Function<String, String> normaliser) {
    keyNormalisers.put(componentPath, normaliser);
    return this;
  }

  /**
   * Values of {@code target} type are parsed from their text by {@code parser} (which throws on bad
   * text).
   */
  public <T> RecordBinder<R> converter(Class<T> target, Function<String, ? extends T> parser) {
    converters.put(target, parser);
    return this;
  }

  /** The record type bound. */
  public Class<R> type() {
    return type;
  }

  /** The keys this binder excludes from the unknown-key check, as given to {@link #ignore}. */
  public List<String> ignoredPaths() {
    return List.copyOf(ignored);
  }

  /**
   * {@code defaults} with every property in {@code properties} (keys relative to {@code prefix})
   * overlaid.
   *
   * @throws ConfigBindingException for an unknown key or an invalid value, naming the full property
   */
  public R bind(String prefix, Map<String, ?> properties, R defaults) {
    return bind(prefix, properties, Map.of(), defaults);
  }

  /** As {@link #bind(String, Map, Record)}; {@code overrides} win over {@code properties}. */
  public R bind(String prefix, Map<String, ?> properties, Map<String, ?> overrides, R defaults) {
    Node root = new Node();
    for (Map<String, ?> source : List.of(properties, overrides)) {
      flatten("", source)
          .forEach(
              (key, value) -> {
                List<String> segments = segments(key);
                if (matches(ignored, segments)) {
                  return;
                }
                List<String> rewritten = rewrite(segments);
                root.put(rewritten, written(prefix, segments, rewritten), value);
              });
    }
    return type.cast(bindRecord(type, defaults, root, prefix, ""));
  }

  /**
   * The key (relative to the prefix, as {@link #bind} reads it) an environment variable's name
   * addresses, the prefix's part removed: {@code FIT_GRADE_A} → {@code fit.grade-a}. Empty when it
   * addresses no component or an ignored key. A map's key is the rest of the name, except that for
   * a map of records the trailing component name is split off ({@code
   * ENGAGEMENT_SIGNALS_ADD_TO_CART_DAILY_CAP} → {@code engagement.signals.ADD_TO_CART.daily-cap}).
   */
  public Optional<String> keyOfEnvironmentVariable(String nameWithoutPrefix) {
    String upper = nameWithoutPrefix.toUpperCase(Locale.ROOT);
    for (String path : ignored) {
      String p = envName(path);
      if (upper.equals(p) || upper.startsWith(p + "_")) {
        return Optional.empty();
      }
    }
    for (Map.Entry<String, String> alias : aliases.entrySet()) {
      if (alias.getKey().contains("*")) {
        continue;
      }
      String p = envName(alias.getKey());
      if (upper.equals(p)) {
        return Optional.of(alias.getKey());
      }
      if (upper.startsWith(p + "_")) {
        return envKey(
                componentType(alias.getValue()), upper.substring(p.length() + 1), alias.getValue())
            .map(rest -> alias.getKey() + "." + rest);
      }
    }
    return envKey(type, upper, "");
  }

  // --- environment variable names ---

  private Optional<String> envKey(Type t, String upper, String canonPath) {
    Class<?> raw = rawClass(t);
    if (raw.isRecord()) {
      for (RecordComponent c : allComponents(raw, canonPath)) {
        String name = kebab(c.getName());
        String p = envName(name);
        String childPath = childPath(ownerPath(raw, c, canonPath), name);
        if (upper.equals(p)) {
          return Optional.of(name);
        }
        if (upper.startsWith(p + "_")) {
          Optional<String> rest =
              envKey(c.getGenericType(), upper.substring(p.length() + 1), childPath);
          if (rest.isPresent()) {
            return Optional.of(name + "." + rest.get());
          }
        }
      }
      return Optional.empty();
    }
    if (Map.class.isAssignableFrom(raw) && t instanceof ParameterizedType pt) {
      Type valueType = pt.getActualTypeArguments()[1];
      Class<?> valueClass = rawClass(valueType);
      if (valueClass.isRecord()) {
        for (RecordComponent c : valueClass.getRecordComponents()) {
          String suffix = "_" + envName(kebab(c.getName()));
          if (upper.endsWith(suffix) && upper.length() > suffix.length()) {
            String key = upper.substring(0, upper.length() - suffix.length());
            return Optional.of(key + "." + kebab(c.getName()));
          }
        }
        return Optional.empty();
      }
      return Optional.of(upper);
    }
    return Optional.empty();
  }

  private Type componentType(String componentPath) {
    Type t = type;
    for (String segment : componentPath.split("\\.")) {
      Class<?> raw = rawClass(t);
      if (!raw.isRecord()) {
        return t;
      }
      Type next = null;
      for (RecordComponent c : raw.getRecordComponents()) {
        if (kebab(c.getName()).equals(segment)) {
          next = c.getGenericType();
        }
      }
      if (next == null) {
        throw new IllegalStateException("no component " + componentPath + " in " + type.getName());
      }
      t = next;
    }
    return t;
  }

  private static String envName(String path) {
    return path.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  // --- binding ---

  private Object bindRecord(
      Class<?> recordType, Object defaults, Node node, String property, String canonPath) {
    RecordComponent[] components = recordType.getRecordComponents();
    Map<String, RecordComponent> byName = new LinkedHashMap<>();
    for (RecordComponent c : components) {
      byName.put(kebab(c.getName()), c);
    }
    // Components of inlined records are written under this record's own keys.
    for (RecordComponent c : components) {
      String path = childPath(canonPath, kebab(c.getName()));
      if (inlined.contains(path)) {
        Set<String> inner = new LinkedHashSet<>();
        for (RecordComponent ic : c.getType().getRecordComponents()) {
          inner.add(kebab(ic.getName()));
        }
        for (String key : new ArrayList<>(node.children.keySet())) {
          String k = kebab(key);
          if (!byName.containsKey(k) && inner.contains(k)) {
            String written = node.names.remove(key);
            node.child(kebab(c.getName()), property).merge(key, node.children.remove(key), written);
          }
        }
      }
    }
    Map<RecordComponent, Object> configured = new LinkedHashMap<>();
    Map<RecordComponent, String> names = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : node.children.entrySet()) {
      RecordComponent c = byName.get(kebab(e.getKey()));
      if (c == null) {
        throw new ConfigBindingException(
            node.name(e.getKey(), property),
            "unknown key; allowed here: " + String.join(", ", allowedKeys(recordType, canonPath)));
      }
      if (configured.containsKey(c)) {
        throw new ConfigBindingException(
            node.name(e.getKey(), property), "set twice (under different spellings)");
      }
      configured.put(c, e.getValue());
      names.put(c, node.name(e.getKey(), property));
    }
    Object[] args = new Object[components.length];
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      Object base = defaults == null ? null : read(c, defaults);
      String name = kebab(c.getName());
      if (configured.containsKey(c)) {
        args[i] =
            bindValue(
                c.getGenericType(),
                base,
                configured.get(c),
                names.get(c),
                childPath(canonPath, name));
      } else if (defaults == null) {
        Class<?> ct = c.getType();
        if (List.class.isAssignableFrom(ct)) {
          args[i] = List.of();
        } else if (Set.class.isAssignableFrom(ct)) {
          args[i] = Set.of();
        } else if (Map.class.isAssignableFrom(ct)) {
          args[i] = Map.of();
        } else {
          missing.add(name);
        }
      } else {
        args[i] = base;
      }
    }
    if (!missing.isEmpty()) {
      throw new ConfigBindingException(
          property, "has no default to start from: set " + String.join(", ", missing));
    }
    try {
      Constructor<?> ctor =
          recordType.getDeclaredConstructor(
              Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
      ctor.setAccessible(true);
      return ctor.newInstance(args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new ConfigBindingException(
          property, "rejected by " + recordType.getSimpleName() + ": " + cause.getMessage(), cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot construct " + recordType.getName(), e);
    }
  }

  private List<String> allowedKeys(Class<?> recordType, String canonPath) {
    List<String> keys = new ArrayList<>();
    for (RecordComponent c : allComponents(recordType, canonPath)) {
      keys.add(kebab(c.getName()));
    }
    if (canonPath.isEmpty()) {
      aliases.keySet().stream()
          .map(a -> a.split("\\.")[0])
          .distinct()
          .filter(a -> !keys.contains(a))
          .forEach(keys::add);
      ignored.stream().map(a -> a + " (not a rule)").forEach(keys::add);
    }
    return keys;
  }

  /** The record's components, those of inlined components replaced by theirs. */
  private List<RecordComponent> allComponents(Class<?> recordType, String canonPath) {
    List<RecordComponent> all = new ArrayList<>();
    for (RecordComponent c : recordType.getRecordComponents()) {
      String path = childPath(canonPath, kebab(c.getName()));
      if (inlined.contains(path)) {
        all.addAll(allComponents(c.getType(), path));
      } else {
        all.add(c);
      }
    }
    return all;
  }

  /** The canonical path of the record that declares {@code c}, found under {@code canonPath}. */
  private String ownerPath(Class<?> recordType, RecordComponent c, String canonPath) {
    for (RecordComponent own : recordType.getRecordComponents()) {
      if (own.equals(c)) {
        return canonPath;
      }
      String path = childPath(canonPath, kebab(own.getName()));
      if (inlined.contains(path)) {
        String found = ownerPath(own.getType(), c, path);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private Object bindValue(
      Type t, Object base, Object configured, String property, String canonPath) {
    Class<?> raw = rawClass(t);
    if (configured instanceof Node node) {
      if (raw.isRecord()) {
        return bindRecord(raw, base, node, property, canonPath);
      }
      if (Map.class.isAssignableFrom(raw)) {
        return bindMap((ParameterizedType) t, (Map<?, ?>) base, node, property, canonPath);
      }
      if (Collection.class.isAssignableFrom(raw) && node.isIndexed()) {
        return bindCollection(t, raw, node.indexedValues(), property, canonPath);
      }
      throw new ConfigBindingException(
          property, "expected " + describe(t) + ", got nested keys " + node.children.keySet());
    }
    if (raw.isRecord() && !converters.containsKey(raw)) {
      throw new ConfigBindingException(
          property,
          "expected nested keys "
              + Arrays.stream(raw.getRecordComponents())
                  .map(c -> kebab(c.getName()))
                  .collect(Collectors.joining(", "))
              + ", got a value '"
              + configured
              + "'");
    }
    if (Map.class.isAssignableFrom(raw)) {
      throw new ConfigBindingException(
          property, "expected nested keys (a map), got a value '" + configured + "'");
    }
    if (Collection.class.isAssignableFrom(raw)) {
      List<?> items;
      if (configured instanceof Collection<?> c) {
        items = new ArrayList<>(c);
      } else {
        String text = configured.toString().trim();
        items =
            text.isEmpty() ? List.of() : Arrays.stream(text.split(",")).map(String::trim).toList();
      }
      return bindCollection(t, raw, items, property, canonPath);
    }
    return convert(raw, configured, property);
  }

  private Object bindCollection(
      Type t, Class<?> raw, List<?> items, String property, String canonPath) {
    Type element =
        t instanceof ParameterizedType pt ? pt.getActualTypeArguments()[0] : Object.class;
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      out.add(bindValue(element, null, items.get(i), property + "[" + i + "]", canonPath));
    }
    return Set.class.isAssignableFrom(raw) ? new LinkedHashSet<>(out) : out;
  }

  private Object bindMap(
      ParameterizedType t, Map<?, ?> base, Node node, String property, String canonPath) {
    Type keyType = t.getActualTypeArguments()[0];
    Type valueType = t.getActualTypeArguments()[1];
    Map<Object, Object> out = new LinkedHashMap<>();
    if (base != null) {
      out.putAll(base);
    }
    Function<String, String> normaliser =
        keyNormalisers.getOrDefault(canonPath, Function.identity());
    for (Map.Entry<String, Object> e : node.children.entrySet()) {
      String childProperty = node.name(e.getKey(), property);
      Object key =
          keyType == String.class
              ? normaliser.apply(e.getKey())
              : convert(rawClass(keyType), e.getKey(), childProperty + " (the key)");
      out.put(
          key, bindValue(valueType, out.get(key), e.getValue(), childProperty, canonPath + ".*"));
    }
    return out;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Object convert(Class<?> target, Object value, String property) {
    if (value == null) {
      if (target.isPrimitive()) {
        throw new ConfigBindingException(
            property, "expected " + describe(target) + ", got nothing");
      }
      return null;
    }
    Function<String, ?> custom = converters.get(target);
    if (custom != null) {
      try {
        return custom.apply(value.toString().trim());
      } catch (RuntimeException e) {
        throw new ConfigBindingException(
            property,
            "invalid " + target.getSimpleName() + " '" + value + "': " + e.getMessage(),
            e);
      }
    }
    if (target.isInstance(value) && !(value instanceof String && target != String.class)) {
      return value;
    }
    String text = value.toString().trim();
    try {
      if (target == String.class) {
        return value.toString();
      }
      if (target == int.class || target == Integer.class) {
        return value instanceof Number n && n.doubleValue() == n.intValue()
            ? n.intValue()
            : Integer.parseInt(text);
      }
      if (target == long.class || target == Long.class) {
        return value instanceof Number n && n.doubleValue() == n.longValue()
            ? n.longValue()
            : Long.parseLong(text);
      }
      if (target == short.class || target == Short.class) {
        return Short.parseShort(text);
      }
      if (target == double.class || target == Double.class) {
        return value instanceof Number n ? n.doubleValue() : Double.parseDouble(text);
      }
      if (target == float.class || target == Float.class) {
        return value instanceof Number n ? n.floatValue() : Float.parseFloat(text);
      }
    } catch (NumberFormatException e) {
      throw new ConfigBindingException(
          property, "expected " + describe(target) + ", got '" + value + "'");
    }
    if (target == boolean.class || target == Boolean.class) {
      if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
        return Boolean.parseBoolean(text);
      }
      throw new ConfigBindingException(property, "expected true or false, got '" + value + "'");
    }
    if (target == Duration.class) {
      return duration(text)
          .orElseThrow(
              () ->
                  new ConfigBindingException(
                      property,
                      "expected a duration such as 100ms, 30s, 15m, 1h, 7d or PT15M, got '"
                          + value
                          + "'"));
    }
    if (target == LocalTime.class) {
      try {
        return LocalTime.parse(text);
      } catch (DateTimeParseException e) {
        throw new ConfigBindingException(
            property, "expected a time of day such as 21:00, got '" + value + "'");
      }
    }
    if (target.isEnum()) {
      String name = upperSnake(text);
      for (Object constant : target.getEnumConstants()) {
        if (((Enum) constant).name().equals(name)) {
          return constant;
        }
      }
      throw new ConfigBindingException(
          property,
          "expected one of "
              + Arrays.toString(target.getEnumConstants())
              + ", got '"
              + value
              + "'");
    }
    throw new ConfigBindingException(
        property, "values of type " + target.getName() + " cannot be configured (no converter)");
  }

  /**
   * Micronaut's duration text: {@code 100ms}, {@code 30s}, {@code 15m}, {@code 1h}, {@code 7d}, or
   * ISO-8601.
   */
  static Optional<Duration> duration(String text) {
    Matcher m = DURATION.matcher(text);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return Optional.of(
          switch (m.group(2)) {
            case "ns" -> Duration.ofNanos(n);
            case "us" -> Duration.ofNanos(n * 1000);
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          });
    }
    try {
      return Optional.of(Duration.parse(text.toUpperCase(Locale.ROOT)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String describe(Type t) {
    Class<?> raw = rawClass(t);
    if (raw == int.class
        || raw == Integer.class
        || raw == long.class
        || raw == Long.class
        || raw == short.class
        || raw == Short.class) {
      return "a whole number";
    }
    if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
      return "a number";
    }
    if (raw.isEnum()) {
      return "one of " + Arrays.toString(raw.getEnumConstants());
    }
    return t.getTypeName().replaceAll("[a-z0-9_.]+\\.", "");
  }

  private static Object read(RecordComponent c, Object instance) {
    try {
      var accessor = c.getAccessor();
      accessor.setAccessible(true);
      return accessor.invoke(instance);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + c, e);
    }
  }

  private static Class<?> rawClass(Type t) {
    if (t instanceof Class<?> c) {
      return c;
    }
    if (t instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    return Object.class;
  }

  private static String childPath(String parent, String name) {
    return parent == null || parent.isEmpty() ? name : parent + "." + name;
  }

  // --- keys ---

  /** {@code gradeA}, {@code grade_a}, {@code GRADE_A} → {@code grade-a}. */
  public static String kebab(String name) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char ch = name.charAt(i);
      if (Character.isUpperCase(ch)
          && i > 0
          && (Character.isLowerCase(name.charAt(i - 1)) || Character.isDigit(name.charAt(i - 1)))) {
        b.append('-');
      }
      b.append(ch == '_' ? '-' : Character.toLowerCase(ch));
    }
    return b.toString();
  }

  /** {@code add-to-cart}, {@code addToCart} → {@code ADD_TO_CART}: map keys that name constants. */
  public static String upperSnake(String name) {
    return kebab(name.trim()).replace('-', '_').toUpperCase(Locale.ROOT);
  }

  private static List<String> segments(String key) {
    List<String> out = new ArrayList<>();
    for (String s : key.split("\\.")) {
      Matcher m = INDEX.matcher(s);
      if (m.matches()) {
        out.add(m.group(1));
        out.add("[" + m.group(2) + "]");
      } else {
        out.add(s);
      }
    }
    return out;
  }

  private static boolean matches(List<String> patterns, List<String> segments) {
    for (String pattern : patterns) {
      if (prefixMatch(pattern.split("\\."), segments) != null) {
        return true;
      }
    }
    return false;
  }

  /**
   * The segments {@code *} matched if {@code pattern} is a prefix of {@code segments}, else null.
   */
  private static List<String> prefixMatch(String[] pattern, List<String> segments) {
    if (pattern.length > segments.size()) {
      return null;
    }
    List<String> wild = new ArrayList<>();
    for (int i = 0; i < pattern.length; i++) {
      if (pattern[i].equals("*")) {
        wild.add(segments.get(i));
      } else if (!pattern[i].equals(kebab(segments.get(i)))) {
        return null;
      }
    }
    return wild;
  }

  /**
   * For each depth of {@code rewritten}, the property name as the user wrote it (the alias for an
   * alias).
   */
  private List<String> written(String prefix, List<String> original, List<String> rewritten) {
    List<String> names = new ArrayList<>();
    StringBuilder b = new StringBuilder(prefix);
    List<String> full = new ArrayList<>();
    for (String s : original) {
      b.append(s.startsWith("[") ? "" : ".").append(s);
      full.add(b.toString());
    }
    int shift = original.size() - rewritten.size();
    for (int j = 0; j < rewritten.size(); j++) {
      names.add(full.get(Math.max(0, Math.min(full.size() - 1, j + shift))));
    }
    return names;
  }

  private List<String> rewrite(List<String> segments) {
    for (Map.Entry<String, String> alias : aliases.entrySet()) {
      String[] pattern = alias.getKey().split("\\.");
      List<String> wild = prefixMatch(pattern, segments);
      if (wild != null) {
        List<String> out = new ArrayList<>();
        int w = 0;
        for (String s : alias.getValue().split("\\.")) {
          out.add(s.equals("*") ? wild.get(w++) : s);
        }
        out.addAll(segments.subList(pattern.length, segments.size()));
        return out;
      }
    }
    return segments;
  }

  /** Nested maps become dotted keys; list values stay values. */
  private static Map<String, Object> flatten(String prefix, Map<String, ?> properties) {
    Map<String, Object> flat = new TreeMap<>();
    properties.forEach(
        (k, v) -> {
          String key = prefix.isEmpty() ? k : prefix + "." + k;
          if (v instanceof Map<?, ?> m && !m.isEmpty()) {
            @SuppressWarnings("unchecked")
            Map<String, ?> nested = (Map<String, ?>) m;
            flat.putAll(flatten(key, nested));
          } else {
            flat.put(key, v instanceof Map<?, ?> ? new Node() : v);
          }
        });
    return flat;
  }

  /** The configured keys as a tree; leaves are the configured values. */
  private static final class Node {
    final Map<String, Object> children = new LinkedHashMap<>();

    /** child key → the full property name the user wrote for it. */
    final Map<String, String> names = new LinkedHashMap<>();

    void put(List<String> segments, List<String> written, Object value) {
      String property = written.get(written.size() - 1);
      Node n = this;
      for (int i = 0; i < segments.size() - 1; i++) {
        Object existing = n.children.get(segments.get(i));
        if (existing != null && !(existing instanceof Node)) {
          throw new ConfigBindingException(property, "has both a value and nested keys");
        }
        n = n.child(segments.get(i), written.get(i));
      }
      String last = segments.get(segments.size() - 1);
      Object existing = n.children.get(last);
      if (existing instanceof Node && !(value instanceof Node)) {
        throw new ConfigBindingException(property, "has both a value and nested keys");
      }
      if (!(value instanceof Node && existing instanceof Node)) {
        n.children.put(last, value);
        n.names.put(last, property);
      }
    }

    Node child(String key, String property) {
      names.putIfAbsent(key, property);
      Object c = children.computeIfAbsent(key, k -> new Node());
      return (Node) c;
    }

    String name(String key, String parentProperty) {
      return names.getOrDefault(key, parentProperty + "." + key);
    }

    void merge(String key, Object value, String property) {
      Object existing = children.get(key);
      if (existing instanceof Node mine && value instanceof Node theirs) {
        theirs.children.forEach((k, v) -> mine.merge(k, v, theirs.names.get(k)));
      } else {
        children.put(key, value);
        if (property != null) {
          names.put(key, property);
        } else {
          names.remove(key);
        }
      }
    }

    boolean isIndexed() {
      return !children.isEmpty() && children.keySet().stream().allMatch(k -> k.matches("\\[\\d+]"));
    }

    List<Object> indexedValues() {
      Map<Integer, Object> byIndex = new TreeMap<>();
      children.forEach((k, v) -> byIndex.put(Integer.parseInt(k.substring(1, k.length() - 1)), v));
      return new ArrayList<>(byIndex.values());
    }
  }
}
