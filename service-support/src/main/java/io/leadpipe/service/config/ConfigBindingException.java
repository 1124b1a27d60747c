package io.leadpipe.service.config;

/**
 * Configuration that cannot be bound: an unknown key, a value of the wrong type, or values the
 * domain record rejects. The message starts with the full property name and says what is allowed
 * there; thrown at start-up.
 */
public class ConfigBindingException extends IllegalArgumentException {

  private final String property;

  public ConfigBindingException(String property, String problem) {
    super(property + ": " + problem);
    this.property = property;
  }

  public ConfigBindingException(String property, String problem, Throwable cause) {
    super(property + ": " + problem, cause);
    this.property = property;
  }

  /** The full property name (prefix included) the problem is about. */
  public String property() {
    return property;
  }
}
