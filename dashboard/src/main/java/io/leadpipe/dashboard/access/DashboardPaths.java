package io.leadpipe.dashboard.access;

/** The dashboard's paths, and which of them need no login. */
public final class DashboardPaths {
  public static final String ROOT = "/dashboard";
  public static final String LOGIN = ROOT + "/login";
  public static final String LOGOUT = ROOT + "/logout";
  public static final String ASSETS = ROOT + "/assets";
  public static final String API = ROOT + "/api";

  private DashboardPaths() {}

  /**
   * The login page and the static assets (the page's code and styles, no data) are open to
   * everyone.
   */
  static boolean open(String path) {
    return path.equals(LOGIN) || asset(path);
  }

  static boolean asset(String path) {
    return path.startsWith(ASSETS + "/");
  }

  static boolean api(String path) {
    return path.startsWith(API + "/");
  }
}
