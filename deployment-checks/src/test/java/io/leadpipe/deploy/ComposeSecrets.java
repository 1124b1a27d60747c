package io.leadpipe.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The secrets docker-compose.yml needs: each is required ({@code ${VAR:?...}}, never a default),
 * and deploy/generate-secrets writes every one of them.
 */
final class ComposeSecrets {

  static final List<String> VARIABLES =
      List.of(
          "LEADPIPE_ADMIN_KEY",
          "LEADPIPE_READ_TOKEN",
          "LEADPIPE_PERSONAL_DATA_TOKEN",
          "LEADPIPE_DASHBOARD_TOKEN",
          "LEADPIPE_SURVEY_SIGNING_KEY",
          "SHOP_BROWSER_WRITE_KEY",
          "SHOP_SERVER_WRITE_KEY",
          "GRAFANA_ADMIN_PASSWORD",
          "KAFKA_UI_ADMIN_PASSWORD");

  /** Demo secrets published with leadpipe; none may appear in a deployment file. */
  static final List<String> DEMO_SECRETS =
      List.of(
          "dev-admin-key",
          "demo-write-key",
          "demo-server-write-key",
          "change-me",
          "demo-read-token",
          "demo-personal-read-token",
          "demo-survey-signing-key");

  private static final Pattern REFERENCE = Pattern.compile("\\$\\{(\\w+)(:?[-?]?)");

  private ComposeSecrets() {}

  /** Each problem: a secret with a default or not required, a demo secret, one not generated. */
  static List<String> problems(String compose, String generateScript) {
    List<String> problems = new ArrayList<>();
    Matcher m = REFERENCE.matcher(compose);
    while (m.find()) {
      if (VARIABLES.contains(m.group(1)) && !m.group(2).equals(":?")) {
        problems.add(m.group(1) + " is not required (${" + m.group(1) + ":?...})");
      }
    }
    for (String demo : DEMO_SECRETS) {
      if (compose.contains(demo)) {
        problems.add("demo secret '" + demo + "' in the compose file");
      }
    }
    for (String variable : VARIABLES) {
      if (!compose.contains("${" + variable + ":?")) {
        problems.add(variable + " is not used");
      }
      if (!generateScript.contains(variable)) {
        problems.add(variable + " is not written by deploy/generate-secrets");
      }
    }
    return problems;
  }
}
