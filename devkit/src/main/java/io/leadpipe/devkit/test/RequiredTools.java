package io.leadpipe.devkit.test;

import org.junit.jupiter.api.Assumptions;

/**
 * Tests that drive an external tool (headless Chromium, Confluent's Python client) must not pass
 * silently where the tool is missing: {@code bin/run-tests} (and CI) installs the tools and sets
 * {@value #STRICT_PROPERTY}=true, so a missing tool fails the run. A plain {@code mvn verify} on a
 * machine without them skips those tests with the reason.
 */
public final class RequiredTools {

  public static final String STRICT_PROPERTY = "leadpipe.tests.require-tools";

  private RequiredTools() {}

  public static void require(boolean present, String what) {
    if (present) {
      return;
    }
    String message = what + " is not installed (bin/install-prerequisites installs it)";
    if (Boolean.getBoolean(STRICT_PROPERTY)) {
      throw new AssertionError(message + "; required because -D" + STRICT_PROPERTY + "=true");
    }
    Assumptions.abort(message);
  }
}
