package io.leadpipe.dashboard.admin;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the dashboard edits, where, and the id field the admin API names it by. Ids follow both
 * admin APIs' rule; anything else never reaches a URL.
 */
public enum AdminResource {
  SEGMENTS("/admin/segments", "segmentId"),
  STRATEGIES("/admin/strategies", "strategyId");

  /** The id rule of {@code /admin/segments} and {@code /admin/strategies}. */
  static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  private final String path;
  private final String idField;

  AdminResource(String path, String idField) {
    this.path = path;
    this.idField = idField;
  }

  public String path() {
    return path;
  }

  public String path(String id) {
    return path + "/" + id;
  }

  public String idField() {
    return idField;
  }

  /** The name in the dashboard's paths: {@code segments}, {@code strategies}. */
  public String parameter() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static boolean validId(String id) {
    return id != null && ID.matcher(id).matches();
  }
}
